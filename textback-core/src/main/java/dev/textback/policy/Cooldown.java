package dev.textback.policy;

import dev.textback.phone.PhoneNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Pure cooldown logic: missed calls from one caller to one business within a window (default 24 h, from
 * the first call) join one episode and share one text-back. When that text-back goes out more than a minute after
 * its call (held for quiet hours, a send delay, retries), the engine extends the episode to a window from when it went
 * out, so the next text-back is not sooner than a window after it.
 */
public final class Cooldown {
  private Cooldown() {}

  /** The outcome of one call against the current episode. */
  public record Update(Episode episode, boolean newEpisode) {}

  /**
   * @param current the stored episode for (business, caller), or null
   * @param window the cooldown length
   * @return a new episode when there is none or it has expired at {@code at}; otherwise the current one with
   *     the call counted
   */
  public static Update onMissedCall(@Nullable Episode current, String businessId, PhoneNumber caller, String callId,
      Instant at, Duration window) {
    Objects.requireNonNull(at, "at == null");
    if (current == null || !current.isActiveAt(at)) {
      return new Update(new Episode(businessId, caller, callId, at, at, at.plus(window), 1), true);
    }
    Instant last = at.isAfter(current.lastCallAt()) ? at : current.lastCallAt();
    return new Update(new Episode(current.businessId(), current.caller(), current.firstCallId(),
        current.startedAt(), last, current.expiresAt(), current.calls() + 1), false);
  }
}
