package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.TextBackListener;
import dev.textback.business.BusinessDirectory;
import dev.textback.internal.DeliveryReceipts;
import dev.textback.phone.CarrierId;
import dev.textback.spi.ClaimScope;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.RetriableSendException;
import dev.textback.spi.SendException;
import dev.textback.spi.StoreTransaction;
import dev.textback.spi.StoreUnavailableException;
import dev.textback.spi.TextBackStore;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A send that outlives its lease while the same engine claims its entry again: the store takes a result only under
 * the entry's current claim, so the running send stores its result under the newer claim instead of having it
 * refused, and the entry is neither sent twice nor left held by a claim no send works on. That holds whether the
 * send ends after the pass has started the newer claim, between the claim and its start, or after the pass gave the
 * newer claim back unstarted. The latches order the steps; the wait bounds only turn a hang into a failure.
 */
class DispatcherReclaimTest {
  private final EngineFixture f = new EngineFixture();

  /** The first attempt is held, then refused by the carrier with a 503: nothing was sent, try again later. */
  private static HeldFirstGateway refusedAfterHold() {
    return new HeldFirstGateway(0,
        () -> SendException.builder(CarrierId.of("twilio"), "503 from carrier").httpStatus(503).notSent());
  }

  private TextBack engine(TextBackStore store, HeldFirstGateway gateway) {
    return TextBack.builder().businesses(BusinessDirectory.of(f.business)).store(store).gateway(gateway)
        .clock(f.clock).instanceId("engine-1").lease(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
        .build();
  }

  @Test
  void a_send_that_outlived_its_lease_stores_its_result_under_the_claim_its_engine_made_meanwhile() throws Exception {
    HeldFirstGateway gateway = refusedAfterHold();
    try (TextBack engine = engine(f.store, gateway)) {
      CallDecision d = callWithFirstAttemptHeld(engine, gateway);
      Instant firstLease = Objects.requireNonNull(entry(d).leaseUntil());

      f.clock.advance(Duration.ofSeconds(3)); // the attempt is still running when its lease lapses
      OutboxEntry reclaimed = awaitEntry(d, e -> e.leaseUntil() != null && e.leaseUntil().isAfter(firstLease));
      assertThat(reclaimed.leaseOwner()).as("claimed again by the same engine").isEqualTo("engine-1");

      gateway.release.countDown(); // the carrier refuses the stuck attempt: nothing was sent, try again later
      assertRescheduledOnce(awaitEntry(d, e -> e.leaseOwner() == null), gateway);
    } finally {
      gateway.release.countDown();
    }
  }

  @Test
  void a_stale_result_does_not_overwrite_the_attempt_another_engine_stored_before_this_engine_claimed_again()
      throws Exception {
    OutboxEntry after = staleResultAfterAnotherEnginesAttempt(null);

    assertThat(after.attempts()).as("engine-2's attempt, in a burst of four").isEqualTo(1);
  }

  @Test
  void a_stale_result_does_not_overwrite_another_engines_attempt_that_ended_its_burst() throws Exception {
    // One attempt per burst: engine-2's refusal ends the burst, so the burst's count is back to 0 as it was when
    // the stale attempt was claimed. Only the total tells that engine-2 stored an attempt in between.
    RetryConfig onePerBurst = RetryConfig.custom().maxAttempts(1)
        .retryExceptions(RetriableSendException.class).build();

    OutboxEntry after = staleResultAfterAnotherEnginesAttempt(onePerBurst);

    assertThat(after.attempts()).as("the burst ended with engine-2's attempt").isZero();
  }

  /**
   * Engine-1's held attempt outlives its lease, engine-2 takes the entry over and stores a refused attempt, then
   * engine-1 claims the entry again before its held attempt is refused. Checks that the stale result is dropped and
   * the entry sent once the newer claim lapses; returns the entry as it stood with the newer claim held.
   */
  private OutboxEntry staleResultAfterAnotherEnginesAttempt(@Nullable RetryConfig retry) throws Exception {
    HeldFirstGateway gateway = refusedAfterHold();
    ClaimsPaused firstStore = new ClaimsPaused(f.store);
    TextBack.Builder first = TextBack.builder().businesses(BusinessDirectory.of(f.business)).store(firstStore)
        .gateway(gateway).clock(f.clock).instanceId("engine-1").lease(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(20));
    TextBack.Builder second = f.engineBuilder().instanceId("engine-2").lease(Duration.ofSeconds(2));
    if (retry != null) {
      first.retry(retry);
      second.retry(retry);
    }
    try (TextBack engine = first.build(); TextBack other = second.build()) {
      CallDecision d = callWithFirstAttemptHeld(engine, gateway);

      // The held attempt outlives its lease; the other engine takes the entry over, and its carrier refuses too.
      // This engine's 20 ms passes claim nothing meanwhile, so the takeover is the other engine's.
      f.gateway.failNext(SendException.builder(CarrierId.of("twilio"), "503 at engine-2").httpStatus(503).notSent());
      firstStore.paused = true;
      f.clock.advance(Duration.ofSeconds(3));
      other.runDueWork();
      OutboxEntry stored = awaitEntry(d, e -> e.totalAttempts() == 1 && e.leaseOwner() == null);
      firstStore.paused = false;
      assertThat(stored.lastError()).contains("engine-2");
      assertThat(stored.possibleDuplicate()).as("taken over from a claim that lapsed mid-attempt").isTrue();

      // Its retry falls due and this engine claims the entry again while the held attempt still runs.
      f.clock.advance(Duration.ofMinutes(10));
      awaitEntry(d, e -> "engine-1".equals(e.leaseOwner()));
      gateway.release.countDown(); // the held attempt is refused now: its result was made before engine-2's
      engine.runDueWork(); // waits for the held attempt to end (the newer claim is still held, so it sends nothing)

      OutboxEntry after = entry(d);
      assertThat(after.lastError()).as("engine-2's attempt stands").contains("engine-2");
      assertThat(after.totalAttempts()).as("the stale attempt is not counted").isEqualTo(1);
      assertThat(after.possibleDuplicate()).as("the takeover's flag is kept").isTrue();
      assertThat(after.leaseOwner()).as("the newer claim is held, as after any attempt whose result was not stored")
          .isEqualTo("engine-1");

      f.clock.advance(Duration.ofSeconds(3)); // it lapses, and the entry is sent
      OutboxEntry sent = awaitEntry(d, e -> e.status() == OutboxStatus.SENT);
      assertThat(sent.totalAttempts()).as("engine-2's attempt and the send; not the stale attempt").isEqualTo(2);
      assertThat(gateway.calls).as("the held attempt, then the send").hasValue(2);
      assertThat(f.gateway.attempts()).as("engine-2 tried once").hasSize(1);
      return after;
    } finally {
      gateway.release.countDown();
    }
  }

  @Test
  void a_refused_attempt_that_ends_between_the_newer_claim_and_its_start_is_stored_under_it_and_not_sent_again()
      throws Exception {
    HeldFirstGateway gateway = refusedAfterHold();

    assertRescheduledOnce(endedBetweenNewerClaimAndItsStart(gateway), gateway);
  }

  @Test
  void a_refused_attempt_whose_look_for_the_newer_claim_meets_a_store_outage_is_still_stored_under_it()
      throws Exception {
    HeldFirstGateway gateway = refusedAfterHold();
    OutageOnFirstRead store = new OutageOnFirstRead(new EndsHeldSendOnReclaim(f.store, gateway));

    assertRescheduledOnce(endedBetweenNewerClaimAndItsStart(store, gateway), gateway);
    assertThat(store.refused).as("the look for the newer claim met the outage").hasValue(1);
  }

  @Test
  void an_accepted_send_that_ends_between_the_newer_claim_and_its_start_is_recorded_once_and_not_sent_again()
      throws Exception {
    HeldFirstGateway gateway = new HeldFirstGateway(1);

    OutboxEntry e = endedBetweenNewerClaimAndItsStart(gateway);

    assertThat(e.status()).isEqualTo(OutboxStatus.SENT);
    assertThat(e.carrierMessageId()).isEqualTo("fake-1");
    assertThat(e.leaseOwner()).isNull();
    assertThat(gateway.calls).as("the newer claim started no second send").hasValue(1);
  }

  @Test
  void an_accepted_send_whose_record_was_committed_but_its_answer_lost_is_not_sent_again_under_the_newer_claim()
      throws Exception {
    HeldFirstGateway gateway = new HeldFirstGateway(1);
    ThreadPoolExecutor executor = new ThreadPoolExecutor(4, 4, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    LosesFirstRecordAnswer store = new LosesFirstRecordAnswer(f.store, gateway, executor);
    try (TextBack engine = TextBack.builder().businesses(BusinessDirectory.of(f.business)).store(store)
        .gateway(gateway).clock(f.clock).instanceId("engine-1").lease(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(20)).executor(executor).build()) {
      try {
        CallDecision d = callWithFirstAttemptHeld(engine, gateway);

        f.clock.advance(Duration.ofSeconds(3));
        assertThat(store.handedOver.await(1, TimeUnit.MINUTES)).as("the newer claim reached the pass").isTrue();
        assertThat(store.answersLost).as("the record's commit went through and its answer was lost").hasValue(1);
        assertThat(store.sendEnded).as("the held send had ended before the pass started the newer claim").isTrue();
        engine.runDueWork();

        OutboxEntry e = entry(d);
        assertThat(e.status()).isEqualTo(OutboxStatus.SENT);
        assertThat(e.carrierMessageId()).isEqualTo("fake-1");
        assertThat(e.leaseOwner()).isNull();
        assertThat(gateway.calls).as("the newer claim started no second send").hasValue(1);
      } finally {
        gateway.release.countDown();
      }
    } finally {
      executor.shutdownNow();
    }
  }

  /**
   * A missed call whose first attempt is held by {@code gateway} past its lease; the engine claims the entry again,
   * and the held attempt ends between that claim and its start. Returns the entry once the pass and any send it
   * started are done.
   */
  private OutboxEntry endedBetweenNewerClaimAndItsStart(HeldFirstGateway gateway) throws InterruptedException {
    EndsHeldSendOnReclaim store = new EndsHeldSendOnReclaim(f.store, gateway);
    return endedBetweenNewerClaimAndItsStart(store, gateway);
  }

  /** As above, with {@code store} wrapping (or being) the {@link EndsHeldSendOnReclaim} that orders the steps. */
  private OutboxEntry endedBetweenNewerClaimAndItsStart(TextBackStore store, HeldFirstGateway gateway)
      throws InterruptedException {
    EndsHeldSendOnReclaim ordering = store instanceof OutageOnFirstRead outage ? outage.ordering
        : (EndsHeldSendOnReclaim) store;
    try (TextBack engine = engine(store, gateway)) {
      CallDecision d = callWithFirstAttemptHeld(engine, gateway);

      f.clock.advance(Duration.ofSeconds(3));
      assertThat(ordering.handedOver.await(1, TimeUnit.MINUTES)).as("the newer claim reached the pass").isTrue();
      engine.runDueWork(); // waits for the pass and any send it started: a wrongly started second send shows
      return entry(d);
    } finally {
      gateway.release.countDown();
    }
  }

  /** A missed call, the engine's background work started, and the call's first attempt under way at the gateway. */
  private CallDecision callWithFirstAttemptHeld(TextBack engine, HeldFirstGateway gateway)
      throws InterruptedException {
    CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
    engine.start();
    assertThat(gateway.firstStarted.await(1, TimeUnit.MINUTES)).as("the first attempt is under way").isTrue();
    return d;
  }

  @Test
  void a_claim_made_while_a_stored_retry_was_still_reported_is_given_back_and_sent_at_once() throws Exception {
    f.gateway.failNext(SendException.builder(CarrierId.of("twilio"), "503 from carrier").httpStatus(503).notSent());
    CountDownLatch reporting = new CountDownLatch(1);
    CountDownLatch reported = new CountDownLatch(1);
    TextBackListener slowHost = new TextBackListener() {
      @Override
      public void onSendFailed(OutboxEntry entry, SendException error, boolean willRetry) {
        reporting.countDown();
        try {
          reported.await(1, TimeUnit.MINUTES); // the host's listener is slow; the send's slot is not free yet
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    try (TextBack engine = f.engineBuilder().listener(slowHost).instanceId("engine-1")
        .pollInterval(Duration.ofMillis(20)).build()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.start();
      assertThat(reporting.await(1, TimeUnit.MINUTES)).as("the refused attempt's retry is stored").isTrue();
      assertThat(entry(d).attempts()).isEqualTo(1);

      f.clock.advance(Duration.ofMinutes(1)); // the retry falls due while its send is still being reported
      awaitEntry(d, e -> "engine-1".equals(e.leaseOwner()));
      reported.countDown();

      assertThat(f.gateway.awaitAttempts(2, Duration.ofMinutes(1))).as("the retry went out without waiting for the "
          + "lease of the claim made meanwhile").isTrue();
      OutboxEntry sent = awaitEntry(d, e -> e.status() == OutboxStatus.SENT);
      assertThat(sent.possibleDuplicate()).as("nothing was taken over").isFalse();
      assertThat(f.gateway.sent()).hasSize(1);
    } finally {
      reported.countDown();
    }
  }

  @Test
  void a_claim_given_back_unstarted_while_its_entry_is_still_being_sent_is_completed_by_that_send_and_not_sent_again()
      throws Exception {
    HeldFirstGateway gateway = new HeldFirstGateway(1);
    RefusingExecutor executor = new RefusingExecutor();
    // Another caller's text, due first and held by another engine until just after the held send's lease lapses.
    CallDecision other;
    try (TextBack decidesOnly = f.engineBuilder().build()) {
      other = decidesOnly.onCall(f.missedCall("CA0", EngineFixture.OTHER_CALLER));
    }
    assertThat(f.store.claimDue("engine-2", f.clock.instant(), Duration.ofMillis(2_500), 1,
        ClaimScope.carriers("twilio"))).extracting(OutboxEntry::id).containsExactly(other.outboxId());
    f.clock.advance(Duration.ofMillis(1));
    EndsHeldSendAfterGiveBack store = new EndsHeldSendAfterGiveBack(f.store, gateway, executor);
    try (TextBack engine = TextBack.builder().businesses(BusinessDirectory.of(f.business)).store(store)
        .gateway(gateway).clock(f.clock).instanceId("engine-1").lease(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(20)).sendConcurrency(3).executor(executor).build()) {
      try {
        CallDecision d = callWithFirstAttemptHeld(engine, gateway);
        Instant firstLease = Objects.requireNonNull(entry(d).leaseUntil());

        // Both leases lapse: the next claim takes the other text first, then the held one again; the executor
        // refuses the first start, so the pass gives both claims back unstarted while the held send still runs.
        f.clock.advance(Duration.ofSeconds(3));
        assertThat(store.givenBack.await(1, TimeUnit.MINUTES)).as("the pass gave its claims back").isTrue();
        assertThat(store.unexpectedClaim).as("the claim the test arranged").isNull();
        assertThat(executor.refused).as("one start refused").hasValue(1);
        OutboxEntry heldAfterGiveBack = Objects.requireNonNull(store.heldAfterGiveBack);
        assertThat(heldAfterGiveBack.leaseOwner()).as("the held entry's newer claim went to the running send, not "
            + "back to the store").isEqualTo("engine-1");
        assertThat(heldAfterGiveBack.leaseUntil()).isAfter(firstLease);
        assertThat(Objects.requireNonNull(store.otherAfterGiveBack).leaseOwner()).as("the refused claim was released")
            .isNull();

        assertThat(gateway.others.await(1, TimeUnit.MINUTES)).as("the other text went out").isTrue();
        engine.runDueWork();
        OutboxEntry held = entry(d);
        assertThat(held.status()).isEqualTo(OutboxStatus.SENT);
        assertThat(held.carrierMessageId()).as("recorded from the held send").isEqualTo("fake-1");
        assertThat(held.leaseOwner()).isNull();
        assertThat(entry(other).status()).isEqualTo(OutboxStatus.SENT);
        assertThat(gateway.calls).as("one send per text: the held one was not sent again").hasValue(2);
      } finally {
        gateway.release.countDown(); // before the engine's close, which waits for the held send
      }
    } finally {
      executor.shutdownNow();
    }
  }

  private void assertRescheduledOnce(OutboxEntry after, HeldFirstGateway gateway) {
    assertThat(after.leaseOwner()).as("no claim left held").isNull();
    assertThat(after.status()).isEqualTo(OutboxStatus.PENDING);
    assertThat(after.attempts()).as("the refused attempt is counted").isEqualTo(1);
    assertThat(after.lastError()).contains("503");
    assertThat(after.dueAt()).as("rescheduled for later, not due at once").isAfter(f.clock.instant());
    assertThat(gateway.calls).as("the newer claim started no second send").hasValue(1);
  }

  private OutboxEntry entry(CallDecision d) {
    return f.store.outboxEntry(d.outboxId()).orElseThrow();
  }

  private OutboxEntry awaitEntry(CallDecision d, Predicate<OutboxEntry> condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    OutboxEntry e = entry(d);
    while (!condition.test(e) && System.nanoTime() < deadline) {
      Thread.sleep(5);
      e = entry(d);
    }
    assertThat(condition).as("outbox entry now: %s, claimed by %s until %s", e, e.leaseOwner(), e.leaseUntil())
        .accepts(e);
    return e;
  }

  /**
   * When a claim returns an entry claimed before (the held send's lease lapsed), lets the held send end and waits
   * until its result is in the store before handing the newer claim to the pass: the send ends between the claim
   * and its start.
   */
  private static final class EndsHeldSendOnReclaim extends ActsOnReclaim {
    EndsHeldSendOnReclaim(TextBackStore store, HeldFirstGateway gateway) {
      super(store, gateway);
    }

    @Override
    void beforeHandingOver(OutboxEntry e) {
      // Bounded well below the test's own wait, so a result never stored fails on the entry's state, not on this.
      awaitInStore(store, e.id(), entry -> entry.leaseOwner() == null, Duration.ofSeconds(10));
    }
  }

  /**
   * When a claim returns an entry it returned before (the held send's lease lapsed), lets the held send end and runs
   * {@link #beforeHandingOver} on the claiming thread before the pass gets the newer claim.
   */
  private abstract static class ActsOnReclaim extends ForwardingStore {
    final CountDownLatch handedOver = new CountDownLatch(1);
    private final HeldFirstGateway gateway;
    private final Set<String> claimedBefore = ConcurrentHashMap.newKeySet();

    ActsOnReclaim(TextBackStore store, HeldFirstGateway gateway) {
      super(store);
      this.gateway = gateway;
    }

    /** What must happen between the held send's release and the newer claim reaching the pass. */
    abstract void beforeHandingOver(OutboxEntry claimedAgain);

    @Override
    public List<OutboxEntry> claimDue(String owner, Instant now, Duration lease, int limit, ClaimScope scope) {
      List<OutboxEntry> claimed = store.claimDue(owner, now, lease, limit, scope);
      for (OutboxEntry e : claimed) {
        if (claimedBefore.add(e.id())) continue;
        gateway.release.countDown();
        beforeHandingOver(e);
        handedOver.countDown();
      }
      return claimed;
    }
  }


  /**
   * Commits the first record of a send and then throws as if the database's answer had been lost; when a claim
   * returns an entry claimed before, lets the held send end and waits until its send task is over (the record, the
   * retries after the lost answer, the slot freed) before handing the newer claim to the pass. The wait is bounded
   * only to turn a hang into a failure; {@link #sendEnded} says whether it ended.
   */
  private static final class LosesFirstRecordAnswer extends ActsOnReclaim {
    final AtomicInteger answersLost = new AtomicInteger();
    volatile boolean sendEnded;
    private final ThreadPoolExecutor executor;

    LosesFirstRecordAnswer(TextBackStore store, HeldFirstGateway gateway, ThreadPoolExecutor executor) {
      super(store, gateway);
      this.executor = executor;
    }

    @Override
    public <T extends @Nullable Object> T inTransaction(Function<StoreTransaction, T> work) {
      T result = store.inTransaction(work);
      if (result instanceof DeliveryReceipts.Recorded && answersLost.compareAndSet(0, 1)) {
        throw new StoreUnavailableException("connection reset after commit (test)", null);
      }
      return result;
    }

    @Override
    void beforeHandingOver(OutboxEntry e) {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (executor.getCompletedTaskCount() < 1 && System.nanoTime() < deadline) LockSupport.parkNanos(1_000_000);
      sendEnded = executor.getCompletedTaskCount() >= 1;
    }
  }


  /** Fails the first read of an outbox entry by id as a store outage would; the reads after it go through. */
  /** Claims nothing while {@link #paused}; otherwise the store as it is. */
  private static final class ClaimsPaused extends ForwardingStore {
    volatile boolean paused;

    ClaimsPaused(TextBackStore store) {
      super(store);
    }

    @Override
    public List<OutboxEntry> claimDue(String owner, Instant now, Duration lease, int limit, ClaimScope scope) {
      return paused ? List.of() : store.claimDue(owner, now, lease, limit, scope);
    }
  }

  private static final class OutageOnFirstRead extends ForwardingStore {
    final EndsHeldSendOnReclaim ordering;
    final AtomicInteger refused = new AtomicInteger();

    OutageOnFirstRead(EndsHeldSendOnReclaim ordering) {
      super(ordering);
      this.ordering = ordering;
    }

    @Override
    public Optional<OutboxEntry> outboxEntry(String id) {
      if (refused.compareAndSet(0, 1)) throw new StoreUnavailableException("database restarting (test)", null);
      return store.outboxEntry(id);
    }
  }

  /**
   * Waits, on a store wrapper's thread, until entry {@code id} meets {@code condition} or {@code max} has passed; the
   * test's own assertions say which it was.
   */
  private static void awaitInStore(TextBackStore store, String id, Predicate<OutboxEntry> condition, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.test(store.outboxEntry(id).orElseThrow()) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000);
    }
  }

  /** An executor that refuses the one task it is told to, and counts what it refused. */
  private static final class RefusingExecutor extends ThreadPoolExecutor {
    final AtomicBoolean refuseNext = new AtomicBoolean();
    final AtomicInteger refused = new AtomicInteger();

    RefusingExecutor() {
      super(4, 4, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    }

    @Override
    public void execute(Runnable task) {
      if (refuseNext.getAndSet(false)) {
        refused.incrementAndGet();
        throw new RejectedExecutionException("refused by the test");
      }
      super.execute(task);
    }
  }

  /**
   * When a claim returns the held entry again (its send's lease lapsed) after another entry, has the executor refuse
   * the next start: the pass starts its claims in order, so the other entry's start is refused and both claims are
   * given back unstarted. The next claim comes once that pass is over: it records both entries as the give-back left
   * them, lets the held send end, and waits (a bounded while) for its text to be recorded before claiming. What it
   * sees on the dispatcher's thread is asserted on the test's.
   */
  private static final class EndsHeldSendAfterGiveBack extends ForwardingStore {
    final CountDownLatch givenBack = new CountDownLatch(1);
    volatile @Nullable OutboxEntry heldAfterGiveBack;
    volatile @Nullable OutboxEntry otherAfterGiveBack;
    /** A claim of the held entry again that is not the one the test arranged, if one came. */
    volatile @Nullable List<OutboxEntry> unexpectedClaim;
    private final HeldFirstGateway gateway;
    private final RefusingExecutor executor;
    private final Set<String> claimedBefore = ConcurrentHashMap.newKeySet();
    private @Nullable String held;
    private @Nullable String other;

    EndsHeldSendAfterGiveBack(TextBackStore store, HeldFirstGateway gateway, RefusingExecutor executor) {
      super(store);
      this.gateway = gateway;
      this.executor = executor;
    }

    @Override
    public synchronized List<OutboxEntry> claimDue(String owner, Instant now, Duration lease, int limit,
        ClaimScope scope) {
      if (held != null && other != null && givenBack.getCount() > 0) {
        heldAfterGiveBack = store.outboxEntry(held).orElseThrow();
        otherAfterGiveBack = store.outboxEntry(other).orElseThrow();
        gateway.release.countDown();
        awaitInStore(store, held, entry -> entry.status() == OutboxStatus.SENT, Duration.ofSeconds(5));
        givenBack.countDown();
      }
      List<OutboxEntry> claimed = store.claimDue(owner, now, lease, limit, scope);
      for (OutboxEntry e : claimed) {
        if (claimedBefore.add(e.id()) || !"engine-1".equals(owner) || held != null) continue;
        if (claimed.size() != 2 || !claimed.get(1).equals(e)) {
          unexpectedClaim = claimed;
          givenBack.countDown();
          continue;
        }
        held = e.id();
        other = claimed.get(0).id();
        executor.refuseNext.set(true);
      }
      return claimed;
    }
  }
}
