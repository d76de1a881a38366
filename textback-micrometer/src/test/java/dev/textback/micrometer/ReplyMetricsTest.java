package dev.textback.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplyMetricsTest {
  private final MetricsFixture f = new MetricsFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void counts_a_stop_as_an_inbound_opt_out_from_a_keyword() {
    f.missedCall("CA1");
    f.engine.runDueWork();
    f.text("SM-in-1", "STOP");

    assertThat(f.count("textback.inbound", "carrier", "twilio", "action", "opted_out")).isEqualTo(1);
    assertThat(f.count("textback.opt.outs", "source", "keyword")).isEqualTo(1);
  }

  @Test
  void counts_a_routed_reply_and_its_escalation_when_nobody_answers() {
    f.missedCall("CA2");
    f.engine.runDueWork();
    f.text("SM-in-2", "Can you come tomorrow?");
    f.engine.runDueWork();

    assertThat(f.count("textback.inbound", "carrier", "twilio", "action", "routed")).isEqualTo(1);
    assertThat(f.registry.find("textback.escalations").counter()).isNull();

    f.clock.advance(Duration.ofMinutes(11)); // the business escalates after 10 minutes
    f.engine.runDueWork();

    assertThat(f.count("textback.escalations")).isEqualTo(1);
  }
}
