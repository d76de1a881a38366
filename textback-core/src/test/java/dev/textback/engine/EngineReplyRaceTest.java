package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationStatus;
import dev.textback.spi.Escalation;
import dev.textback.spi.StoreTransaction;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A caller's text that commits while the business's reply (or its "handled") waits for the conversation's lock was
 * not seen by the business: it still waits for an answer, and escalates, instead of being marked answered.
 */
class EngineReplyRaceTest {
  private final EngineFixture f = new EngineFixture();
  private final List<Escalation> escalations = new CopyOnWriteArrayList<>();
  /** Runs just before the next transaction: another one that got the conversation's lock first. */
  private final AtomicReference<Runnable> beforeNextTransaction = new AtomicReference<>();

  private TextBack engine() {
    ForwardingStore store = new ForwardingStore(f.store) {
      @Override
      public <T extends @Nullable Object> T inTransaction(Function<StoreTransaction, T> work) {
        Runnable first = beforeNextTransaction.getAndSet(null);
        if (first != null) first.run();
        return super.inTransaction(work);
      }
    };
    return f.engineBuilder().store(store).escalationNotifier(escalations::add).build();
  }

  private CallDecision aCallerWaitingForAnAnswer(TextBack engine) {
    CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
    engine.runDueWork();
    engine.onInbound(f.text("SM1", EngineFixture.CALLER, "Can you come today?"));
    f.clock.advance(Duration.ofMinutes(2));
    // Stamped at the same instant the business acts: which came first is told by the conversation, not the clock.
    beforeNextTransaction.set(() -> engine.onInbound(f.text("SM2", EngineFixture.CALLER,
        "Actually the boiler smells of gas, please call!")));
    return d;
  }

  @Test
  void a_caller_text_that_came_while_the_reply_waited_still_waits_and_escalates() {
    try (TextBack engine = engine()) {
      CallDecision d = aCallerWaitingForAnAnswer(engine);

      engine.reply(d.conversationId(), "Yes, at 4 pm.", "amy");
      f.clock.advance(Duration.ofMinutes(30));
      engine.runDueWork();

      assertThat(engine.conversation(d.conversationId()).orElseThrow().needsReply()).isTrue();
      assertThat(escalations).extracting(Escalation::lastReply)
          .containsExactly("Actually the boiler smells of gas, please call!");
    }
  }

  @Test
  void a_caller_text_that_came_while_handled_waited_leaves_the_conversation_open() {
    try (TextBack engine = engine()) {
      CallDecision d = aCallerWaitingForAnAnswer(engine);

      Conversation after = engine.markHandled(d.conversationId(), "amy");

      assertThat(after.status()).isEqualTo(ConversationStatus.OPEN);
      assertThat(after.needsReply()).isTrue();
    }
  }

  @Test
  void a_reply_with_nothing_new_from_the_caller_answers_the_wait() {
    try (TextBack engine = engine()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.onInbound(f.text("SM1", EngineFixture.CALLER, "Can you come today?"));
      f.clock.advance(Duration.ofMinutes(2));

      engine.reply(d.conversationId(), "Yes, at 4 pm.", "amy");
      f.clock.advance(Duration.ofMinutes(30));
      engine.runDueWork();

      assertThat(engine.conversation(d.conversationId()).orElseThrow().needsReply()).isFalse();
      assertThat(escalations).isEmpty();
    }
  }
}
