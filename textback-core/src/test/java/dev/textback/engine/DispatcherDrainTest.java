package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.TextBack;
import java.time.Duration;
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
  void a_flush_by_hand_sends_a_burst_larger_than_one_pass() {
    int burst = 256 + 10;
    try (TextBack engine = f.engineBuilder().sendConcurrency(1).build()) {
      for (int i = 0; i < burst; i++) engine.onCall(f.missedCall("CA-" + i, caller(i)));

      assertThat(engine.runDueWork()).isEqualTo(burst);
    }
    assertThat(f.gateway.sent()).hasSize(burst);
  }
}
