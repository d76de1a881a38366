package dev.textback.engine;

import dev.textback.spi.SendException;
import dev.textback.phone.CarrierId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.business.BusinessDirectory;
import dev.textback.business.BusinessProfile;
import dev.textback.phone.PhoneNumber;
import dev.textback.spi.OptOutRecord;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.RetriableSendException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the dispatcher re-checks at the moment of sending, whatever was true when the call was decided. */
class EngineSendTimeChecksTest {
  private final EngineFixture f = new EngineFixture();
  /** 2026-07-14 20:58 in New York (EDT): two minutes before the window closes. */
  private static final Instant LATE_EVENING_NEW_YORK = Instant.parse("2026-07-15T00:58:00Z");
  /** 2026-07-15 08:00 in New York. */
  private static final Instant NEXT_MORNING_NEW_YORK = Instant.parse("2026-07-15T12:00:00Z");

  @Test
  void a_text_back_whose_retries_run_into_the_callers_night_waits_for_the_morning() {
    f.clock.set(LATE_EVENING_NEW_YORK);
    f.gateway.failNext(SendException.builder(CarrierId.of("twilio"), "503").httpStatus(503).retryAfter(Duration.ofMinutes(8)).notSent());
    try (TextBack engine = f.engine()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.runDueWork(); // 20:58: the carrier is down, retry after 8 minutes
      f.clock.advance(Duration.ofMinutes(8));
      engine.runDueWork(); // 21:06: outside the window

      assertThat(f.gateway.attempts()).hasSize(1);
      assertThat(f.store.outboxEntry(d.outboxId()).orElseThrow().dueAt()).isEqualTo(NEXT_MORNING_NEW_YORK);

      f.clock.set(NEXT_MORNING_NEW_YORK);
      engine.runDueWork();
      assertThat(f.gateway.sent()).hasSize(1);
    }
  }

  @Test
  void an_engine_that_does_not_know_the_business_never_sends_to_an_opted_out_caller() {
    BusinessProfile other = BusinessProfile.builder().id("other").displayName("Other Co").number("+13035550177")
        .templates(f.business.templates()).build();
    try (TextBack deciding = f.engine();
        TextBack sending = f.engineBuilder().businesses(BusinessDirectory.of(other)).instanceId("b").build()) {
      CallDecision d = deciding.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      // The carrier reported an opt-out (e.g. 21610 on another text) after the text-back was queued.
      f.store.inTransaction(tx -> {
        tx.saveOptOut(new OptOutRecord("business:summit", PhoneNumber.of(EngineFixture.CALLER), f.clock.instant(),
            "carrier:21610"));
        return null;
      });
      sending.runDueWork();

      assertThat(f.gateway.attempts()).isEmpty();
      assertThat(f.store.outboxEntry(d.outboxId()).orElseThrow().status()).isEqualTo(OutboxStatus.CANCELED);
    }
  }
}
