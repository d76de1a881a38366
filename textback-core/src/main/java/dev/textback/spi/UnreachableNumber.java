package dev.textback.spi;

import dev.textback.message.PermanentFailureReason;
import dev.textback.phone.PhoneNumber;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A number a carrier said cannot receive texts (landline, invalid, blocked); later missed calls from it are
 * skipped instead of failing again.
 *
 * @param number the number
 * @param reason what the carrier's answer meant
 * @param carrierCode where it came from, e.g. {@code twilio:30006}, or null when unknown
 * @param at when it was reported
 */
public record UnreachableNumber(PhoneNumber number, PermanentFailureReason reason, @Nullable String carrierCode,
    Instant at) {
  public UnreachableNumber {
    Objects.requireNonNull(number, "number == null");
    Objects.requireNonNull(reason, "reason == null");
    Objects.requireNonNull(at, "at == null");
  }
}
