package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The hourly purge runs beside the dispatcher, not on its thread: a purge of a large store takes seconds, and texts
 * queued meanwhile go out at once instead of waiting for it.
 */
class HousekeepingOffTheDispatcherTest {
  private final EngineFixture f = new EngineFixture();

  @Test
  void a_text_queued_during_a_long_purge_is_sent_without_waiting_for_it() throws Exception {
    CountDownLatch purging = new CountDownLatch(1);
    CountDownLatch finishPurge = new CountDownLatch(1);
    ForwardingStore slowPurge = new ForwardingStore(f.store) {
      @Override
      public int purge(Instant before, Instant closeIdleBefore) {
        purging.countDown();
        try {
          finishPurge.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.purge(before, closeIdleBefore);
      }
    };
    try (TextBack engine = f.engineBuilder().store(slowPurge).pollInterval(Duration.ofMillis(50)).build()) {
      engine.start();
      assertThat(purging.await(10, TimeUnit.SECONDS)).as("the first timed pass began its purge").isTrue();

      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      boolean sent = f.gateway.awaitAttempts(1, Duration.ofSeconds(10));
      finishPurge.countDown();

      assertThat(d.action()).isEqualTo(CallDecision.Action.QUEUED);
      assertThat(sent).as("sent while the purge was still running").isTrue();
    }
  }
}
