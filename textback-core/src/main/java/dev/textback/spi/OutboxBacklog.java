package dev.textback.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How much work waits in the outbox at one instant, as a store counts it: for metrics and health checks. Texts
 * and routing work both count, as both are promises the engine has yet to keep.
 *
 * @param pending entries still {@link OutboxStatus#PENDING}, due or not
 * @param due pending entries whose due time has come (at or before the instant asked about)
 * @param oldestDueAt the due time of the longest-waiting due entry, or null when nothing is due
 */
public record OutboxBacklog(long pending, long due, @Nullable Instant oldestDueAt) {
  /** An empty outbox. */
  public static final OutboxBacklog EMPTY = new OutboxBacklog(0, 0, null);

  public OutboxBacklog {
    if (pending < 0 || due < 0 || due > pending) {
      throw new IllegalArgumentException("need 0 <= due <= pending, was due=" + due + ", pending=" + pending);
    }
    if ((due == 0) != (oldestDueAt == null)) {
      throw new IllegalArgumentException("oldestDueAt is set exactly when something is due");
    }
  }

  /** The due time of the longest-waiting due entry; empty when nothing is due. */
  public Optional<Instant> oldestDue() {
    return Optional.ofNullable(oldestDueAt);
  }

  /** How long the longest-waiting due entry has waited at {@code now}; zero when nothing is due. */
  public Duration oldestDueAge(Instant now) {
    if (oldestDueAt == null || !oldestDueAt.isBefore(now)) return Duration.ZERO;
    return Duration.between(oldestDueAt, now);
  }
}
