package dev.textback.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.phone.PhoneNumber;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The start of an attempt whose result is never reported (its claim passed to another engine first) is let go once
 * it is older than any send, so the send timer's bookkeeping cannot grow for the life of the process.
 */
class SendStartsPruningTest {
  private static OutboxEntry entry(int i) {
    Instant now = Instant.parse("2026-07-14T20:00:00Z");
    return OutboxEntry.builder().id("ob-" + i).kind(OutboxKind.TEXT_BACK).businessId("b").carrier("twilio")
        .from(PhoneNumber.of("+13035550100")).to(PhoneNumber.of("+12125550123")).body("hi").createdAt(now)
        .dueAt(now).status(OutboxStatus.PENDING).build();
  }

  @Test
  void attempts_never_answered_are_let_go_once_older_than_any_send() {
    TextBackMetrics metrics = new TextBackMetrics();
    int leftovers = TextBackMetrics.SEND_STARTS_PRUNED_PAST;
    for (int i = 0; i < leftovers; i++) metrics.onSendAttempt(entry(i));
    metrics.ageSendStarts(TimeUnit.MINUTES.toNanos(11));

    metrics.onSendAttempt(entry(leftovers)); // one more: past the size, the stale ones go

    assertThat(metrics.sendsInFlight()).isEqualTo(1);
  }

  @Test
  void recent_attempts_are_kept_however_many() {
    TextBackMetrics metrics = new TextBackMetrics();
    for (int i = 0; i <= TextBackMetrics.SEND_STARTS_PRUNED_PAST; i++) metrics.onSendAttempt(entry(i));

    assertThat(metrics.sendsInFlight()).isEqualTo(TextBackMetrics.SEND_STARTS_PRUNED_PAST + 1);
  }
}
