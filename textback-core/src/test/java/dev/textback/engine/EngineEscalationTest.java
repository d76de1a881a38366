package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.spi.Escalation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EngineEscalationTest {
  private final EngineFixture f = new EngineFixture();
  private final List<Escalation> escalations = new CopyOnWriteArrayList<>();

  private TextBack engine() {
    return f.engineBuilder().escalationNotifier(escalations::add).build();
  }

  @Test
  void a_reply_left_waiting_ten_minutes_is_escalated_once() {
    try (TextBack engine = engine()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.runDueWork();
      engine.onInbound(f.text("SM1", EngineFixture.CALLER, "Can someone come today?"));

      f.clock.advance(Duration.ofMinutes(9).plusSeconds(59));
      engine.runDueWork();
      assertThat(escalations).isEmpty();

      f.clock.advance(Duration.ofSeconds(1));
      engine.runDueWork();
      f.clock.advance(Duration.ofMinutes(30));
      engine.runDueWork();

      assertThat(escalations).hasSize(1);
      Escalation e = escalations.get(0);
      assertThat(e.conversation().id()).isEqualTo(d.conversationId());
      assertThat(e.waited()).isEqualTo(Duration.ofMinutes(10));
      assertThat(e.lastReply()).isEqualTo("Can someone come today?");
    }
  }

  @Test
  void a_business_response_in_time_prevents_the_escalation() {
    try (TextBack engine = engine()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.onInbound(f.text("SM1", EngineFixture.CALLER, "Can someone come today?"));
      f.clock.advance(Duration.ofMinutes(5));
      engine.reply(d.conversationId(), "Yes, we can be there at 4.", "amy");
      f.clock.advance(Duration.ofMinutes(30));
      engine.runDueWork();

      assertThat(escalations).isEmpty();
    }
  }

  @Test
  void a_new_reply_after_an_escalation_is_escalated_again() {
    try (TextBack engine = engine()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.onInbound(f.text("SM1", EngineFixture.CALLER, "Hello?"));
      f.clock.advance(Duration.ofMinutes(10));
      engine.runDueWork();
      engine.onInbound(f.text("SM2", EngineFixture.CALLER, "Anyone there?"));
      f.clock.advance(Duration.ofMinutes(10));
      engine.runDueWork();

      assertThat(escalations).extracting(Escalation::lastReply).containsExactly("Hello?", "Anyone there?");
    }
  }
}
