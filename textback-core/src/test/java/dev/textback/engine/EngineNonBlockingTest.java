package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.InboundResult;
import dev.textback.TextBack;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Webhook-facing calls must never wait on a carrier. The gateway here blocks every send until released; if
 * onCall or onInbound waited for it, the futures below would never complete (the timeout only turns such a
 * hang into a failure, it measures nothing).
 */
class EngineNonBlockingTest {
  private final EngineFixture f = new EngineFixture();

  @Test
  void webhook_calls_return_while_the_carrier_is_stuck() throws Exception {
    f.gateway.blockSends();
    try (TextBack engine = f.engineBuilder().drainTimeout(Duration.ofSeconds(10)).build()) {
      engine.start();
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      // The dispatcher is now stuck in the gateway.
      assertThat(f.gateway.awaitAttempts(1, Duration.ofSeconds(30))).as("a send started").isTrue();

      CallDecision second = CompletableFuture.supplyAsync(
          () -> engine.onCall(f.missedCall("CA2", EngineFixture.OTHER_CALLER))).get(30, TimeUnit.SECONDS);
      InboundResult reply = CompletableFuture.supplyAsync(
          () -> engine.onInbound(f.text("SM1", EngineFixture.CALLER, "hello"))).get(30, TimeUnit.SECONDS);

      assertThat(second.action()).isEqualTo(CallDecision.Action.QUEUED);
      assertThat(reply.action()).isEqualTo(InboundResult.Action.ROUTED);
      assertThat(f.gateway.sent()).isEmpty();
      f.gateway.release();
      engine.runDueWork(); // whatever the stuck pass had not claimed yet
    }
    assertThat(f.gateway.sent()).hasSize(2);
  }
}
