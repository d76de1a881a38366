package dev.textback.internal;

import dev.textback.business.BusinessProfile;
import dev.textback.message.DeliveryReceipt;
import dev.textback.policy.QuietHoursCheck;
import dev.textback.policy.QuietHoursMode;
import dev.textback.policy.QuietHoursPolicy;
import dev.textback.spi.ClaimScope;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.PermanentSendException;
import dev.textback.phone.CarrierId;
import dev.textback.spi.RetriableSendException;
import dev.textback.spi.SendException;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import dev.textback.spi.SmsGateway;
import dev.textback.spi.StoreUnavailableException;
import io.github.resilience4j.core.functions.Either;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only sender. Claims due outbox entries with a lease, sends each through its carrier's gateway on the
 * engine's executor, and records the result while it still holds the lease. Transient failures are
 * rescheduled on the outbox (by the engine's clock, never slept): exponential backoff with jitter from the
 * resilience4j {@code RetryConfig}, at least the carrier's Retry-After, and once a burst of attempts runs out
 * the entry waits {@code retryLater} and starts a new burst: a carrier outage delays a text, never drops it. A
 * result the store cannot take during a store outage is kept and stored by a later pass while its claim holds.
 * Up to {@code sendConcurrency} sends are in flight at once, continuously: a claim is made only for a free slot
 * and each finished send frees its slot for the next due text, so one slow send never holds back the others (no
 * claim waits in a queue while its lease runs out). Each pass also escalates due conversations and starts due
 * routing work ({@link RoutingDispatcher}), which runs on the routing executor and is not waited for, so a slow CRM
 * never holds up sends.
 */
public final class Dispatcher {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final Duration HOUSEKEEPING_EVERY = Duration.ofHours(1);
  /** How long a send waits for the store before it starts, and at most half the lease. */
  private static final Duration PRE_SEND_OUTAGE_BUDGET = Duration.ofSeconds(10);
  /** How long after its call a text-back counts as late, for {@link #cooldownFromLateText}. */
  private static final Duration LATE_TEXT = Duration.ofMinutes(1);

  private final EngineContext ctx;
  private final RoutingDispatcher routing;
  private final EscalationScan escalations;
  private final java.util.function.BooleanSupplier stopping;
  private final DeliveryReceipts receipts;
  /** The texts this engine can send: those of carriers it has a gateway for. */
  private final ClaimScope claimScope;
  /** One permit per send that may run now ({@code sendConcurrency}); taken before claiming, freed when a send ends. */
  private final Semaphore slots;
  private final Object idle = new Object();
  private int inFlight;
  /**
   * Passes under way, guarded by {@link #idle}. A pass may still claim and start sends, so the engine's close waits
   * for passes as well as for sends: a flush by hand racing close would otherwise start sends close never sees.
   */
  private int passes;
  /** Ids of the entries being sent now, guarded by {@link #idle}. */
  private final java.util.Set<String> sending = new java.util.HashSet<>();
  /**
   * Newer claims of entries whose send from an earlier claim was still running when this engine claimed them again
   * (the send outlived its lease), guarded by {@link #idle}: the running send stores its result under the newer
   * claim, as the store takes a result only under the entry's current claim.
   */
  private final Map<String, Reclaim> reclaimed = new HashMap<>();
  /**
   * Lease ends of newer claims that a send from an earlier claim already stored its result under before the pass
   * that made the claim started it, by entry id, guarded by {@link #idle}: that pass must not send it again.
   */
  private final Map<String, Instant> settled = new HashMap<>();
  /**
   * Entries whose send was recorded by a try with a lost answer, with when: any claim of theirs a pass has not
   * started is spent ({@link #spent(OutboxEntry)}). Guarded by {@link #idle}; housekeeping forgets those older than
   * a lease, as a pass starts its claims at once.
   */
  private final Map<String, Instant> spent = new HashMap<>();
  private volatile Instant lastHousekeeping = Instant.MIN;
  /**
   * Where a timed pass's purge runs: a purge of a large store takes seconds (1.9–2.5 s in memory at 1M callers), and
   * on the dispatcher's own thread it held up every text queued meanwhile. One thread, gone when idle.
   */
  private final ThreadPoolExecutor housekeeper = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "textback-housekeeping");
        t.setDaemon(true);
        return t;
      });
  private final AtomicBoolean purging = new AtomicBoolean();
  /** Results of claims, and those kept through a store outage until the store is back. */
  private final KeptResults kept;

  /** @param stopping true once the engine is closing: no new send is claimed then */
  public Dispatcher(EngineContext ctx, RoutingDispatcher routing, java.util.function.BooleanSupplier stopping) {
    this.ctx = ctx;
    this.routing = routing;
    this.escalations = new EscalationScan(ctx);
    this.stopping = stopping;
    this.receipts = new DeliveryReceipts(ctx);
    this.claimScope = ClaimScope.carriers(ctx.gateways().keySet());
    this.slots = new Semaphore(ctx.sendConcurrency());
    this.kept = new KeptResults(ctx);
  }

  /**
   * Bounds one pass to {@code ROUNDS_PER_PASS × sendConcurrency} claimed texts before escalations and routing get
   * their turn; a full pass is followed at once.
   */
  static final int ROUNDS_PER_PASS = 256;

  /**
   * What one pass did.
   *
   * @param done outbox entries and escalations processed (sends started, or finished when the pass flushed)
   * @param moreDue true when the pass stopped at its bound with every claim full, so more texts may be due: the next
   *     pass should start at once rather than after the poll interval
   * @param moreEscalations true when a pass that looked for due escalations stopped at its batch with more perhaps
   *     due: a pass that also escalates ({@link #runOnce}) should follow at once. A flush sets it only at its bound
   *     of 1,024 batches; {@link #sendOnce} never does
   * @param routedOrEscalated the pass fired an escalation or handed routing work over, which may have queued texts
   *     due now (the owner's copy)
   */
  public record Pass(int done, boolean moreDue, boolean moreEscalations, boolean routedOrEscalated) {
    static Pass nothing(int done) {
      return new Pass(done, false, false, false);
    }
  }

  /**
   * One pass: due sends, escalations, due routing work, occasional housekeeping. Sends run continuously: whenever
   * one finishes its slot is refilled with the next due text, so a slow send holds back only itself. Passes of one
   * engine never overlap, so a caller flushing by hand also waits for a background pass already under way.
   *
   * Once the engine is closing no new pass starts: one that would start returns at once having done nothing (a
   * flush still waits for the sends in flight), while one already under way finishes and is waited for by
   * {@link #awaitIdle}.
   *
   * @param flush true to wait for every send in flight (whichever pass started it) before escalations, and for the
   *     routing work (up to the lease) as well, as a flush by hand does; the background pass starts both and moves on
   */
  public synchronized Pass runOnce(boolean flush) {
    return run(flush, true);
  }

  /**
   * A pass for texts just queued: claims and starts due texts only. Escalations, routing work and housekeeping wait
   * for the next timed pass (or {@link #runOnce}): a queued text makes none of them due, and looking at them on every
   * queued text would take the store's lock twice more per call for nothing. Routing work is started by its own
   * kick when it is queued; escalations fall due by time.
   */
  public synchronized Pass sendOnce() {
    return run(false, false);
  }

  /**
   * A flush of due texts only, waiting for their sends: what a flush by hand runs after its whole pass, for the
   * texts that pass's routing and escalations queued (the owner's copy of a reply or an escalation).
   */
  public synchronized Pass flushSends() {
    return run(true, false);
  }

  private Pass run(boolean flush, boolean everything) {
    boolean entered = enter();
    try {
      return entered ? pass(flush, everything) : Pass.nothing(0);
    } finally {
      try {
        // A flush promises that every send it started has ended when it returns, even when a claim failed.
        if (flush) awaitSends();
      } finally {
        if (entered) leave();
      }
    }
  }

  /**
   * Counts a pass in, unless the engine is closing. The check and the count share the lock {@link #awaitIdle} waits
   * under, so a pass either sees the engine closing and does nothing, or is counted before close looks.
   */
  private boolean enter() {
    synchronized (idle) {
      if (stopping.getAsBoolean()) return false;
      passes++;
      return true;
    }
  }

  private void leave() {
    synchronized (idle) {
      passes--;
      idle.notifyAll();
    }
  }

  private Pass pass(boolean flush, boolean everything) {
    kept.writeBack(Duration.ofDays(1));
    int done = 0;
    int limit = ROUNDS_PER_PASS * ctx.sendConcurrency();
    boolean full = false;
    while (done < limit && !stopping.getAsBoolean()) {
      int free;
      try {
        free = takeFreeSlots(limit - done);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return Pass.nothing(done);
      }
      if (stopping.getAsBoolean()) { // the engine began closing while this pass waited for a slot
        slots.release(free);
        break;
      }
      // Claim only what can start sending now: a claim queued behind slow sends would see its lease run out
      // and be sent by another engine too.
      List<OutboxEntry> claimed;
      try {
        claimed = ctx.store().claimDue(ctx.instanceId(), ctx.clock().instant(), ctx.lease(), free, claimScope);
      } catch (RuntimeException | Error e) {
        slots.release(free);
        throw e;
      }
      kept.replacedBy(claimed);
      claimed = ClaimContract.withoutRepeats(claimed, log, "entries");
      List<OutboxEntry> beyond = ClaimContract.beyond(claimed, free, log, "entries");
      claimed = claimed.subList(0, claimed.size() - beyond.size());
      slots.release(free - claimed.size());
      try {
        for (int i = 0; i < claimed.size(); i++) {
          boolean started;
          try {
            started = start(claimed.get(i));
          } catch (RuntimeException | Error e) {
            giveBack(claimed, i);
            throw e;
          }
          if (!started) {
            log.warn("send executor refused {} claimed entries; releasing their claims", claimed.size() - i);
            giveBack(claimed, i);
            return Pass.nothing(done + i);
          }
        }
      } finally {
        // Entries beyond the claim's limit (a store that breaks the claimDue contract; PostgreSQL did, under one
        // query plan) are given back at once rather than held for the lease. They hold no slot, and they go last so
        // a failure here cannot keep the slots of the entries above.
        giveBackClaims(beyond);
      }
      done += claimed.size();
      full = claimed.size() >= free;
      if (!full) break;
    }
    if (flush && !awaitSends()) return Pass.nothing(done);
    boolean moreEscalations = false;
    int routedOrEscalated = 0;
    if (everything) {
      // A flush escalates everything due; a background pass one batch, and asks for the next pass at once.
      for (int round = 0; round < 1_024 && !stopping.getAsBoolean(); round++) {
        EscalationScan.Result scan = escalations.run();
        routedOrEscalated += scan.fired();
        moreEscalations = scan.moreDue();
        if (!flush || !moreEscalations) break;
      }
      routedOrEscalated += route(flush);
      housekeeping(flush);
    }
    boolean going = !stopping.getAsBoolean();
    return new Pass(done + routedOrEscalated, full && going, moreEscalations && going, routedOrEscalated > 0);
  }

  /**
   * Waits until at least one send slot is free and takes every free one, at most {@code max}: claims are made only
   * for slots a send can start in at once.
   */
  private int takeFreeSlots(int max) throws InterruptedException {
    slots.acquire();
    int free = 1 + slots.drainPermits();
    if (free > max) {
      slots.release(free - max);
      free = max;
    }
    return free;
  }

  /**
   * Nothing was attempted for the claims from {@code from} on (the one at {@code from} was not started): gives them
   * back now rather than leave them held for the lease, with the slots taken for the ones after it.
   */
  private void giveBack(List<OutboxEntry> claimed, int from) {
    // Slots first: a failure giving the claims back must not keep them.
    slots.release(claimed.size() - from - 1);
    giveBackClaims(claimed.subList(from, claimed.size()));
  }

  /** Gives back claims on which nothing was attempted. */
  private void giveBackClaims(List<OutboxEntry> notAttempted) {
    for (OutboxEntry notStarted : notAttempted) {
      boolean stillSending;
      synchronized (idle) {
        if (settledAlready(notStarted)) continue; // its result is stored
        // A send from an earlier claim still runs: it completes under this claim, as if the claim had been started.
        stillSending = sending.contains(notStarted.id());
        if (stillSending) reclaimed.put(notStarted.id(), new Reclaim(notStarted));
      }
      if (!stillSending) release(notStarted);
    }
  }

  /**
   * Starts one claimed entry on the send executor in a slot already taken; false when the executor refused it. An
   * entry whose send from an earlier claim is still running (it outlived its lease, and the store handed it back to
   * this engine) is not started twice: its slot is freed and the running send completes it.
   */
  private boolean start(OutboxEntry entry) {
    synchronized (idle) {
      if (settledAlready(entry)) {
        log.debug("{}: the send from its earlier claim stored its result under this claim already", entry.id());
        slots.release();
        return true;
      }
      if (!sending.add(entry.id())) {
        reclaimed.put(entry.id(), new Reclaim(entry));
        log.warn("{} is still being sent from an earlier claim; not sending it again", entry.id());
        slots.release();
        return true;
      }
      inFlight++;
    }
    boolean handedOver = false;
    try {
      ctx.executor().execute(() -> {
        Attempt attempt = new Attempt();
        running.set(attempt);
        try {
          process(entry, attempt);
        } catch (RuntimeException | Error e) {
          attempt.started = true; // not known: keep any newer claim held, as after a send that may have left
          log.error("send task for {} failed unexpectedly", entry.id(), e);
        } finally {
          running.remove();
          finished(entry, attempt.started && !attempt.resultStored);
        }
      });
      handedOver = true;
      return true;
    } catch (RejectedExecutionException rejected) {
      return false;
    } finally {
      if (!handedOver) finished(entry, false); // refused, or the executor failed in another way: the slot is free again
    }
  }

  /**
   * Whether a send from an earlier claim already stored its result under {@code claim}; forgets what was recorded
   * for the entry either way, as a pass hands each claim to {@link #start} or {@link #giveBack} once. Holds
   * {@link #idle}.
   */
  private boolean settledAlready(OutboxEntry claim) {
    Instant settledUnder = settled.remove(claim.id());
    if (settledUnder != null && settledUnder.equals(claim.leaseUntil())) return true;
    return spent.containsKey(claim.id());
  }

  /**
   * A send was recorded by a try whose commit went through but whose answer was lost, so under which claim is not
   * known: every claim of the entry this engine holds is spent. None can be made after, as the entry is no longer
   * pending, so this needs no comparison of times (a clock stepped back cannot let one through).
   */
  private void spent(OutboxEntry claimed) {
    synchronized (idle) {
      Reclaim r = reclaimed.get(claimed.id());
      if (r != null) r.used = true;
      spent.put(claimed.id(), ctx.clock().instant());
    }
  }

  /**
   * A send ended: its slot is free for the next due text. A newer claim made while it ran, that no result was stored
   * under, is given back, unless the gateway was called and no result of it could be stored: then the text may have
   * left, so that claim is held until it lapses and the entry is taken over as a possible duplicate, as after a lost
   * result.
   */
  private void finished(OutboxEntry entry, boolean unrecordedCall) {
    Reclaim unused;
    synchronized (idle) {
      sending.remove(entry.id());
      Reclaim r = reclaimed.remove(entry.id());
      unused = r != null && !r.used && !unrecordedCall ? r : null;
      inFlight--;
      idle.notifyAll();
    }
    // Only now: a pass that takes the slot must not find the entry still marked as being sent, and set it aside.
    slots.release();
    if (unused != null) giveBackNewerClaim(unused.claim);
  }

  /**
   * Gives back a newer claim of an entry whose send has ended. Not through {@link #complete}, whose look for a yet
   * newer claim holds only while the send runs: after it, a newer claim may be another send's.
   */
  private void giveBackNewerClaim(OutboxEntry claim) {
    try {
      kept.complete(claim, claim, () -> {});
    } catch (RuntimeException e) {
      log.warn("could not release the claim on {}; it lapses after the lease", claim.id(), e);
    }
  }

  /** Waits for every send in flight; false when interrupted. */
  private boolean awaitSends() {
    synchronized (idle) {
      while (inFlight > 0) {
        try {
          idle.wait();
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Waits until no pass is under way and no send started by this engine is running, or {@code max} has passed; the
   * engine drains with it on close, as a pass does not wait for the sends it starts, and a pass under way (a flush
   * by hand on the host's thread) may still start some. Call it once the engine is closing, so no new pass starts.
   *
   * @return false when a pass or sends were still running at the deadline
   */
  public boolean awaitIdle(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (idle) {
      while (inFlight > 0 || passes > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
    }
    return true;
  }

  /**
   * Gives back a claim on which nothing was attempted, so the entry is claimable again at once (through a store
   * outage, once the store is back).
   */
  private void release(OutboxEntry entry) {
    try {
      complete(entry, entry); // stores it unchanged, its lease cleared
    } catch (RuntimeException e) {
      log.warn("could not release the claim on {}; it lapses after the lease", entry.id(), e);
    }
  }

  /**
   * Stores the results kept through a store outage, within {@code max}; each pass starts with it, and the engine's
   * close calls it once more.
   *
   * @return how many results still wait for the store
   */
  public int writeBackKept(Duration max) {
    return kept.writeBack(max);
  }

  private int route(boolean wait) {
    if (!wait) return routing.pump();
    long before = routing.startedSoFar();
    for (int round = 0; round < 256 && !stopping.getAsBoolean(); round++) {
      long roundStart = routing.startedSoFar();
      routing.pump();
      try {
        if (!routing.awaitIdle(ctx.lease())) {
          log.warn("routing work still running after {}; not waiting longer", ctx.lease());
          break;
        }
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        break;
      }
      // Routes that end start more through kicks, so this pass's own pump may have found nothing to claim while
      // work went on: go round again while anything was started, by whom it does not matter.
      if (routing.startedSoFar() == roundStart) break;
    }
    return (int) (routing.startedSoFar() - before);
  }

  private void process(OutboxEntry entry, Attempt attempt) {
    KeptResults.putMdc(entry);
    try {
      send(entry, attempt);
    } catch (RuntimeException | Error e) {
      if (!attempt.started && e instanceof StoreUnavailableException) {
        log.warn("entry {}: store still unavailable before sending", entry.id());
        release(entry);
      } else if (attempt.started) {
        // The text may have left: only the lapse of the claim may send it again, flagged as a possible duplicate.
        log.error("entry {}: unexpected failure after the send started; it stays claimed until the lease lapses",
            entry.id(), e);
      } else {
        // Nothing left: a claim held for the whole lease would only delay the text by minutes.
        log.error("entry {}: unexpected failure before sending; releasing its claim", entry.id(), e);
        release(entry);
      }
    } finally {
      KeptResults.clearMdc();
    }
  }

  /** Whether the gateway was called for one claimed entry (so the text may have left). */
  private static final class Attempt {
    boolean started;
    /** A result of this send was stored, kept through an outage, or recorded as sent. */
    boolean resultStored;
  }

  /** The send running on this thread, so the result's write can be marked on it. */
  private static final ThreadLocal<Attempt> running = new ThreadLocal<>();

  private static void resultStored() {
    Attempt attempt = running.get();
    if (attempt != null) attempt.resultStored = true;
  }

  private void send(OutboxEntry entry, Attempt attempt) {
    Instant now = ctx.clock().instant();
    if (entry.expiresAt() != null && now.isAfter(entry.expiresAt())) {
      withdraw(entry, OutboxStatus.EXPIRED, "not sent before " + entry.expiresAt());
      return;
    }
    if (isCallerFacing(entry.kind()) && optedOutThroughOutages(entry)) {
      withdraw(entry, OutboxStatus.CANCELED, "recipient opted out");
      return;
    }
    Optional<BusinessProfile> business = ctx.businesses().byId(entry.businessId());
    if (entry.kind() == OutboxKind.TEXT_BACK) {
      if (business.isEmpty()) {
        // Without the profile the caller's quiet hours cannot be checked: keep the text for an engine that can.
        log.error("entry {}: business {} is not configured in this engine; it stays pending", entry.id(),
            entry.businessId());
        complete(entry, entry.retryAt(now.plus(ctx.retryLater()), "business not configured here", false, true));
        return;
      }
      if (deferredByQuietHours(entry, business.get(), now)) return;
    }
    SmsGateway gateway = ctx.gateways().get(entry.carrier());
    if (gateway == null) {
      // Configuration problem: keep the text and try again later rather than lose it.
      log.error("no gateway for carrier '{}'; entry {} stays pending", entry.carrier(), entry.id());
      complete(entry,
          entry.retryAt(now.plus(ctx.retryLater()), "no gateway for carrier " + entry.carrier(), false, true));
      return;
    }
    if (entry.leaseUntil() != null && !ctx.clock().instant().isBefore(entry.leaseUntil())) {
      // Our claim lapsed before the send could start; release it (if still ours) for whoever claims it next.
      log.warn("entry {}: claim expired before sending; releasing it", entry.id());
      complete(entry, entry);
      return;
    }
    // Only a takeover is news here: a retry after a possibly accepted attempt was reported when it was scheduled.
    RepeatWarnings.beforeSend(entry).ifPresent(log::warn);
    ctx.listeners().fire(l -> l.onSendAttempt(entry));
    attempt.started = true;
    try {
      SendReceipt receipt = gateway.send(new SendRequest(entry.from(), entry.to(), entry.body(), entry.id()));
      OutboxEntry sent = entry.sent(receipt.messageId(), receipt.segments(), ctx.clock().instant());
      DeliveryReceipt early = recordSent(entry, sent);
      cooldownFromLateText(sent);
      log.info("sent {} {} to {} ({} segment(s))", entry.kind(), entry.id(), entry.to(), receipt.segments());
      ctx.listeners().fire(l -> l.onSent(sent, receipt));
      if (early != null) ctx.listeners().fire(l -> l.onDeliveryReceipt(early));
    } catch (RetriableSendException e) {
      retry(entry, e, e.retryAfter().orElse(Duration.ZERO), e.mayHaveBeenAccepted());
    } catch (PermanentSendException e) {
      fail(entry, e);
    } catch (RuntimeException e) {
      // A gateway bug, not a carrier answer: the text may or may not have left; keep it and retry. Only the
      // exception's type is kept, as its message may hold the number or the text.
      log.error("gateway {} threw {}; treating it as transient", entry.carrier(), e.getClass().getName());
      retry(entry, SendException.builder(CarrierId.of(entry.carrier()), "gateway error: " + e.getClass().getName())
          .possiblyAccepted(), Duration.ZERO, true);
    }
  }

  /**
   * Holds a text-back whose send time (after retries, a restart or a late webhook) fell outside the caller's
   * permitted hours, or drops it: at once in {@link QuietHoursMode#SUPPRESS} mode, else when the window opens after
   * its maximum age. A text deferred when its call was decided carries that age; one that ran into the caller's
   * night later is measured from its call, as the policy's maximum deferral says.
   */
  private boolean deferredByQuietHours(OutboxEntry entry, BusinessProfile business, Instant now) {
    QuietHoursPolicy quiet = business.quietHours();
    if (quiet.mode() == QuietHoursMode.SEND) return false;
    QuietHoursCheck check = quiet.check(entry.to(), business.zone(), now);
    if (check.open()) return false;
    Instant calledAt = entry.calledAt() != null ? entry.calledAt() : entry.createdAt();
    Instant maxAge = entry.expiresAt() != null ? entry.expiresAt() : calledAt.plus(quiet.maxDeferral());
    if (quiet.mode() == QuietHoursMode.SUPPRESS) {
      withdraw(entry, OutboxStatus.EXPIRED, "outside " + check.windowStart() + "-" + check.windowEnd()
          + " when due; quiet hours suppress it");
    } else if (check.nextOpening().isAfter(maxAge)) {
      withdraw(entry, OutboxStatus.EXPIRED, "quiet hours until " + check.nextOpening() + ", after its maximum age");
    } else {
      log.info("entry {}: caller's quiet hours; held until {}", entry.id(), check.nextOpening());
      complete(entry, entry.deferredTo(check.nextOpening(), "held for quiet hours"));
    }
    return true;
  }

  /**
   * Records a send the carrier accepted, with any delivery receipt that arrived for it first. A store hiccup here
   * would leave the claim to lapse and the text to be sent again, so the write is retried a few times, and
   * through a store outage for up to half the lease, before giving up.
   *
   * @return the receipt that had arrived early and was applied, or null
   */
  private @Nullable DeliveryReceipt recordSent(OutboxEntry claimed, OutboxEntry sent) {
    // Through a store outage (a database restart) keep trying while the claim still holds, up to half the
    // lease: giving up means the text is sent again, as a possible duplicate, once the claim lapses.
    long outageDeadline = System.nanoTime() + ctx.lease().toNanos() / 2;
    long pauseMillis = 100;
    for (int attempt = 1; ; attempt++) {
      try {
        DeliveryReceipts.Recorded recorded = receipts.recordSent(ctx.instanceId(), sent);
        if (!recorded.recorded()) {
          log.warn("entry {} was sent but its claim had lapsed; another engine may send it too", sent.id());
        } else {
          resultStored();
          if (recorded.byEarlierTry()) {
            spent(claimed);
          } else if (!Objects.equals(recorded.claimEnd(), claimed.leaseUntil())) {
            // Recorded under a newer claim of this engine's: the pass that made it must not send it again.
            settledUnder(sent.id(), recorded.claimEnd());
          }
        }
        return recorded.appliedEarly();
      } catch (RuntimeException e) {
        boolean outage = e instanceof StoreUnavailableException;
        if (outage ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMillis) > outageDeadline : attempt >= 3) {
          log.error("entry {} was sent but could not be recorded; it may be sent again once its claim lapses",
              sent.id(), e);
          return null;
        }
        try {
          Thread.sleep(outage ? pauseMillis : 200L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return null;
        }
        if (outage) pauseMillis = Math.min(pauseMillis * 2, 1_000);
      }
    }
  }

  private void retry(OutboxEntry entry, RetriableSendException e, Duration retryAfter, boolean mayHaveBeenAccepted) {
    Instant now = ctx.clock().instant();
    int attempt = entry.attempts() + 1;
    boolean inBurst = attempt < ctx.retry().getMaxAttempts() && ctx.retry().getExceptionPredicate().test(e);
    Duration wait = inBurst
        ? Duration.ofMillis(ctx.retry().getIntervalBiFunction().apply(attempt, Either.left(e)))
        : ctx.retryLater();
    if (retryAfter.compareTo(wait) > 0) wait = retryAfter;
    OutboxEntry next = entry.retryAt(now.plus(wait), e.getMessage(), mayHaveBeenAccepted, !inBurst);
    complete(entry, next);
    if (mayHaveBeenAccepted) {
      log.warn("send {} to {} may have reached the carrier ({}); retrying at {} may deliver a second copy",
          entry.id(), entry.to().masked(), e.getMessage(), next.dueAt());
    } else {
      log.warn("send {} to {} failed transiently ({}); retry at {}", entry.id(), entry.to().masked(),
          e.getMessage(), next.dueAt());
    }
    ctx.listeners().fire(l -> l.onSendFailed(next, e, true));
  }

  private void fail(OutboxEntry entry, PermanentSendException e) {
    Instant now = ctx.clock().instant();
    OutboxEntry failed = entry.finish(OutboxStatus.FAILED, e.getMessage(), true);
    log.warn("send {} to {} refused for good: {}", entry.id(), entry.to().masked(), e.getMessage());
    // The number is remembered, and the host told, once the failure is stored: a failure that is never stored
    // (the claim passed to another engine) is not final.
    complete(entry, failed, () -> {
      try {
        ctx.store().inTransaction(tx -> {
          InboundHandler.remember(tx, entry, e.reason(), e.carrier().orElse(entry.carrier()) + ":"
              + e.carrierCode().orElse(String.valueOf(e.httpStatus())), now);
          return null;
        });
      } catch (RuntimeException notRemembered) {
        log.error("entry {}: could not remember why its number refused the text", entry.id(), notRemembered);
      }
      ctx.listeners().fire(l -> l.onSendFailed(failed, e, false));
    });
  }

  private void withdraw(OutboxEntry entry, OutboxStatus status, String why) {
    OutboxEntry done = entry.finish(status, why, false);
    complete(entry, done, () -> {
      log.info("entry {} {}: {}", entry.id(), status, why);
      ctx.listeners().fire(l -> l.onWithdrawn(done));
    });
  }

  private void complete(OutboxEntry claimed, OutboxEntry updated) {
    complete(claimed, updated, () -> {});
  }

  /**
   * Stores a claim's result and then runs {@code onStored}; through a store outage both are kept and done by a later
   * pass ({@link KeptResults}).
   */
  private void complete(OutboxEntry claimed, OutboxEntry updated, Runnable onStored) {
    OutboxEntry claim = claimed;
    synchronized (idle) {
      Reclaim newer = reclaimed.get(claimed.id());
      if (newer != null && nothingStoredSince(claimed, newer.claim)) {
        newer.used = true;
        claim = newer.claim;
      }
    }
    KeptResults.Outcome outcome = kept.complete(claim, updated, onStored);
    if (outcome != KeptResults.Outcome.LEASE_LOST) {
      resultStored();
      return;
    }
    // A pass of this engine may have claimed the entry again after the look-up above, and not started that claim
    // yet: it is this send's to complete, since no second send of the entry starts while this one runs.
    OutboxEntry now = readAgain(claimed.id());
    if (now == null || !ctx.instanceId().equals(now.leaseOwner()) || now.leaseUntil() == null
        || now.leaseUntil().equals(claim.leaseUntil()) || !nothingStoredSince(claimed, now)) {
      return;
    }
    settledUnder(now.id(), now.leaseUntil());
    if (kept.complete(now, updated, onStored) != KeptResults.Outcome.LEASE_LOST) resultStored();
  }

  /**
   * Whether a newer claim of this engine's found the entry as {@code claimed} left it: another engine that took the
   * entry over in between and stored an attempt has counted it in the total (which, unlike the count of a burst of
   * retries, never goes back), and a result made from {@code claimed} would overwrite that attempt (its count, its
   * error, its possible-duplicate flag). Then the newer claim decides.
   */
  private static boolean nothingStoredSince(OutboxEntry claimed, OutboxEntry newer) {
    return newer.totalAttempts() == claimed.totalAttempts();
  }

  /**
   * A text-back that went out well after its call (held for quiet hours, a send delay, retries) starts its caller's
   * cooldown again from when it went out, so the next call's text-back is not sooner than a cooldown after it. The
   * episode opened by the call ran from the call, and a change of clocks or a late send could otherwise put two
   * text-backs closer than that. Not for texts sent within {@link #LATE_TEXT} of the call, which is nearly every one,
   * so they cost no extra transaction. Best effort: a failure here, or a crash before it, is logged or lost and
   * leaves the episode ending a cooldown after the call.
   */
  private void cooldownFromLateText(OutboxEntry sent) {
    Instant calledAt = sent.calledAt();
    Instant sentAt = sent.sentAt();
    if (sent.kind() != OutboxKind.TEXT_BACK || calledAt == null || sentAt == null
        || Duration.between(calledAt, sentAt).compareTo(LATE_TEXT) <= 0) {
      return;
    }
    BusinessProfile business = ctx.businesses().byId(sent.businessId()).orElse(null);
    if (business == null) return;
    Instant until = sentAt.plus(business.cooldown());
    try {
      ctx.store().inTransaction(tx -> {
        tx.lockEpisode(business.id(), sent.to()).filter(e -> e.expiresAt().isBefore(until))
            .ifPresent(e -> tx.saveEpisode(e.withExpiresAt(until)));
        return null;
      });
    } catch (RuntimeException e) {
      log.warn("entry {}: its caller's cooldown could not be restarted from this late text ({})", sent.id(),
          e.toString());
    }
  }

  /**
   * Reads entry {@code id} for a result whose claim lapsed. On a send's thread it tries again through a store outage
   * for up to half the lease, as {@link #recordSent} does: without it the result is dropped, and a newer claim of
   * this engine's is either held until it lapses and taken over as a possible duplicate, or sent at once without the
   * retry's backoff. On the dispatcher's thread (a claim given back) it tries once, as waiting there would hold up
   * every send. Null when the entry is gone or could not be read.
   */
  private @Nullable OutboxEntry readAgain(String id) {
    long outageDeadline = System.nanoTime() + (running.get() != null ? ctx.lease().toNanos() / 2 : 0);
    long pauseMillis = 100;
    while (true) {
      try {
        return ctx.store().outboxEntry(id).orElse(null);
      } catch (RuntimeException e) {
        if (!(e instanceof StoreUnavailableException)
            || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMillis) > outageDeadline) {
          log.warn("entry {}: its claim lapsed, and reading the entry again failed ({}); the result is dropped", id,
              e.toString());
          return null;
        }
      }
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        log.warn("entry {}: its claim lapsed, and reading the entry again was interrupted; the result is dropped", id);
        return null;
      }
      pauseMillis = Math.min(pauseMillis * 2, 1_000);
    }
  }

  /**
   * A running send stored its result under this engine's newer claim ending at {@code claimEnd}: a pass that has
   * not started that claim yet will not, and one that has is not given back when the send ends.
   */
  private void settledUnder(String id, @Nullable Instant claimEnd) {
    if (claimEnd == null) return;
    synchronized (idle) {
      Reclaim r = reclaimed.get(id);
      if (r != null && claimEnd.equals(r.claim.leaseUntil())) {
        r.used = true;
      } else {
        settled.put(id, claimEnd);
      }
    }
  }

  /** A newer claim of an entry being sent, and whether the running send has stored a result under it. */
  private static final class Reclaim {
    final OutboxEntry claim;
    boolean used;

    Reclaim(OutboxEntry claim) {
      this.claim = claim;
    }
  }

  private static boolean isCallerFacing(OutboxKind kind) {
    return kind == OutboxKind.TEXT_BACK || kind == OutboxKind.REPLY || kind == OutboxKind.AUTO_REPLY;
  }

  /**
   * The opt-out check before a send, tried again through a short store outage (a database restart). Thrown out of
   * the send task, the failure would leave the entry claimed until its lease ran out, minutes later, and then have
   * it taken over as a possible duplicate although it never left.
   */
  private boolean optedOutThroughOutages(OutboxEntry entry) {
    // Halved as nanoseconds: Duration.dividedBy works through BigDecimal, and this runs before every send.
    long deadline = System.nanoTime() + Math.min(ctx.lease().toNanos() / 2, PRE_SEND_OUTAGE_BUDGET.toNanos());
    long pauseMillis = 100;
    while (true) {
      try {
        return optedOut(entry);
      } catch (StoreUnavailableException e) {
        if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMillis) > deadline) throw e;
        log.warn("entry {}: store unavailable before sending ({}); trying again in {} ms", entry.id(), e.getMessage(),
            pauseMillis);
        try {
          Thread.sleep(pauseMillis);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
        pauseMillis = Math.min(pauseMillis * 2, 1_000);
      }
    }
  }

  private boolean optedOut(OutboxEntry entry) {
    return ctx.store().inTransaction(tx ->
        tx.findOptOut(EngineContext.optOutKeys(entry.businessId(), entry.from()), entry.to()).isPresent());
  }

  /**
   * The hourly housekeeping: forgets spent entries and purges the store. A flush by hand purges on the caller's
   * thread (a host without background threads calls it); a timed pass hands the purge to {@link #housekeeper} and
   * goes on sending. One purge at a time either way: one still running when the next is due skips that one.
   */
  private void housekeeping(boolean inline) {
    Instant now = ctx.clock().instant();
    if (lastHousekeeping.plus(HOUSEKEEPING_EVERY).isAfter(now)) return;
    lastHousekeeping = now;
    synchronized (idle) {
      Instant forget = now.minus(ctx.lease());
      spent.values().removeIf(at -> at.isBefore(forget));
    }
    if (!purging.compareAndSet(false, true)) return;
    if (inline) {
      try {
        purge(now);
      } finally {
        purging.set(false);
      }
      return;
    }
    try {
      housekeeper.execute(() -> {
        try {
          purge(now);
        } finally {
          purging.set(false);
        }
      });
    } catch (RejectedExecutionException e) {
      purging.set(false); // closing
    }
  }

  private void purge(Instant now) {
    try {
      int removed = ctx.store().purge(now.minus(ctx.retention()), now.minus(ctx.closeIdleAfter()));
      if (removed > 0) log.debug("housekeeping removed {} stored rows", removed);
    } catch (RuntimeException e) {
      log.warn("housekeeping failed; will try again later", e);
    }
  }

  /**
   * Starts no more purges and waits up to {@code max} for one under way; the engine's close calls it. A purge cannot
   * be stopped part-way: one still running goes on, on its own thread, until it ends or the store is closed under it.
   */
  public void closeHousekeeping(Duration max) throws InterruptedException {
    housekeeper.shutdown();
    if (!housekeeper.awaitTermination(max.toNanos(), TimeUnit.NANOSECONDS)) {
      log.warn("housekeeping still running after {}; the purge goes on until it ends or its store is closed", max);
    }
  }

  /** For diagnostics. */
  @Override
  public String toString() {
    return "Dispatcher[" + ctx.instanceId() + "]";
  }

}
