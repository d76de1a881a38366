package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.spi.Escalation;
import dev.textback.spi.EscalationNotifier;
import dev.textback.spi.RoutingException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An escalation the notifier could not take is tried again, unchanged, unless the business answered meanwhile. */
class EngineEscalationRetryTest {
  private final EngineFixture f = new EngineFixture();
  private final List<Escalation> offered = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();

  private TextBack engine() {
    EscalationNotifier flaky = escalation -> {
      offered.add(escalation);
      if (failuresLeft.getAndDecrement() > 0) throw RoutingException.retriable("pager answered 503", null);
    };
    return f.engineBuilder().escalationNotifier(flaky).build();
  }

  @Test
  void a_notifier_that_failed_gets_the_same_escalation_again_flagged() {
    failuresLeft.set(1);
    try (TextBack engine = engine()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.onInbound(f.text("SM1", EngineFixture.CALLER, "Can someone come today?"));
      f.clock.advance(Duration.ofMinutes(10));
      engine.runDueWork();
      f.clock.advance(Duration.ofMinutes(1));
      engine.runDueWork();
      f.clock.advance(Duration.ofHours(1));
      engine.runDueWork();
    }

    assertThat(offered).hasSize(2);
    Escalation first = offered.get(0);
    Escalation again = offered.get(1);
    assertThat(first.possibleDuplicate()).isFalse();
    assertThat(again.possibleDuplicate()).isTrue();
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.waited()).as("how long the reply had waited when escalated").isEqualTo(Duration.ofMinutes(10));
    assertThat(again.lastReply()).isEqualTo("Can someone come today?");
  }

  @Test
  void an_escalation_answered_before_the_notifier_took_it_is_dropped() {
    failuresLeft.set(1);
    try (TextBack engine = engine()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.onInbound(f.text("SM1", EngineFixture.CALLER, "Can someone come today?"));
      f.clock.advance(Duration.ofMinutes(10));
      engine.runDueWork();
      engine.reply(d.conversationId(), "Yes, at 4.", "amy");
      f.clock.advance(Duration.ofHours(1));
      engine.runDueWork();
    }

    assertThat(offered).hasSize(1);
  }
}
