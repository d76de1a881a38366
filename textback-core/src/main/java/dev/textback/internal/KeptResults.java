package dev.textback.internal;

import dev.textback.spi.OutboxEntry;
import dev.textback.spi.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Stores the results of an engine's claims ({@code completeClaim}), and keeps those the store cannot take during an
 * outage to store them once it is back. Without this, a claim whose result could not be stored (a claim given
 * back, a retry rescheduled, work handed over) would hold its entry for the rest of the lease, and the entry would
 * then be taken over flagged as a possible duplicate although nothing, or only a refused attempt, had happened.
 *
 * <p>Results are stored under the claim they were made in ({@code completeClaim(claimed, updated)}): a kept result
 * is stored as long as the entry is still under that claim, even past the lease when no one claimed it since; once
 * it was claimed again (by another engine, or by this one after the lease lapsed), the result is dropped and the
 * new claim's work decides. A write that failed with the store unavailable may have been committed all the same
 * (only its answer was lost): such a result is recognised as stored. A new claim of the entry by this engine also
 * drops its kept result at once. Thread-safe.
 */
final class KeptResults {
  private static final Logger log = LoggerFactory.getLogger(KeptResults.class);

  /** What became of a result handed to {@link #complete}. */
  enum Outcome {
    STORED,
    /** The store is unavailable: kept, and stored by a later {@link #writeBack}. */
    KEPT,
    /** The entry was claimed again since (by another engine, or by this one after the lease lapsed); dropped. */
    LEASE_LOST
  }

  /** A result waiting for the store, the claim it was made under, and what follows once it is stored. */
  private record Kept(OutboxEntry claimed, OutboxEntry updated, Runnable onStored) {
    @Nullable Instant leaseUntil() {
      return claimed.leaseUntil();
    }
  }

  private final EngineContext ctx;
  private final Map<String, Kept> kept = new ConcurrentHashMap<>();

  KeptResults(EngineContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Stores the result of work on {@code claimed} and then runs {@code onStored}; when the store is unavailable,
   * keeps both for {@link #writeBack}. Other failures are thrown.
   */
  Outcome complete(OutboxEntry claimed, OutboxEntry updated, Runnable onStored) {
    boolean stored;
    try {
      stored = ctx.store().completeClaim(claimed, updated);
    } catch (StoreUnavailableException e) {
      kept.put(updated.id(), new Kept(claimed, updated, onStored));
      log.warn("{} {}: store unavailable ({}); its result is kept and stored once the store is back", updated.kind(),
          updated.id(), e.getMessage());
      return Outcome.KEPT;
    }
    if (!stored) return Outcome.LEASE_LOST;
    runFollowUp(updated, onStored);
    return Outcome.STORED;
  }

  /** This engine has claimed these entries again: their kept results are out of date. */
  void replacedBy(List<OutboxEntry> claimed) {
    if (kept.isEmpty()) return;
    for (OutboxEntry c : claimed) kept.remove(c.id());
  }

  /**
   * Stores the kept results, soonest-lapsing claim first; stops at the first that meets the store still
   * unavailable, or at {@code max}.
   *
   * @return how many results are still kept
   */
  int writeBack(Duration max) {
    if (kept.isEmpty()) return 0;
    long deadline = System.nanoTime() + Math.min(max.toNanos(), TimeUnit.DAYS.toNanos(1));
    List<Kept> waiting = new ArrayList<>(kept.values());
    waiting.sort(Comparator.comparing(Kept::leaseUntil, Comparator.nullsLast(Comparator.naturalOrder())));
    for (Kept k : waiting) {
      if (System.nanoTime() - deadline >= 0) break;
      putMdc(k.updated());
      try {
        if (!writeBack(k)) break;
      } finally {
        clearMdc();
      }
    }
    return kept.size();
  }

  /** Stores one kept result; false when the store is still unavailable. */
  private boolean writeBack(Kept k) {
    OutboxEntry updated = k.updated();
    boolean stored;
    try {
      stored = ctx.store().completeClaim(k.claimed(), updated) || storedEarlier(updated);
    } catch (StoreUnavailableException e) {
      return false;
    } catch (RuntimeException e) {
      kept.remove(updated.id(), k);
      log.error("{} {}: storing its result failed; it is claimed again once its claim lapses", updated.kind(),
          updated.id(), e);
      return true;
    }
    kept.remove(updated.id(), k);
    if (!stored) {
      log.warn("{} {}: claimed again before its result could be stored; the result is dropped",
          updated.kind(), updated.id());
      return true;
    }
    log.info("{} {}: result stored now that the store is back", updated.kind(), updated.id());
    runFollowUp(updated, k.onStored());
    return true;
  }

  /**
   * Whether the store already holds {@code updated}: the write whose answer was lost had been committed. The due
   * times are compared to the microsecond, as the JDBC stores keep them; the clock's may have nanoseconds.
   */
  private boolean storedEarlier(OutboxEntry updated) {
    return ctx.store().outboxEntry(updated.id())
        .filter(now -> now.leaseOwner() == null && now.status() == updated.status()
            && now.attempts() == updated.attempts()
            && now.dueAt().truncatedTo(ChronoUnit.MICROS).equals(updated.dueAt().truncatedTo(ChronoUnit.MICROS)))
        .isPresent();
  }

  private static void runFollowUp(OutboxEntry updated, Runnable onStored) {
    try {
      onStored.run();
    } catch (RuntimeException e) {
      log.error("{} {}: its result is stored, but what follows it failed", updated.kind(), updated.id(), e);
    }
  }

  /** Puts the entry's carrier, conversation and call in the logging context. */
  static void putMdc(OutboxEntry entry) {
    MDC.put("carrier", entry.carrier());
    if (entry.conversationId() != null) MDC.put("conversationId", entry.conversationId());
    if (entry.callId() != null) MDC.put("callId", entry.callId());
  }

  static void clearMdc() {
    MDC.remove("carrier");
    MDC.remove("conversationId");
    MDC.remove("callId");
  }
}
