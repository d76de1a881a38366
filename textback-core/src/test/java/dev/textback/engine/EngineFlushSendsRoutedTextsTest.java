package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.TextBack;
import dev.textback.phone.PhoneNumber;
import dev.textback.routing.OwnerSmsEscalationNotifier;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * TextBack.runDueWork: "sends what is due by the engine's clock (waiting for those sends) ... and hands due replies
 * and escalations to the router and notifier ... call it to flush after advancing a test clock, or from a scheduler
 * in hosts without background threads". A text the notifier or router queues for now is due work too.
 */
class EngineFlushSendsRoutedTextsTest {
  private static final PhoneNumber OWNER = PhoneNumber.of("+13035550199");
  private final EngineFixture f = new EngineFixture(b -> b.ownerPhone(OWNER.e164()));

  @Test
  void one_flush_after_the_escalation_time_texts_the_owner() {
    try (TextBack engine = f.engineBuilder().escalationNotifier(new OwnerSmsEscalationNotifier()).build()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.runDueWork();
      engine.onInbound(f.text("SM1", EngineFixture.CALLER, "Can someone come today?"));
      f.clock.advance(Duration.ofMinutes(10));

      engine.runDueWork();

      assertThat(f.gateway.sent()).extracting(r -> r.to()).contains(OWNER);
    }
  }
}
