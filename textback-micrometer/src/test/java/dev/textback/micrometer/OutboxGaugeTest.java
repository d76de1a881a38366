package dev.textback.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboxGaugeTest {

  @Test
  void reports_a_text_waiting_for_its_send_delay_as_pending_but_not_due() {
    try (MetricsFixture f = new MetricsFixture(Duration.ofMinutes(5))) {
      f.missedCall("CA1");

      assertThat(gauge(f, "textback.outbox.pending")).isEqualTo(1.0);
      assertThat(gauge(f, "textback.outbox.due")).isEqualTo(0.0);
      assertThat(gauge(f, "textback.outbox.oldest.due.age")).isEqualTo(0.0);
    }
  }

  @Test
  void reports_how_long_the_oldest_due_text_has_waited() throws Exception {
    try (MetricsFixture f = new MetricsFixture(Duration.ofMinutes(5))) {
      f.missedCall("CA1");
      f.clock.advance(Duration.ofMinutes(7)); // due 5 minutes after the call was decided: 2 minutes overdue
      Thread.sleep(1_100); // past the one-second reuse of a reading

      assertThat(gauge(f, "textback.outbox.due")).isEqualTo(1.0);
      assertThat(gauge(f, "textback.outbox.oldest.due.age")).isEqualTo(120.0);
      assertThat(f.registry.get("textback.outbox.oldest.due.age").gauge().getId().getBaseUnit()).isEqualTo("seconds");
    }
  }

  @Test
  void reports_an_unknown_backlog_before_an_engine_is_watched() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new TextBackMetrics().bindTo(registry);

    assertThat(registry.get("textback.outbox.pending").gauge().value()).isNaN();
  }

  private static double gauge(MetricsFixture f, String name) {
    return f.registry.get(name).gauge().value();
  }
}
