package dev.textback.policy;

import dev.textback.phone.PhoneNumber;
import java.time.Instant;
import java.util.Objects;

/**
 * One cooldown episode: the missed calls from one caller to one business that share a single text-back.
 *
 * @param businessId the business
 * @param caller the caller
 * @param firstCallId carrier call id of the call that opened the episode (the one that was texted)
 * @param startedAt when the first call happened
 * @param lastCallAt when the latest call happened
 * @param expiresAt after this instant a new missed call opens a new episode
 * @param calls number of missed calls in the episode
 */
public record Episode(String businessId, PhoneNumber caller, String firstCallId, Instant startedAt,
    Instant lastCallAt, Instant expiresAt, int calls) {
  public Episode {
    Objects.requireNonNull(businessId, "businessId == null");
    Objects.requireNonNull(caller, "caller == null");
    Objects.requireNonNull(firstCallId, "firstCallId == null");
    Objects.requireNonNull(startedAt, "startedAt == null");
    Objects.requireNonNull(lastCallAt, "lastCallAt == null");
    Objects.requireNonNull(expiresAt, "expiresAt == null");
    if (calls < 1) throw new IllegalArgumentException("calls < 1");
  }

  public boolean isActiveAt(Instant at) {
    return at.isBefore(expiresAt);
  }

  /** This episode ending at {@code end} instead. */
  public Episode withExpiresAt(Instant end) {
    return new Episode(businessId, caller, firstCallId, startedAt, lastCallAt, end, calls);
  }
}
