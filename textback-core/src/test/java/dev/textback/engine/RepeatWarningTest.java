package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.TextBackListener;
import dev.textback.internal.RepeatWarnings;
import dev.textback.phone.CarrierId;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.SendException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * "Claimed before by an engine that stopped mid-send" is said only when that happened: a claim taken over from one
 * that lapsed unfinished. A retry after a 5xx that may have been accepted is reported once, when it is scheduled.
 */
class RepeatWarningTest {
  private final EngineFixture f = new EngineFixture();
  private final List<OutboxEntry> attempts = new CopyOnWriteArrayList<>();

  private TextBack engine() {
    return f.engineBuilder().listener(new TextBackListener() {
      @Override
      public void onSendAttempt(OutboxEntry entry) {
        attempts.add(entry);
      }
    }).build();
  }

  @Test
  void a_retry_after_a_possibly_accepted_send_is_flagged_but_not_blamed_on_a_stopped_engine() {
    f.gateway.failNext(SendException.builder(CarrierId.of("twilio"), "HTTP 503").httpStatus(503).possiblyAccepted(),
        SendException.builder(CarrierId.of("twilio"), "HTTP 503").httpStatus(503).possiblyAccepted());
    try (TextBack engine = engine()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.runDueWork();
      for (int i = 0; i < 2; i++) {
        f.clock.advance(Duration.ofMinutes(1));
        engine.runDueWork();
      }
    }

    assertThat(attempts).hasSize(3);
    assertThat(attempts.subList(1, 3)).allSatisfy(retry -> {
      assertThat(retry.possibleDuplicate()).isTrue();
      assertThat(retry.takenOver()).isFalse();
      assertThat(RepeatWarnings.beforeSend(retry)).isEmpty();
    });
    assertThat(f.gateway.sent()).hasSize(1);
  }

  @Test
  void a_send_taken_over_from_an_engine_that_stopped_mid_send_is_warned_about() {
    try (TextBack engine = engine()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      // Another engine claimed the text and stopped before recording anything.
      assertThat(f.store.claimDue("stopped-engine", f.clock.instant(), Duration.ofMinutes(2), 10,
          EngineFixture.TWILIO_TEXTS))
          .extracting(OutboxEntry::id).containsExactly(d.outboxId());
      engine.runDueWork();
      assertThat(attempts).as("the stopped engine's claim still holds").isEmpty();

      f.clock.advance(Duration.ofMinutes(2).plusSeconds(1));
      engine.runDueWork();
    }

    assertThat(attempts).hasSize(1);
    OutboxEntry takenOver = attempts.get(0);
    assertThat(takenOver.takenOver()).isTrue();
    assertThat(RepeatWarnings.beforeSend(takenOver)).hasValueSatisfying(w -> assertThat(w)
        .isEqualTo("entry " + takenOver.id() + " was claimed before by an engine that stopped mid-send (its claim"
            + " lapsed unfinished); the carrier may get it twice"));
  }

  @Test
  void routing_work_is_warned_about_only_when_taken_over() {
    OutboxEntry work = OutboxEntry.builder().id("rt_1").kind(OutboxKind.ROUTE_REPLY).businessId("summit")
        .carrier("twilio").from(EngineFixture.BUSINESS_NUMBER).to(EngineFixture.BUSINESS_NUMBER).body("")
        .createdAt(EngineFixture.AFTERNOON).dueAt(EngineFixture.AFTERNOON).status(OutboxStatus.PENDING).build();
    OutboxEntry retried = work.retryAt(EngineFixture.AFTERNOON.plusSeconds(2), "CRM answered 503", true, false);

    assertThat(RepeatWarnings.beforeRouting(work.withLease("engine-a", EngineFixture.AFTERNOON))).isEmpty();
    assertThat(RepeatWarnings.beforeRouting(retried.withLease("engine-a", EngineFixture.AFTERNOON))).isEmpty();
    assertThat(RepeatWarnings.beforeRouting(work.takenOverBy("engine-b", EngineFixture.AFTERNOON)))
        .hasValue("ROUTE_REPLY rt_1 was claimed before by an engine that stopped mid-route (its claim lapsed"
            + " unfinished); handing it over again, flagged as a possible duplicate");
  }
}
