package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationStatus;
import dev.textback.spi.Escalation;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EngineConversationLifecycleTest {
  private final EngineFixture f = new EngineFixture();
  private final List<Escalation> escalations = new CopyOnWriteArrayList<>();

  private TextBack engine() {
    return f.engineBuilder().escalationNotifier(escalations::add).build();
  }

  @Test
  void a_reply_still_waiting_keeps_its_conversation_and_escalation_when_a_new_episode_starts() {
    try (TextBack engine = engine()) {
      CallDecision first = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      f.clock.advance(Duration.ofHours(24).plusMinutes(5));
      engine.onInbound(f.text("SM1", EngineFixture.CALLER, "Burst pipe, please call me"));
      f.clock.advance(Duration.ofMinutes(1));
      CallDecision second = engine.onCall(f.missedCall("CA2", EngineFixture.CALLER)); // a new episode

      Conversation waiting = engine.conversation(first.conversationId()).orElseThrow();
      assertThat(second.conversationId()).isNotEqualTo(first.conversationId());
      assertThat(waiting.status()).isEqualTo(ConversationStatus.OPEN);
      assertThat(waiting.needsReply()).isTrue();

      f.clock.advance(Duration.ofMinutes(10));
      engine.runDueWork();
      assertThat(escalations).extracting(e -> e.conversation().id()).containsExactly(first.conversationId());
    }
  }

  @Test
  void an_answered_old_conversation_is_closed_when_a_new_episode_starts() {
    try (TextBack engine = engine()) {
      CallDecision first = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.runDueWork(); // its text goes out: a text still waiting would hold back the next episode's
      f.clock.advance(Duration.ofHours(25));
      engine.onCall(f.missedCall("CA2", EngineFixture.CALLER));

      assertThat(engine.conversation(first.conversationId()).orElseThrow().status())
          .isEqualTo(ConversationStatus.CLOSED);
      assertThat(engine.conversations("summit", EnumSet.of(ConversationStatus.OPEN), 10)).hasSize(1);
    }
  }

  @Test
  void stop_cancels_the_pending_escalation_of_that_caller() {
    try (TextBack engine = engine()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.onInbound(f.text("SM1", EngineFixture.CALLER, "How much for a tune-up?"));
      f.clock.advance(Duration.ofMinutes(3));
      engine.onInbound(f.text("SM2", EngineFixture.CALLER, "STOP"));
      f.clock.advance(Duration.ofMinutes(30));
      engine.runDueWork();

      assertThat(escalations).isEmpty();
    }
  }

  @Test
  void a_closed_conversation_cannot_be_marked_handled() {
    try (TextBack engine = engine()) {
      CallDecision first = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.runDueWork();
      f.clock.advance(Duration.ofHours(25));
      engine.onCall(f.missedCall("CA2", EngineFixture.CALLER));

      assertThatThrownBy(() -> engine.markHandled(first.conversationId(), "amy"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("closed");
    }
  }
}
