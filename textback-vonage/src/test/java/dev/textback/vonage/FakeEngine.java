package dev.textback.vonage;

import dev.textback.test.RecordingCarrierContext;

/** The kit's recording engine, for the Vonage carrier. */
final class FakeEngine extends RecordingCarrierContext {
  FakeEngine() {
    super(VonageCarrier.ID);
  }

  @Override
  public FakeEngine forwarding(String dialled, String phone) {
    super.forwarding(dialled, phone);
    return this;
  }
}
