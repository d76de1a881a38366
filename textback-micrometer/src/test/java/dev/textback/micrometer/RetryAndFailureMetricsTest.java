package dev.textback.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.message.PermanentFailureReason;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryAndFailureMetricsTest {
  private final MetricsFixture f = new MetricsFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void counts_a_retry_after_a_possibly_accepted_attempt_and_the_possible_duplicate_it_sends() {
    f.gateway.thenFailTransiently();
    f.missedCall("CA1");
    f.engine.runDueWork();

    assertThat(f.count("textback.texts.retries", "carrier", "twilio", "accepted", "maybe")).isEqualTo(1);
    assertThat(f.registry.find("textback.texts.sent").counter()).isNull();

    f.clock.advance(Duration.ofMinutes(10)); // past any backoff of the default retry policy
    f.engine.runDueWork();

    assertThat(f.count("textback.texts.sent", "carrier", "twilio", "kind", "text_back")).isEqualTo(1);
    assertThat(f.count("textback.texts.possible.duplicates", "carrier", "twilio")).isEqualTo(1);
    assertThat(f.registry.get("textback.send.duration").tags("result", "retriable").timer().count()).isEqualTo(1);
    assertThat(f.registry.get("textback.send.duration").tags("result", "sent").timer().count()).isEqualTo(1);
  }

  @Test
  void counts_a_refusal_for_good_by_reason_and_a_carrier_opt_out_as_an_opt_out() {
    f.gateway.thenRefuse(PermanentFailureReason.OPTED_OUT);
    f.missedCall("CA2");
    f.engine.runDueWork();

    assertThat(f.count("textback.texts.failed", "carrier", "twilio", "kind", "text_back", "reason", "opted_out"))
        .isEqualTo(1);
    assertThat(f.count("textback.opt.outs", "source", "carrier")).isEqualTo(1);
    assertThat(f.registry.find("textback.texts.retries").counter()).isNull();
  }
}
