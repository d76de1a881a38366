package dev.textback.twilio;

import dev.textback.test.RecordingCarrierContext;

/** The kit's recording engine, for the Twilio carrier. */
final class FakeEngine extends RecordingCarrierContext {
  FakeEngine() {
    super(TwilioCarrier.ID);
  }

  @Override
  public FakeEngine forwarding(String dialled, String phone) {
    super.forwarding(dialled, phone);
    return this;
  }
}
