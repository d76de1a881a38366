package dev.textback.internal;

import dev.textback.business.BusinessProfile;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.spi.Escalation;
import dev.textback.spi.EscalationNotifier;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.ReplyRouter;
import dev.textback.spi.RoutedReply;
import dev.textback.spi.RoutingException;
import dev.textback.spi.StoreUnavailableException;
import io.github.resilience4j.core.functions.Either;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Hands routing work from the outbox to the reply router ({@link OutboxKind#ROUTE_REPLY}) and the escalation
 * notifier ({@link OutboxKind#NOTIFY_ESCALATION}) with the guarantees texts have: each entry is claimed with a
 * lease, handed over on the routing executor (apart from sends, so a slow CRM never delays a text), and completed
 * while the lease is held. A failure is rescheduled with the engine's backoff, unless the router threw a permanent
 * {@link RoutingException}; an entry whose claim lapsed unfinished (its engine stopped) is taken over by the next
 * claimant. Every later attempt is flagged as a possible duplicate and says so to the router.
 *
 * <p>It never claims more than it can start at once ({@code concurrency} slots), so no claim waits in a queue while
 * its lease runs out. Thread-safe.
 */
public final class RoutingDispatcher {
  private static final Logger log = LoggerFactory.getLogger(RoutingDispatcher.class);
  /** How long routing work waits after the store failed the reads before its hand-over. */
  private static final Duration STORE_OUTAGE_PAUSE = Duration.ofSeconds(5);

  private final EngineContext ctx;
  private final Set<OutboxKind> kinds;
  private final Semaphore slots;
  /** Results of claims, and those kept through a store outage until the store is back. */
  private final KeptResults kept;
  private final ReentrantLock pumping = new ReentrantLock();
  private final Object idle = new Object();
  private int inFlight;
  /**
   * Kicks handed to the routing executor and not yet run, guarded by {@link #idle}: a kick claims and starts more
   * work, so the engine is idle only when no route runs and no kick waits.
   */
  private int kicks;
  /** Routes started so far, guarded by {@link #idle}: a flush goes round again while any were started. */
  private long started;
  private boolean rerun;
  private volatile boolean saturated;
  private volatile boolean closed;

  /** @param concurrency how many routing entries run at once at most */
  public RoutingDispatcher(EngineContext ctx, int concurrency) {
    this.ctx = ctx;
    Set<OutboxKind> handled = EnumSet.noneOf(OutboxKind.class);
    // An engine claims only the work it can do: without a router, replies wait for an engine that has one.
    if (ctx.router() != null) handled.add(OutboxKind.ROUTE_REPLY);
    if (ctx.notifier() != null) handled.add(OutboxKind.NOTIFY_ESCALATION);
    this.kinds = Set.copyOf(handled);
    this.slots = new Semaphore(concurrency);
    this.kept = new KeptResults(ctx);
  }

  /** Asks for due routing work to be started soon, on the routing executor; never blocks the caller. */
  public void kick() {
    if (kinds.isEmpty() || closed) return;
    synchronized (idle) {
      kicks++;
    }
    try {
      ctx.routing().execute(() -> {
        try {
          pumpQuietly();
        } finally {
          kickEnded();
        }
      });
    } catch (RejectedExecutionException e) {
      kickEnded();
      log.debug("routing executor refused a pass (engine closing?); the next dispatcher pass starts the work");
    } catch (RuntimeException e) {
      // The caller (a webhook whose reply is stored already) must not fail for it, nor close wait for this kick.
      kickEnded();
      log.warn("routing executor failed to take a pass; the next dispatcher pass starts the work", e);
    }
  }

  private void kickEnded() {
    synchronized (idle) {
      kicks--;
      idle.notifyAll();
    }
  }

  /** Stops starting routing work; what is running finishes. */
  public void close() {
    closed = true;
  }

  private void pumpQuietly() {
    try {
      pump();
    } catch (RuntimeException e) {
      log.warn("routing pass failed; the dispatcher tries again on its next pass", e);
    } catch (Error e) {
      // Logged here, where the executor would only print it to standard error as its thread dies.
      log.error("routing pass failed; the dispatcher tries again on its next pass", e);
    }
  }

  /**
   * Claims due routing work as far as free slots allow and starts it on the routing executor, without waiting for
   * it. A pass already under way on another thread is waited for first.
   *
   * @return how many entries were started
   */
  public int pump() {
    if (kinds.isEmpty() || closed) return 0;
    if (pumping.isHeldByCurrentThread()) {
      // A route that ran inline (a direct executor) finished and asks for more: the pass under way goes round again.
      rerun = true;
      return 0;
    }
    pumping.lock();
    try {
      int started = 0;
      do {
        rerun = false;
        started += claimAndStart();
      } while (rerun && !closed);
      return started;
    } finally {
      pumping.unlock();
    }
  }

  /** Routes started so far by this engine, by any pass or kick. */
  public long startedSoFar() {
    synchronized (idle) {
      return started;
    }
  }

  /**
   * Waits until no routing work started by this engine is running and no kick waits to start more, or {@code max}
   * has passed.
   *
   * @return false when work was still running at the deadline
   */
  public boolean awaitIdle(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (idle) {
      while (inFlight > 0 || kicks > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
    }
    return true;
  }

  /**
   * Stores the results kept through a store outage, within {@code max}; each pass starts with it, and the engine's
   * close calls it once more.
   *
   * @return how many results still wait for the store
   */
  public int writeBackKept(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    // Not beside a pass under way, whose claims may replace kept results.
    if (!pumping.tryLock(max.toNanos(), TimeUnit.NANOSECONDS)) return kept.writeBack(Duration.ZERO);
    try {
      return kept.writeBack(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    } finally {
      pumping.unlock();
    }
  }

  private int claimAndStart() {
    int started = 0;
    kept.writeBack(Duration.ofDays(1));
    while (!closed) {
      int free = slots.drainPermits();
      if (free == 0) {
        saturated = true;
        return started;
      }
      List<OutboxEntry> claimed;
      try {
        claimed = ctx.store().claimDueRouting(ctx.instanceId(), ctx.clock().instant(), ctx.lease(), free, kinds);
      } catch (RuntimeException | Error e) {
        // Also for an Error (a broken driver, a full stack): slots kept here would stop routing for good.
        slots.release(free);
        throw e;
      }
      kept.replacedBy(claimed);
      claimed = ClaimContract.withoutRepeats(claimed, log, "routing tasks");
      List<OutboxEntry> beyond = ClaimContract.beyond(claimed, free, log, "routing tasks");
      claimed = claimed.subList(0, claimed.size() - beyond.size());
      slots.release(free - claimed.size());
      try {
        for (int i = 0; i < claimed.size(); i++) {
          boolean handedOver;
          try {
            handedOver = start(claimed.get(i));
          } catch (RuntimeException | Error e) {
            // The executor broke rather than refused: the work not handed to it yet is given back with its slots.
            giveBackWithSlots(claimed.subList(i + 1, claimed.size()));
            throw e;
          }
          if (!handedOver) {
            // Claiming again at once would be refused again, in a loop that never lets the dispatcher's thread get
            // back to sending texts: the rest is given back, and a later pass or kick tries again.
            log.warn("routing executor refused {} claimed tasks; releasing their claims", claimed.size() - i);
            giveBackWithSlots(claimed.subList(i + 1, claimed.size()));
            return started + i;
          }
        }
      } finally {
        // Work beyond the claim's limit (a store that breaks the claimDueRouting contract) is given back at once
        // rather than held for the lease. It holds no slot, and goes last so a failure here keeps none.
        for (OutboxEntry notClaimed : beyond) giveBack(notClaimed);
      }
      started += claimed.size();
      if (claimed.size() < free) return started;
      saturated = true;
    }
    return started;
  }

  /**
   * Runs one claimed entry on the routing executor; its slot is already taken.
   *
   * @return false when the executor refused it (its claim and slot are given back)
   */
  private boolean start(OutboxEntry entry) {
    synchronized (idle) {
      inFlight++;
    }
    try {
      ctx.routing().execute(() -> {
        try {
          process(entry);
        } catch (RuntimeException e) {
          log.error("routing task for {} failed unexpectedly; it stays pending until its claim lapses", entry.id(), e);
        } finally {
          finished();
        }
      });
      // Counted once handed over, not before: a flush goes round again while routes were started, and one refused
      // by the executor, counted, would send it round again for as long as the executor refuses.
      synchronized (idle) {
        started++;
      }
      return true;
    } catch (RejectedExecutionException e) {
      finished();
      // Nothing was attempted: give the claim back rather than let it lapse into a false duplicate flag.
      giveBack(entry);
      return false;
    } catch (RuntimeException | Error e) {
      finished();
      giveBack(entry);
      throw e;
    }
  }

  private void giveBackWithSlots(List<OutboxEntry> notStarted) {
    for (OutboxEntry entry : notStarted) {
      slots.release();
      giveBack(entry);
    }
  }

  private void giveBack(OutboxEntry notAttempted) {
    try {
      release(notAttempted);
    } catch (RuntimeException release) {
      log.debug("could not release the claim on {}; it lapses after the lease", notAttempted.id(), release);
    }
  }

  private void finished() {
    slots.release();
    if (saturated && !closed) {
      // The last claim filled every slot, so more work may be due: look again now that a slot is free. Counted before
      // this route stops counting, so a flush waiting for idle never sees neither.
      saturated = false;
      kick();
    }
    synchronized (idle) {
      inFlight--;
      idle.notifyAll();
    }
  }

  private void process(OutboxEntry entry) {
    if (entry.conversationId() != null) MDC.put("conversationId", entry.conversationId());
    try {
      if (entry.leaseUntil() != null && !ctx.clock().instant().isBefore(entry.leaseUntil())) {
        log.warn("{} {}: claim expired before it could start; releasing it", entry.kind(), entry.id());
        release(entry);
        return;
      }
      RepeatWarnings.beforeRouting(entry).ifPresent(log::warn);
      if (entry.kind() == OutboxKind.ROUTE_REPLY) {
        routeReply(entry);
      } else if (entry.kind() == OutboxKind.NOTIFY_ESCALATION) {
        notifyEscalation(entry);
      } else {
        log.error("entry {} of kind {} is not routing work; releasing it", entry.id(), entry.kind());
        release(entry);
      }
    } catch (StoreUnavailableException e) {
      // Thrown by the reads before the hand-over (a failed hand-over or a result that cannot be stored is handled
      // where it happens): nothing was handed over, so the claim is given back, due a little later so that a store
      // that fails reads but takes writes is not asked again in a tight loop.
      log.warn("{} {}: store unavailable before the hand-over; trying again in {}", entry.kind(), entry.id(),
          STORE_OUTAGE_PAUSE);
      kept.complete(entry, entry.deferredTo(ctx.clock().instant().plus(STORE_OUTAGE_PAUSE),
          "store unavailable before the hand-over"), () -> {});
    } finally {
      MDC.remove("conversationId");
    }
  }

  private void routeReply(OutboxEntry entry) {
    ReplyRouter router = ctx.router();
    Optional<Conversation> conversation = conversation(entry);
    Optional<ConversationMessage> message = conversation.flatMap(c -> message(c.id(), entry.conversationMessageId()));
    if (router == null || conversation.isEmpty() || message.isEmpty()) {
      drop(entry, router == null ? "no reply router in this engine" : "its conversation or message is gone");
      return;
    }
    Optional<BusinessProfile> business = business(entry);
    if (business.isEmpty()) return;
    RoutedReply reply = new RoutedReply(business.get(), conversation.get(), message.get(),
        new RoutingQueue(ctx, entry, conversation.get()), entry.possibleDuplicate());
    try {
      router.route(reply);
    } catch (Exception e) {
      failed(entry, e);
      ctx.listeners().fire(l -> l.onRoutingFailed(conversation.get(), e));
      return;
    }
    routed(entry);
  }

  private void notifyEscalation(OutboxEntry entry) {
    EscalationNotifier notifier = ctx.notifier();
    Optional<Conversation> found = conversation(entry);
    if (notifier == null || found.isEmpty()) {
      drop(entry, notifier == null ? "no escalation notifier in this engine" : "its conversation is gone");
      return;
    }
    Conversation c = found.get();
    Instant escalatedAt = entry.createdAt();
    if (!c.needsReply() || c.awaitingSince() == null || c.awaitingSince().isAfter(escalatedAt)) {
      // The business answered before the escalation could be handed over: telling anyone now would be wrong.
      drop(entry, "answered before the escalation went out");
      return;
    }
    Optional<BusinessProfile> business = business(entry);
    if (business.isEmpty()) return;
    String lastReply = message(c.id(), entry.conversationMessageId()).map(ConversationMessage::body).orElse("");
    Escalation escalation = new Escalation(business.get(), c, Duration.between(c.awaitingSince(), escalatedAt),
        lastReply, new RoutingQueue(ctx, entry, c), entry.id(), entry.possibleDuplicate());
    try {
      notifier.escalate(escalation);
    } catch (Exception e) {
      failed(entry, e);
      return;
    }
    routed(entry);
  }

  private Optional<Conversation> conversation(OutboxEntry entry) {
    return entry.conversationId() == null ? Optional.empty() : ctx.store().conversation(entry.conversationId());
  }

  private Optional<ConversationMessage> message(String conversationId, @Nullable String messageId) {
    if (messageId == null) return Optional.empty();
    return ctx.store().messages(conversationId).stream().filter(m -> m.id().equals(messageId)).findFirst();
  }

  /** The entry's business, or empty after keeping the entry for an engine that has it configured. */
  private Optional<BusinessProfile> business(OutboxEntry entry) {
    Optional<BusinessProfile> business = ctx.businesses().byId(entry.businessId());
    if (business.isEmpty()) {
      log.error("{} {}: business {} is not configured in this engine; it stays pending", entry.kind(), entry.id(),
          entry.businessId());
      record(entry, entry.retryAt(ctx.clock().instant().plus(ctx.retryLater()), "business not configured here",
          false, true));
    }
    return business;
  }

  private void routed(OutboxEntry entry) {
    OutboxEntry done = entry.routed(ctx.clock().instant());
    if (record(entry, done)) {
      log.debug("{} {} handed over", entry.kind(), entry.id());
    }
  }

  private void drop(OutboxEntry entry, String why) {
    if (record(entry, entry.finish(OutboxStatus.CANCELED, why, false))) {
      log.info("{} {} dropped: {}", entry.kind(), entry.id(), why);
    }
  }

  /**
   * Reschedules a failed hand-over with the engine's backoff (a new burst after {@code retryLater} once a burst
   * runs out), or ends it for a permanent {@link RoutingException}. A failed attempt may have done part of its work
   * (a composite router whose first target accepted), so the next one is flagged as a possible duplicate.
   */
  private void failed(OutboxEntry entry, Exception e) {
    if (e instanceof InterruptedException) Thread.currentThread().interrupt();
    Instant now = ctx.clock().instant();
    String error = describe(e);
    if (e instanceof RoutingException r && r.permanent()) {
      record(entry, entry.finish(OutboxStatus.FAILED, error, true));
      log.warn("{} {} refused for good: {}", entry.kind(), entry.id(), error);
      return;
    }
    int attempt = entry.attempts() + 1;
    boolean inBurst = attempt < ctx.retry().getMaxAttempts();
    Duration wait = inBurst
        ? Duration.ofMillis(ctx.retry().getIntervalBiFunction().apply(attempt, Either.left(e)))
        : ctx.retryLater();
    OutboxEntry next = entry.retryAt(now.plus(wait), error, true, !inBurst);
    record(entry, next);
    log.warn("{} {} failed ({}); retry at {}, flagged as a possible duplicate", entry.kind(), entry.id(), error,
        next.dueAt());
    log.debug("{} {} failure", entry.kind(), entry.id(), e);
  }

  /** A routing exception's own message; only the type of anything else, whose message may hold a number or text. */
  private static String describe(Exception e) {
    if (e instanceof RoutingException) return String.valueOf(e.getMessage());
    return e.getClass().getName();
  }

  /** Gives back a claim on which nothing was attempted (through a store outage, once the store is back). */
  private void release(OutboxEntry entry) {
    kept.complete(entry, entry, () -> {});
  }

  /**
   * Records a result while the claim is held. A lost write would leave the claim to lapse and the work to be done
   * again, so a store hiccup is retried a few times first, and a result the store cannot take during an outage is
   * kept and stored once it is back ({@link KeptResults}).
   *
   * @return true when stored now
   */
  private boolean record(OutboxEntry claimed, OutboxEntry updated) {
    for (int attempt = 1; ; attempt++) {
      try {
        KeptResults.Outcome outcome = kept.complete(claimed, updated, () -> {});
        if (outcome == KeptResults.Outcome.LEASE_LOST) {
          log.warn("{} {}: its claim lapsed and the entry was claimed again before the result was recorded; it may be "
              + "handed over again",
              updated.kind(), updated.id());
        }
        return outcome == KeptResults.Outcome.STORED;
      } catch (RuntimeException e) {
        if (attempt >= 3) {
          log.error("{} {}: result could not be recorded; it is handed over again once its claim lapses",
              updated.kind(), updated.id(), e);
          return false;
        }
        try {
          Thread.sleep(200L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }

  @Override
  public String toString() {
    return "RoutingDispatcher[" + ctx.instanceId() + " " + kinds + "]";
  }
}
