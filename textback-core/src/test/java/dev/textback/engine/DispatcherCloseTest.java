package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.spi.ClaimScope;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.TextBackStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Closing drains: close() returns only once the sends in flight, and those a flush by hand under way on another
 * thread starts, have ended and their results are in the store; and the drain timeout bounds the whole close, not
 * each of its steps. The sends run on the host's own executor wherever close() must not get the drain from shutting
 * that executor down. "close() has not returned" is observed over a short window: a close that does not wait
 * returns well within it, and one that waits can never end inside it, so the check cannot fail a correct engine.
 */
class DispatcherCloseTest {
  /** How long a test watches close() for not returning. */
  private static final long WATCH_MILLIS = 300;

  private final EngineFixture f = new EngineFixture();
  private final ExecutorService sends = Executors.newFixedThreadPool(2);
  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopThreads() {
    f.gateway.release();
    sends.shutdownNow();
    threads.shutdownNow();
  }

  @Test
  void close_returns_only_after_the_send_in_flight_is_recorded() throws Exception {
    f.gateway.blockSends();
    TextBack engine = f.engineBuilder().executor(sends).pollInterval(Duration.ofHours(1)).build();
    CallDecision decision = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
    engine.start();
    assertThat(f.gateway.awaitAttempts(1, Duration.ofMinutes(1))).as("the send started").isTrue();

    CountDownLatch closing = new CountDownLatch(1);
    Future<OutboxStatus> statusWhenClosed = threads.submit(() -> {
      closing.countDown();
      engine.close();
      return status(decision);
    });
    assertThat(closing.await(1, TimeUnit.MINUTES)).isTrue();

    assertThatThrownBy(() -> statusWhenClosed.get(WATCH_MILLIS, TimeUnit.MILLISECONDS))
        .as("close() returned while the send was still with the gateway").isInstanceOf(TimeoutException.class);
    assertThat(status(decision)).as("the blocked send is not recorded yet").isEqualTo(OutboxStatus.PENDING);

    f.gateway.release();
    assertThat(statusWhenClosed.get(1, TimeUnit.MINUTES)).as("recorded before close() returned")
        .isEqualTo(OutboxStatus.SENT);
  }

  @Test
  void close_waits_for_a_flush_under_way_on_another_thread_and_the_sends_it_starts() throws Exception {
    ClaimHeld store = new ClaimHeld(f.store);
    TextBack engine = f.engineBuilder().store(store).executor(sends).build();
    CallDecision decision = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
    Future<Integer> flush = threads.submit(engine::runDueWork);
    assertThat(store.claiming.await(1, TimeUnit.MINUTES)).as("the flush is claiming").isTrue();

    CountDownLatch closing = new CountDownLatch(1);
    Future<OutboxStatus> statusWhenClosed = threads.submit(() -> {
      closing.countDown();
      engine.close();
      return status(decision);
    });
    assertThat(closing.await(1, TimeUnit.MINUTES)).isTrue();

    assertThatThrownBy(() -> statusWhenClosed.get(WATCH_MILLIS, TimeUnit.MILLISECONDS))
        .as("close() returned while a flush was still claiming").isInstanceOf(TimeoutException.class);

    store.proceed.countDown();
    assertThat(statusWhenClosed.get(1, TimeUnit.MINUTES))
        .as("the text the flush claimed was sent and recorded before close() returned")
        .isEqualTo(OutboxStatus.SENT);
    assertThat(flush.get(1, TimeUnit.MINUTES)).isEqualTo(1);
    assertThat(f.gateway.sent()).hasSize(1);
  }

  @Test
  void the_drain_timeout_bounds_the_whole_close_when_sends_routing_and_a_pass_are_all_stuck() throws Exception {
    Duration drain = Duration.ofMillis(1_500);
    RoutingRecorder crm = RoutingRecorder.hanging();
    f.gateway.blockSends();
    // The engine's own executors: close() waits for each of them, for its scheduler and for its sends.
    TextBack engine = f.engineBuilder().sendConcurrency(1).replyRouter(crm).drainTimeout(drain)
        .pollInterval(Duration.ofHours(1)).build();
    try {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.onCall(f.missedCall("CA2", EngineFixture.OTHER_CALLER));
      engine.start(); // the pass sends the first text, then waits for its one slot to take the second
      assertThat(f.gateway.awaitAttempts(1, Duration.ofMinutes(1))).isTrue();
      engine.onInbound(f.text("SM1", EngineFixture.CALLER, "Can you come tomorrow?"));
      assertThat(crm.awaitEntered()).as("the CRM hangs").isTrue();

      long started = System.nanoTime();
      engine.close();
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(took).as("close() waited for the stuck work").isGreaterThanOrEqualTo(drain);
      // Four steps each waiting the full timeout would take 6 s; one deadline for all takes 1.5 s and some overhead.
      assertThat(took).as("close() took about one drain timeout, not one per step").isLessThan(drain.multipliedBy(2));
    } finally {
      crm.release();
    }
  }

  private OutboxStatus status(CallDecision decision) {
    String id = Objects.requireNonNull(decision.outboxId(), "no text queued");
    return f.store.outboxEntry(id).orElseThrow().status();
  }

  /** The fixture's store, whose first claim for sends waits until the test lets it go on. */
  private static final class ClaimHeld extends ForwardingStore {
    final CountDownLatch claiming = new CountDownLatch(1);
    final CountDownLatch proceed = new CountDownLatch(1);

    ClaimHeld(TextBackStore store) {
      super(store);
    }

    @Override
    public List<OutboxEntry> claimDue(String owner, Instant now, Duration lease, int limit, ClaimScope scope) {
      if (claiming.getCount() > 0) {
        claiming.countDown();
        try {
          proceed.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while the claim was held", e);
        }
      }
      return store.claimDue(owner, now, lease, limit, scope);
    }
  }
}
