package dev.textback.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.spi.Escalation;
import dev.textback.spi.RoutingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompositeEscalationNotifierTest {
  private static Escalation escalation() {
    return new Escalation(null, Fixtures.conversation(), Duration.ofMinutes(10), "Are you still there?",
        new Fixtures.RecordingQueue());
  }

  @Test
  void tells_every_notifier_in_order_even_after_one_failed() {
    List<String> calls = new ArrayList<>();
    CompositeEscalationNotifier composite = CompositeEscalationNotifier.of(e -> {
      calls.add("webhook");
      throw RoutingException.retriable("escalation webhook answered 503", null);
    }, e -> calls.add("owner sms"));

    assertThatThrownBy(() -> composite.escalate(escalation())).hasMessageContaining("503");
    assertThat(calls).containsExactly("webhook", "owner sms");
  }

  @Test
  void a_permanent_failure_gives_way_to_a_later_one_worth_retrying() {
    RoutingException rejected = RoutingException.permanent("escalation webhook answered 400", null);
    RoutingException storeDown = RoutingException.retriable("the owner's text could not be queued", null);
    CompositeEscalationNotifier composite = CompositeEscalationNotifier.of(e -> {
      throw rejected;
    }, e -> {
      throw storeDown;
    });

    assertThatThrownBy(() -> composite.escalate(escalation()))
        .isSameAs(storeDown)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(rejected));
  }

  @Test
  void permanent_failures_alone_stay_permanent() {
    RoutingException rejected = RoutingException.permanent("escalation webhook answered 400", null);
    RoutingException gone = RoutingException.permanent("escalation webhook answered 410", null);
    CompositeEscalationNotifier composite = CompositeEscalationNotifier.of(e -> {
      throw rejected;
    }, e -> {
      throw gone;
    });

    assertThatThrownBy(() -> composite.escalate(escalation())).isSameAs(rejected);
  }
}
