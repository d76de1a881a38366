package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.TextBack;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Routing runs apart from sending: a CRM that does not answer holds up no text. */
class EngineSlowRouterTest {
  private final EngineFixture f = new EngineFixture();

  @Test
  void a_crm_that_hangs_does_not_delay_a_text_to_another_caller() throws Exception {
    RoutingRecorder crm = RoutingRecorder.hanging();
    try (TextBack engine = f.engineBuilder().replyRouter(crm).pollInterval(Duration.ofMillis(20)).build()) {
      try {
        textWhileTheCrmHangs(engine, crm);
      } finally {
        crm.release();
      }
    }
  }

  private void textWhileTheCrmHangs(TextBack engine, RoutingRecorder crm) throws InterruptedException {
    engine.start();
    engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
    assertThat(f.gateway.awaitAttempts(1, Duration.ofSeconds(30))).isTrue();
    engine.onInbound(f.text("SM1", EngineFixture.CALLER, "Can you come tomorrow?"));
    assertThat(crm.awaitEntered()).as("the CRM was called").isTrue();

    engine.onCall(f.missedCall("CA2", EngineFixture.OTHER_CALLER));

    assertThat(f.gateway.awaitAttempts(2, Duration.ofSeconds(30)))
        .as("the second caller was texted while the CRM still hangs").isTrue();
    assertThat(f.gateway.attempts()).extracting(r -> r.to().e164())
        .containsExactly(EngineFixture.CALLER, EngineFixture.OTHER_CALLER);
    assertThat(crm.replies).hasSize(1);
  }
}
