package dev.textback.plivo;

import dev.textback.test.RecordingCarrierContext;

/** The kit's recording engine, for the Plivo carrier. */
final class FakeEngine extends RecordingCarrierContext {
  FakeEngine() {
    super(PlivoCarrier.ID);
  }

  @Override
  public FakeEngine forwarding(String dialled, String phone) {
    super.forwarding(dialled, phone);
    return this;
  }
}
