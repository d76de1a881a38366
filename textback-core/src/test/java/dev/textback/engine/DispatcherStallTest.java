package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.textback.TextBack;
import dev.textback.TextBackListener;
import dev.textback.spi.ClaimScope;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.ReplyRouter;
import dev.textback.spi.TextBackStore;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Nothing may leave a text stranded with no failure reported: neither a pass that ends in an unexpected error (a
 * scheduled task that throws is never run again, silently) nor a send task that fails before the gateway is called
 * or is refused by the executor (its claim would otherwise be held for the whole lease, two minutes by default). The
 * hand-moved clock never advances here, so a claim held for its lease would never be claimable again.
 */
class DispatcherStallTest {
  private final EngineFixture f = new EngineFixture();

  @Test
  void background_polling_goes_on_after_a_pass_ends_in_an_error() throws Exception {
    FailsFirstClaim store = new FailsFirstClaim(f.store);
    try (TextBack engine = f.engineBuilder().store(store).pollInterval(Duration.ofMillis(20)).build()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));

      engine.start(); // the first pass fails; only a later poll can send the text

      assertThat(f.gateway.awaitAttempts(1, Duration.ofMinutes(1))).as("a later poll sent the text").isTrue();
    }
    assertThat(store.failed).isTrue();
    assertThat(f.gateway.sent()).hasSize(1);
  }

  @Test
  void a_send_task_that_fails_before_the_gateway_is_called_gives_its_claim_back() {
    AtomicBoolean failed = new AtomicBoolean();
    TextBackListener failsOnce = new TextBackListener() {
      @Override
      public void onSendAttempt(OutboxEntry entry) {
        // Listeners contain exceptions, linkage errors and failed assertions; any other Error goes through.
        if (failed.compareAndSet(false, true)) throw new Error("simulated");
      }
    };
    try (TextBack engine = f.engineBuilder().listener(failsOnce).build()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));

      engine.runDueWork();
      assertThat(f.gateway.attempts()).as("the first task failed before sending").isEmpty();
      engine.runDueWork();
    }
    assertThat(failed).isTrue();
    assertThat(f.gateway.sent()).hasSize(1);
  }

  @Test
  void claims_the_send_executor_refuses_are_given_back() {
    RefusesFirst executor = new RefusesFirst();
    try (TextBack engine = f.engineBuilder().executor(executor).build()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));

      engine.runDueWork();
      assertThat(f.gateway.attempts()).as("the executor refused the first task").isEmpty();
      engine.runDueWork();
    } finally {
      executor.shutdownNow();
    }
    assertThat(f.gateway.sent()).hasSize(1);
  }

  @Test
  void an_executor_failing_in_another_way_gives_the_claim_and_its_slot_back() {
    RefusesFirst executor = new RefusesFirst(() -> new IllegalStateException("simulated: executor broken"));
    // One send slot: a slot kept by the failed hand-over would leave the next flush waiting for ever.
    try (TextBack engine = f.engineBuilder().executor(executor).sendConcurrency(1).build()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));

      assertThatThrownBy(engine::runDueWork).isInstanceOf(IllegalStateException.class);
      assertThat(f.gateway.attempts()).as("the executor failed the first task").isEmpty();
      assertTimeoutPreemptively(Duration.ofMinutes(1), () -> engine.runDueWork());
    } finally {
      executor.shutdownNow();
    }
    assertThat(f.gateway.sent()).hasSize(1);
  }

  @Test
  void a_give_back_that_ends_in_an_error_keeps_no_send_slot_and_its_claims_lapse_into_sends() throws Exception {
    RefusesFirst executor = new RefusesFirst();
    FailsFirstCompletion store = new FailsFirstCompletion(f.store);
    List<String> callers = List.of(EngineFixture.CALLER, EngineFixture.OTHER_CALLER);
    // Two send slots, and two texts in one claim: the executor refuses the first, so both are given back, and
    // giving back the first fails. A slot kept by that would leave fewer than two sends running at once after.
    try (TextBack engine = f.engineBuilder().store(store).executor(executor).sendConcurrency(2)
        .lease(Duration.ofMinutes(2)).build()) {
      for (int i = 0; i < callers.size(); i++) engine.onCall(f.missedCall("CA" + i, callers.get(i)));

      assertThatThrownBy(engine::runDueWork).isInstanceOf(StackOverflowError.class);
      assertThat(store.failed).isTrue();
      assertTimeoutPreemptively(Duration.ofMinutes(1), () -> engine.runDueWork());
      assertThat(f.gateway.attempts()).as("sent while their claims still held").isEmpty();

      f.clock.advance(Duration.ofMinutes(2).plusSeconds(1));
      f.gateway.blockSends();
      Thread pass = new Thread(engine::runDueWork);
      pass.start();
      try {
        assertThat(f.gateway.awaitAttempts(2, Duration.ofMinutes(1))).as("both sends running at once").isTrue();
      } finally {
        f.gateway.release();
        pass.join(TimeUnit.MINUTES.toMillis(1));
      }
    } finally {
      executor.shutdownNow();
    }
    assertThat(f.gateway.sent()).extracting(request -> request.to().e164())
        .containsExactlyInAnyOrderElementsOf(callers);
  }

  @Test
  void entries_a_store_hands_out_beyond_the_claims_limit_are_given_back_and_sent_once_each() {
    ClaimsThreeTimesTheLimit store = new ClaimsThreeTimesTheLimit(f.store);
    List<String> callers = List.of("+12125550101", "+12125550102", "+12125550103", "+12125550104", "+12125550105",
        "+12125550106");
    // Two send slots: a claim for 2 comes back with 6. Before, the pass failed on it and left all 6 held for the
    // lease (for ever on this clock) and its 2 slots taken.
    try (TextBack engine = f.engineBuilder().store(store).sendConcurrency(2).build()) {
      for (int i = 0; i < callers.size(); i++) engine.onCall(f.missedCall("CA" + i, callers.get(i)));

      assertTimeoutPreemptively(Duration.ofMinutes(1), () -> engine.runDueWork());
    }
    assertThat(store.overClaimed).as("claims that came back over their limit").isPositive();
    assertThat(f.gateway.sent()).extracting(request -> request.to().e164())
        .containsExactlyInAnyOrderElementsOf(callers);
    assertThat(f.claimAllPending()).as("entries left pending").isEmpty();
  }

  /**
   * A claim that holds the same entry twice, within the limit or across its cut (a store that breaks the contract).
   * On an executor that runs each send before the next is handed over, a copy within the limit is reached after the
   * first copy's send has ended, which found nothing amiss before; with every send held, the copy is reached while
   * the first copy's send still runs. Each text goes out once, and none is left held.
   */
  @ParameterizedTest(name = "send concurrency {0}, {1}")
  @CsvSource({"4, sends run on the dispatcher's thread", "2, sends run on the dispatcher's thread",
      "1, sends run on the dispatcher's thread", "4, sends held until released", "1, sends held until released",
      "4, sends on the default executor"})
  void an_entry_a_store_hands_out_twice_in_one_claim_is_sent_once(int sendConcurrency, String sends)
      throws Exception {
    ClaimsEachEntryTwice store = new ClaimsEachEntryTwice(f.store);
    List<String> callers = List.of("+12125550101", "+12125550102", "+12125550103");
    boolean held = sends.contains("held");
    TextBack.Builder builder = f.engineBuilder().store(store).sendConcurrency(sendConcurrency);
    if (sends.contains("dispatcher's thread")) builder.executor(new DirectExecutorService());
    if (held) f.gateway.blockSends();
    try (TextBack engine = builder.build()) {
      for (int i = 0; i < callers.size(); i++) engine.onCall(f.missedCall("CA" + i, callers.get(i)));

      Thread releaser = new Thread(() -> {
        try {
          if (held && f.gateway.awaitAttempts(Math.min(sendConcurrency, callers.size()), Duration.ofMinutes(1))) {
            Thread.sleep(50);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        f.gateway.release();
      });
      releaser.start();
      assertTimeoutPreemptively(Duration.ofMinutes(1), () -> engine.runDueWork());
      releaser.join();
      assertTimeoutPreemptively(Duration.ofMinutes(1), () -> engine.runDueWork());
    }
    assertThat(store.doubled.get()).as("claims handed out with each entry twice").isPositive();
    assertThat(f.gateway.attempts()).extracting(request -> request.to().e164())
        .containsExactlyInAnyOrderElementsOf(callers);
    assertThat(f.claimAllPending()).as("entries left pending").isEmpty();
  }

  @Test
  void routing_work_a_store_hands_out_beyond_the_claims_limit_is_given_back_and_routed_once_each() {
    ClaimsThreeTimesTheLimit store = new ClaimsThreeTimesTheLimit(f.store);
    List<String> callers = List.of("+12125550101", "+12125550102", "+12125550103", "+12125550104");
    List<String> routed = new java.util.concurrent.CopyOnWriteArrayList<>();
    // One routing slot, held by the first reply until all four are queued: the next claim finds three due.
    CountDownLatch allQueued = new CountDownLatch(1);
    ReplyRouter router = reply -> {
      allQueued.await();
      routed.add(reply.conversation().caller().e164());
    };
    try (TextBack engine = f.engineBuilder().store(store).replyRouter(router).routingConcurrency(1).build()) {
      for (int i = 0; i < callers.size(); i++) {
        engine.onCall(f.missedCall("CA" + i, callers.get(i)));
        engine.onInbound(f.text("SM" + i, callers.get(i), "Is Thursday possible?"));
      }
      allQueued.countDown();

      assertTimeoutPreemptively(Duration.ofMinutes(1), () -> engine.runDueWork());
    }
    assertThat(store.overClaimedRouting).as("routing claims that came back over their limit").isPositive();
    assertThat(routed).containsExactlyInAnyOrderElementsOf(callers);
    assertThat(f.store.claimDueRouting("probe", Instant.parse("9999-01-01T00:00:00Z"), Duration.ofSeconds(1), 100,
        EnumSet.of(OutboxKind.ROUTE_REPLY, OutboxKind.NOTIFY_ESCALATION))).as("routing work left").isEmpty();
  }

  @Test
  void routing_work_a_store_hands_out_twice_in_one_claim_is_routed_once() {
    ClaimsEachEntryTwice store = new ClaimsEachEntryTwice(f.store);
    List<String> callers = List.of("+12125550101", "+12125550102", "+12125550103");
    List<String> routed = new java.util.concurrent.CopyOnWriteArrayList<>();
    ReplyRouter router = reply -> routed.add(reply.conversation().caller().e164());
    try (TextBack engine = f.engineBuilder().store(store).replyRouter(router).routingConcurrency(4).build()) {
      for (int i = 0; i < callers.size(); i++) engine.onCall(f.missedCall("CA" + i, callers.get(i)));
      assertTimeoutPreemptively(Duration.ofMinutes(1), () -> engine.runDueWork());
      for (int i = 0; i < callers.size(); i++) {
        engine.onInbound(f.text("SM" + i, callers.get(i), "Is Thursday possible?"));
      }

      assertTimeoutPreemptively(Duration.ofMinutes(1), () -> engine.runDueWork());
      assertTimeoutPreemptively(Duration.ofMinutes(1), () -> engine.runDueWork());
    }
    assertThat(store.doubledRouting.get()).as("routing claims handed out with each task twice").isPositive();
    assertThat(routed).containsExactlyInAnyOrderElementsOf(callers);
  }

  @Test
  void routing_goes_on_after_a_routing_claim_ends_in_an_error() throws Exception {
    FailsFirstRoutingClaim store = new FailsFirstRoutingClaim(f.store);
    List<String> routed = new java.util.concurrent.CopyOnWriteArrayList<>();
    ReplyRouter router = reply -> routed.add(reply.conversation().caller().e164());
    // One routing slot: before, the failed claim kept it, and no reply was routed again.
    try (TextBack engine = f.engineBuilder().store(store).replyRouter(router).routingConcurrency(1).build()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.onInbound(f.text("SM1", EngineFixture.CALLER, "Is Thursday possible?")); // its kick's claim fails
      assertThat(store.failed.await(1, TimeUnit.MINUTES)).as("the first routing claim failed").isTrue();

      assertTimeoutPreemptively(Duration.ofMinutes(1), () -> engine.runDueWork());
    }
    assertThat(routed).containsExactly(EngineFixture.CALLER);
  }

  @Test
  void a_routing_executor_failing_in_another_way_gives_the_claims_and_their_slots_back() {
    AtomicBoolean broken = new AtomicBoolean();
    FailingExecutor executor = new FailingExecutor(broken::get,
        () -> new IllegalStateException("simulated: executor broken"));
    List<String> routed = new java.util.concurrent.CopyOnWriteArrayList<>();
    ReplyRouter router = reply -> routed.add(reply.conversation().caller().e164());
    List<String> callers = List.of(EngineFixture.CALLER, EngineFixture.OTHER_CALLER);
    try (TextBack engine = f.engineBuilder().replyRouter(router).routingExecutor(executor).routingConcurrency(2)
        .build()) {
      broken.set(true);
      for (int i = 0; i < callers.size(); i++) {
        engine.onCall(f.missedCall("CA" + i, callers.get(i)));
        engine.onInbound(f.text("SM" + i, callers.get(i), "Is Thursday possible?")); // its kick fails
      }
      // Both replies in one claim: the first hand-over fails, and the second is never handed over.
      assertThatThrownBy(engine::runDueWork).isInstanceOf(IllegalStateException.class);
      assertThat(routed).isEmpty();

      broken.set(false);
      assertTimeoutPreemptively(Duration.ofMinutes(1), () -> engine.runDueWork());
    } finally {
      executor.shutdownNow();
    }
    assertThat(routed).containsExactlyInAnyOrderElementsOf(callers);
  }

  @Test
  void a_routing_executor_that_refuses_every_task_does_not_hold_up_the_texts() {
    AtomicInteger routingClaims = new AtomicInteger();
    TextBackStore counting = new ForwardingStore(f.store) {
      @Override
      public List<OutboxEntry> claimDueRouting(String owner, Instant now, Duration lease, int limit,
          Set<OutboxKind> kinds) {
        routingClaims.incrementAndGet();
        return super.claimDueRouting(owner, now, lease, limit, kinds);
      }
    };
    ExecutorService refusing = Executors.newSingleThreadExecutor();
    refusing.shutdown(); // refuses every task, as a host's pool does once shut down (or a bounded one while full)
    try (TextBack engine = f.engineBuilder().store(counting).replyRouter(reply -> { }).routingExecutor(refusing)
        .routingConcurrency(1).build()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.onInbound(f.text("SM1", EngineFixture.CALLER, "Is Thursday possible?")); // routing work, kick refused
      engine.onCall(f.missedCall("CA2", EngineFixture.OTHER_CALLER));
      int claimsBefore = routingClaims.get();

      // Before, the pass claimed the reply again each time the executor refused it, and never got to the texts.
      assertTimeoutPreemptively(Duration.ofSeconds(30), () -> engine.runDueWork());

      assertThat(f.gateway.attempts()).as("both texts went out").hasSize(2);
      assertThat(routingClaims.get() - claimsBefore).as("the refused reply was claimed once, not in a loop")
          .isEqualTo(1);
      assertThat(f.store.claimDueRouting("probe", f.clock.instant(), Duration.ofSeconds(1), 10,
          EnumSet.of(OutboxKind.ROUTE_REPLY))).as("its claim was given back, so it is due again now").hasSize(1);
    }
  }

  /** The fixture's store, whose first routing claim ends in an Error. */
  private static final class FailsFirstRoutingClaim extends ForwardingStore {
    final CountDownLatch failed = new CountDownLatch(1);

    FailsFirstRoutingClaim(TextBackStore store) {
      super(store);
    }

    @Override
    public List<OutboxEntry> claimDueRouting(String owner, Instant now, Duration lease, int limit,
        Set<OutboxKind> kinds) {
      if (failed.getCount() > 0) {
        failed.countDown();
        throw new StackOverflowError("simulated");
      }
      return store.claimDueRouting(owner, now, lease, limit, kinds);
    }
  }

  /** The fixture's store, claiming three times as many entries as asked for (a store that breaks the contract). */
  private static final class ClaimsThreeTimesTheLimit extends ForwardingStore {
    int overClaimed;
    int overClaimedRouting;

    ClaimsThreeTimesTheLimit(TextBackStore store) {
      super(store);
    }

    @Override
    public List<OutboxEntry> claimDue(String owner, Instant now, Duration lease, int limit, ClaimScope scope) {
      List<OutboxEntry> claimed = store.claimDue(owner, now, lease, 3 * limit, scope);
      if (claimed.size() > limit) overClaimed++;
      return claimed;
    }

    @Override
    public List<OutboxEntry> claimDueRouting(String owner, Instant now, Duration lease, int limit,
        Set<OutboxKind> kinds) {
      List<OutboxEntry> claimed = store.claimDueRouting(owner, now, lease, 3 * limit, kinds);
      if (claimed.size() > limit) overClaimedRouting++;
      return claimed;
    }
  }

  /**
   * The fixture's store, handing out every entry of a claim twice: the claim's entries, then the same again. With
   * a limit of 1 the copy falls beyond the limit; with a limit above the number due, some copies fall within it.
   */
  private static final class ClaimsEachEntryTwice extends ForwardingStore {
    final java.util.concurrent.atomic.AtomicInteger doubled = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger doubledRouting = new java.util.concurrent.atomic.AtomicInteger();

    ClaimsEachEntryTwice(TextBackStore store) {
      super(store);
    }

    @Override
    public List<OutboxEntry> claimDue(String owner, Instant now, Duration lease, int limit, ClaimScope scope) {
      return twice(store.claimDue(owner, now, lease, limit, scope), doubled);
    }

    @Override
    public List<OutboxEntry> claimDueRouting(String owner, Instant now, Duration lease, int limit,
        Set<OutboxKind> kinds) {
      return twice(store.claimDueRouting(owner, now, lease, limit, kinds), doubledRouting);
    }

    private static List<OutboxEntry> twice(List<OutboxEntry> claimed, java.util.concurrent.atomic.AtomicInteger count) {
      if (claimed.isEmpty()) return claimed;
      count.incrementAndGet();
      List<OutboxEntry> twice = new java.util.ArrayList<>(claimed);
      twice.addAll(claimed);
      return twice;
    }
  }

  /** The fixture's store, whose first stored result of a claim (here: a claim given back) ends in an Error. */
  private static final class FailsFirstCompletion extends ForwardingStore {
    final AtomicBoolean failed = new AtomicBoolean();

    FailsFirstCompletion(TextBackStore store) {
      super(store);
    }

    @Override
    public boolean completeClaim(OutboxEntry claimed, OutboxEntry updated) {
      if (failed.compareAndSet(false, true)) throw new StackOverflowError("simulated");
      return store.completeClaim(claimed, updated);
    }
  }

  /** The fixture's store, whose first claim ends in an Error (what a broken driver or a full stack can throw). */
  private static final class FailsFirstClaim extends ForwardingStore {
    final AtomicBoolean failed = new AtomicBoolean();

    FailsFirstClaim(TextBackStore store) {
      super(store);
    }

    @Override
    public List<OutboxEntry> claimDue(String owner, Instant now, Duration lease, int limit, ClaimScope scope) {
      if (failed.compareAndSet(false, true)) throw new StackOverflowError("simulated");
      return store.claimDue(owner, now, lease, limit, scope);
    }
  }

  /**
   * Runs tasks on threads of its own, as many at once as are handed over, and fails a hand-over with
   * {@code failure} whenever {@code failNow} says so.
   */
  private static class FailingExecutor extends AbstractExecutorService {
    private final ExecutorService delegate = Executors.newCachedThreadPool();
    private final java.util.function.BooleanSupplier failNow;
    private final java.util.function.Supplier<RuntimeException> failure;

    FailingExecutor(java.util.function.BooleanSupplier failNow, java.util.function.Supplier<RuntimeException> failure) {
      this.failNow = failNow;
      this.failure = failure;
    }

    @Override
    public void execute(Runnable command) {
      if (failNow.getAsBoolean()) throw failure.get();
      delegate.execute(command);
    }

    @Override
    public void shutdown() {
      delegate.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
      return delegate.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
      return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return delegate.awaitTermination(timeout, unit);
    }
  }

  /** Refuses the first task it is given (with a rejection unless told otherwise), then runs every task. */
  private static final class RefusesFirst extends FailingExecutor {
    RefusesFirst() {
      this(() -> new RejectedExecutionException("simulated: queue full"));
    }

    RefusesFirst(java.util.function.Supplier<RuntimeException> failure) {
      this(new AtomicBoolean(), failure);
    }

    private RefusesFirst(AtomicBoolean refused, java.util.function.Supplier<RuntimeException> failure) {
      super(() -> refused.compareAndSet(false, true), failure);
    }
  }
}
