package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.TextBackListener;
import dev.textback.reply.Conversation;
import dev.textback.spi.Escalation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
  void listeners_are_told_of_the_escalation_as_stored_with_nothing_left_to_escalate() {
    List<Conversation> told = new CopyOnWriteArrayList<>();
    TextBackListener listener = new TextBackListener() {
      @Override
      public void onEscalated(Conversation conversation) {
        told.add(conversation);
      }
    };
    try (TextBack engine = f.engineBuilder().escalationNotifier(escalations::add).listener(listener).build()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.onInbound(f.text("SM1", EngineFixture.CALLER, "Can someone come today?"));
      f.clock.advance(Duration.ofMinutes(10));
      engine.runDueWork();

      assertThat(told).singleElement().satisfies(c -> {
        assertThat(c.escalateAt()).isNull();
        assertThat(c).isEqualTo(engine.conversation(d.conversationId()).orElseThrow());
      });
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

  @Test
  void a_flush_by_hand_escalates_every_waiting_reply_however_many_are_due() {
    try (TextBack engine = engine()) {
      int waiting = repliesLeftWaiting(engine, 70); // more than two scans' batches

      f.clock.advance(Duration.ofMinutes(10));
      engine.runDueWork();

      assertThat(escalations).hasSize(waiting);
      assertThat(escalations).extracting(e -> e.conversation().caller().e164()).doesNotHaveDuplicates();
    }
  }

  @Test
  void a_backlog_larger_than_one_scan_is_escalated_in_the_background_without_waiting_for_the_poll_interval()
      throws Exception {
    try (TextBack engine = f.engineBuilder().escalationNotifier(escalations::add).pollInterval(Duration.ofHours(1))
        .build()) {
      int waiting = repliesLeftWaiting(engine, 70);
      f.clock.advance(Duration.ofMinutes(10));

      engine.start(); // its first timed pass runs at once; the next would come an hour later
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // turns a hang into a failure, no more
      while (escalations.size() < waiting && System.nanoTime() < deadline) Thread.sleep(5);

      assertThat(escalations).hasSize(waiting);
    }
  }

  /** Missed calls from {@code callers} callers, each answered with a reply the business leaves waiting. */
  private int repliesLeftWaiting(TextBack engine, int callers) {
    for (int i = 0; i < callers; i++) {
      String caller = String.format("+1212555%04d", 1000 + i);
      engine.onCall(f.missedCall("CA-" + i, caller));
      engine.onInbound(f.text("SM-" + i, caller, "Can someone come today?"));
    }
    return callers;
  }
}
