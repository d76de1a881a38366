package dev.textback.spi;

import dev.textback.message.PermanentFailureReason;
import dev.textback.phone.PhoneNumber;
import java.time.Instant;
import java.util.Objects;

/**
 * A number a carrier said cannot receive texts (landline, invalid, blocked); later missed calls from it are
 * skipped instead of failing again.
 */
public record UnreachableNumber(PhoneNumber number, PermanentFailureReason reason, String carrierCode, Instant at) {
  public UnreachableNumber {
    Objects.requireNonNull(number, "number == null");
    Objects.requireNonNull(reason, "reason == null");
    Objects.requireNonNull(at, "at == null");
  }
}
