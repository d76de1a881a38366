package dev.textback.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.call.CallOutcome;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallAndTextMetricsTest {
  private final MetricsFixture f = new MetricsFixture();

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void counts_a_missed_call_once_even_when_the_carrier_delivers_it_twice() {
    f.missedCall("CA1");
    f.missedCall("CA1");

    assertThat(f.count("textback.calls", "outcome", "no_answer", "action", "queued", "reason", "text")).isEqualTo(1);
    assertThat(f.count("textback.texts.queued", "carrier", "twilio", "kind", "text_back")).isEqualTo(1);
  }

  @Test
  void counts_an_answered_call_as_skipped_with_its_reason() {
    f.call("CA2", CallOutcome.ANSWERED);

    assertThat(f.count("textback.calls", "outcome", "answered", "action", "skipped", "reason", "skipped_answered"))
        .isEqualTo(1);
    assertThat(f.registry.find("textback.texts.queued").counter()).isNull();
  }

  @Test
  void counts_the_sent_text_and_times_it_from_the_missed_call() {
    f.missedCall("CA3");
    f.engine.runDueWork();

    assertThat(f.count("textback.texts.sent", "carrier", "twilio", "kind", "text_back")).isEqualTo(1);
    Timer latency = f.registry.get("textback.text.back.latency").tags("carrier", "twilio").timer();
    // The call started 60 s before the clock's time, and the clock stood still until the send.
    assertThat(latency.count()).isEqualTo(1);
    assertThat(latency.totalTime(TimeUnit.SECONDS)).isEqualTo(60.0);
    assertThat(f.registry.get("textback.send.duration").tags("carrier", "twilio", "result", "sent").timer().count())
        .isEqualTo(1);
  }

  @Test
  void tags_carry_no_phone_number_or_id() {
    f.missedCall("CA4");
    f.engine.runDueWork();
    f.text("SM-in-1", "Yes please");

    assertThat(f.registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags())
        .allSatisfy(tag -> assertThat(tag.getValue()).doesNotContain("555", "CA4", "SM", "acme")));
  }
}
