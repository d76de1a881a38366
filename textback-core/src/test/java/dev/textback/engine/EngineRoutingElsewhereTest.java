package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.spi.Escalation;
import dev.textback.spi.RoutedReply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Engines that take webhooks without routing them, beside engines that route: with {@code routingElsewhere}, the
 * replies and escalations the first receive reach the others' router and notifier. The two engines share one store.
 */
class EngineRoutingElsewhereTest {
  private final EngineFixture f = new EngineFixture();
  private final List<RoutedReply> routed = new CopyOnWriteArrayList<>();
  private final List<Escalation> escalations = new CopyOnWriteArrayList<>();

  private TextBack webhookEngine(boolean routingElsewhere) {
    return f.engineBuilder().instanceId("web").routingElsewhere(routingElsewhere).build();
  }

  private TextBack routingEngine() {
    return f.engineBuilder().instanceId("worker").replyRouter(routed::add).escalationNotifier(escalations::add)
        .build();
  }

  @Test
  void a_reply_taken_by_an_engine_without_a_router_is_routed_by_the_engine_that_has_one() {
    try (TextBack web = webhookEngine(true); TextBack worker = routingEngine()) {
      CallDecision d = web.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      web.runDueWork();
      web.onInbound(f.text("SM1", EngineFixture.CALLER, "Can someone come today?"));
      web.runDueWork();

      worker.runDueWork();

      assertThat(routed).singleElement().satisfies(r -> {
        assertThat(r.conversation().id()).isEqualTo(d.conversationId());
        assertThat(r.message().body()).isEqualTo("Can someone come today?");
      });
    }
  }

  @Test
  void an_escalation_fired_by_an_engine_without_a_notifier_reaches_the_engine_that_has_one() {
    try (TextBack web = webhookEngine(true); TextBack worker = routingEngine()) {
      CallDecision d = web.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      web.onInbound(f.text("SM1", EngineFixture.CALLER, "Can someone come today?"));
      f.clock.advance(Duration.ofMinutes(10));

      web.runDueWork(); // the web engine's pass fires the escalation first
      worker.runDueWork();

      assertThat(escalations).singleElement().satisfies(e -> {
        assertThat(e.conversation().id()).isEqualTo(d.conversationId());
        assertThat(e.lastReply()).isEqualTo("Can someone come today?");
      });
    }
  }
}
