package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.TextBack;
import dev.textback.reply.Conversation;
import dev.textback.spi.TextBackStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A burst of queued texts goes out at the rate the gateway takes them: when a dispatcher pass ends full, the next
 * starts at once. The poll interval here is an hour, so a dispatcher that waited for it would leave the texts beyond
 * the first pass unsent for an hour; the await bound only turns that into a failure, it measures nothing.
 */
class DispatcherDrainTest {
  private final EngineFixture f = new EngineFixture();

  private static String caller(int i) {
    return String.format("+1212555%04d", 1000 + i);
  }

  @Test
  void a_burst_larger_than_one_pass_reaches_the_gateway_without_waiting_for_the_poll_interval() throws Exception {
    // One send at a time makes a pass at most 256 texts; the burst is more than two passes.
    int burst = 2 * 256 + 100;
    try (TextBack engine = f.engineBuilder().sendConcurrency(1).pollInterval(Duration.ofHours(1)).build()) {
      for (int i = 0; i < burst; i++) engine.onCall(f.missedCall("CA-" + i, caller(i)));
      assertThat(f.gateway.attempts()).as("nothing is sent before the engine starts").isEmpty();

      engine.start(); // runs the first pass now; only a full pass can start the next before the hour is up

      assertThat(f.gateway.awaitAttempts(burst, Duration.ofMinutes(2))).as("every text of the burst was sent").isTrue();
    }
    assertThat(f.gateway.sent()).hasSize(burst);
  }

  @Test
  void a_pass_woken_by_queued_texts_sends_them_and_leaves_escalations_to_the_timed_passes() throws Exception {
    CountsEscalationScans store = new CountsEscalationScans(f.store);
    try (TextBack engine = f.engineBuilder().store(store).pollInterval(Duration.ofHours(1)).build()) {
      engine.start(); // the first timed pass runs now, and the next in an hour
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (store.scans.get() == 0 && System.nanoTime() < deadline) Thread.sleep(5);
      assertThat(store.scans).as("the first timed pass looked for due escalations").hasValue(1);

      for (int i = 0; i < 20; i++) engine.onCall(f.missedCall("CA-" + i, caller(i)));

      assertThat(f.gateway.awaitAttempts(20, Duration.ofMinutes(1))).as("every queued text was sent").isTrue();
      assertThat(store.scans).as("no pass woken by a queued text looked for escalations").hasValue(1);
      engine.runDueWork();
      assertThat(store.scans).as("a flush by hand does everything a timed pass does").hasValue(2);
    }
  }

  /** Counts the dispatcher's looks for due escalations. */
  private static final class CountsEscalationScans extends ForwardingStore {
    final AtomicInteger scans = new AtomicInteger();

    CountsEscalationScans(TextBackStore store) {
      super(store);
    }

    @Override
    public List<Conversation> dueEscalations(Instant now, int limit) {
      scans.incrementAndGet();
      return store.dueEscalations(now, limit);
    }
  }

  @Test
  void a_flush_by_hand_sends_a_burst_larger_than_one_pass() {
    int burst = 256 + 10;
    try (TextBack engine = f.engineBuilder().sendConcurrency(1).build()) {
      for (int i = 0; i < burst; i++) engine.onCall(f.missedCall("CA-" + i, caller(i)));

      assertThat(engine.runDueWork()).isEqualTo(burst);
    }
    assertThat(f.gateway.sent()).hasSize(burst);
  }
}
