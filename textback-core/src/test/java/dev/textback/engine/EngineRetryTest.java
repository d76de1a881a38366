package dev.textback.engine;

import dev.textback.spi.SendException;
import dev.textback.phone.CarrierId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.message.PermanentFailureReason;
import dev.textback.phone.PhoneNumber;
import dev.textback.rules.Reason;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.PermanentSendException;
import dev.textback.spi.RetriableSendException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineRetryTest {
  private final EngineFixture f = new EngineFixture();

  private static RetriableSendException outage(Duration retryAfter) {
    return SendException.builder(CarrierId.of("twilio"), "503 from carrier").httpStatus(503).retryAfter(retryAfter).notSent();
  }

  @Test
  void two_transient_failures_then_success_send_exactly_one_text() {
    f.gateway.failNext(outage(null), outage(null));
    try (TextBack engine = f.engine()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.runDueWork(); // attempt 1 fails
      for (int i = 0; i < 2; i++) {
        f.clock.advance(Duration.ofMinutes(1)); // beyond any backoff of the default policy (<= 12 s here)
        engine.runDueWork();
      }
      f.clock.advance(Duration.ofMinutes(1));
      engine.runDueWork();

      assertThat(f.gateway.attempts()).hasSize(3);
      assertThat(f.gateway.sent()).hasSize(1);
      OutboxEntry entry = f.store.outboxEntry(d.outboxId()).orElseThrow();
      assertThat(entry.status()).isEqualTo(OutboxStatus.SENT);
      assertThat(entry.totalAttempts()).isEqualTo(3);
    }
  }

  @Test
  void a_retry_after_of_thirty_seconds_is_honoured() {
    f.gateway.failNext(outage(Duration.ofSeconds(30)));
    try (TextBack engine = f.engine()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.runDueWork();
      f.clock.advance(Duration.ofSeconds(29));
      engine.runDueWork();
      assertThat(f.gateway.attempts()).hasSize(1);

      f.clock.advance(Duration.ofSeconds(1));
      engine.runDueWork();
      assertThat(f.gateway.attempts()).hasSize(2);
      assertThat(f.gateway.sent()).hasSize(1);
    }
  }

  @Test
  void a_text_outlasting_every_attempt_stays_pending_and_goes_out_when_the_carrier_recovers() {
    f.gateway.failNext(outage(null), outage(null), outage(null), outage(null), outage(null));
    try (TextBack engine = f.engine()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      for (int i = 0; i < 5; i++) {
        engine.runDueWork();
        f.clock.advance(Duration.ofMinutes(6)); // past both the backoff and the 5-minute pause between bursts
      }
      assertThat(f.store.outboxEntry(d.outboxId()).orElseThrow().status()).isEqualTo(OutboxStatus.PENDING);
      engine.runDueWork();

      assertThat(f.gateway.sent()).hasSize(1);
      assertThat(f.gateway.attempts()).hasSize(6);
    }
  }

  @Test
  void a_text_back_sent_hours_late_restarts_the_callers_cooldown_from_when_it_went_out() {
    f.gateway.failNext(outage(Duration.ofHours(3))); // the carrier asks for three hours
    try (TextBack engine = f.engine()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.runDueWork();
      f.clock.advance(Duration.ofHours(3));
      engine.runDueWork(); // out three hours after the call
      f.clock.set(EngineFixture.AFTERNOON.plus(Duration.ofHours(24)).plusSeconds(1));
      CallDecision aDayAfterTheCall = engine.onCall(f.missedCall("CA2", EngineFixture.CALLER));
      f.clock.set(EngineFixture.AFTERNOON.plus(Duration.ofHours(27)).plusSeconds(1));
      CallDecision aDayAfterTheText = engine.onCall(f.missedCall("CA3", EngineFixture.CALLER));

      assertThat(f.gateway.sent()).hasSize(1);
      assertThat(aDayAfterTheCall.reason()).as("21 h after the text").isEqualTo(Reason.SKIPPED_COOLDOWN);
      assertThat(aDayAfterTheText.reason()).isEqualTo(Reason.TEXT);
    }
  }

  @Test
  void a_permanent_failure_is_not_retried_and_the_number_is_remembered() {
    f.gateway.failNext(SendException.builder(CarrierId.of("twilio"), "landline").httpStatus(400).carrierCode("30006").permanent(PermanentFailureReason.NOT_MOBILE));
    try (TextBack engine = f.engine()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.runDueWork();
      f.clock.advance(Duration.ofHours(1));
      engine.runDueWork();

      assertThat(f.gateway.attempts()).hasSize(1);
      OutboxEntry entry = f.store.outboxEntry(d.outboxId()).orElseThrow();
      assertThat(entry.status()).isEqualTo(OutboxStatus.FAILED);
      assertThat(entry.lastError()).contains("30006").contains("NOT_MOBILE");
      assertThat(f.store.inTransaction(tx -> tx.findUnreachable(PhoneNumber.of(EngineFixture.CALLER)))
          .orElseThrow().reason()).isEqualTo(PermanentFailureReason.NOT_MOBILE);

      f.clock.advance(Duration.ofDays(2));
      CallDecision next = engine.onCall(f.missedCall("CA2", EngineFixture.CALLER));
      assertThat(next.reason()).isEqualTo(Reason.SKIPPED_UNREACHABLE_NUMBER);
    }
  }

  @Test
  void a_carrier_opt_out_failure_lands_in_the_ledger() {
    f.gateway.failNext(SendException.builder(CarrierId.of("twilio"), "unsubscribed").httpStatus(400).carrierCode("21610").permanent(PermanentFailureReason.OPTED_OUT));
    try (TextBack engine = f.engine()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.runDueWork();
      f.clock.advance(Duration.ofDays(2));
      CallDecision next = engine.onCall(f.missedCall("CA2", EngineFixture.CALLER));

      assertThat(next.reason()).isEqualTo(Reason.SKIPPED_OPTED_OUT);
    }
  }
}
