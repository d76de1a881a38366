package dev.textback.spi;

import dev.textback.message.PermanentFailureReason;
import java.util.Objects;

/**
 * A send the carrier refused for good. Core does not retry it and feeds the reason back into policy. Built
 * with {@link SendException#builder}.
 */
public class PermanentSendException extends SendException {
  private final PermanentFailureReason reason;

  PermanentSendException(Builder b, PermanentFailureReason reason) {
    super(b);
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
