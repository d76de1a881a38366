package dev.textback.spi;

import dev.textback.phone.PhoneNumber;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the opt-out ledger.
 *
 * @param scopeKey how far it reaches, see {@link dev.textback.policy.OptOutScope#key}
 * @param caller the number that opted out
 * @param at when
 * @param source what caused it: the keyword or phrase, or {@code carrier:21610} for a carrier report
 */
public record OptOutRecord(String scopeKey, PhoneNumber caller, Instant at, String source) {
  public OptOutRecord {
    Objects.requireNonNull(scopeKey, "scopeKey == null");
    Objects.requireNonNull(caller, "caller == null");
    Objects.requireNonNull(at, "at == null");
    Objects.requireNonNull(source, "source == null");
  }
}
