package dev.textback.spi;

import dev.textback.message.PermanentFailureReason;
import java.util.Objects;

/** A send the carrier refused for good. Core does not retry it and feeds the reason back into policy. */
public class PermanentSendException extends SendException {
  private final PermanentFailureReason reason;

  public PermanentSendException(String message, Throwable cause, String carrier, int httpStatus,
      String carrierCode, String requestId, PermanentFailureReason reason) {
    super(message, cause, carrier, httpStatus, carrierCode, requestId);
    this.reason = Objects.requireNonNull(reason, "reason == null");
  }

  public PermanentFailureReason reason() {
    return reason;
  }

  @Override
  public String getMessage() {
    return super.getMessage() + "; reason: " + reason;
  }
}
