package dev.textback.engine;

import dev.textback.phone.CarrierId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.call.CallOutcome;
import dev.textback.call.Voicemail;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.DeliveryStatus;
import dev.textback.rules.Reason;
import dev.textback.spi.FunnelCounts;
import dev.textback.stats.RecoveryFunnel;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A scripted day whose funnel was worked out by hand (see the comments). */
class EngineStatsTest {
  private static final String A = "+12125550123";
  private static final String B = "+14155552671";
  private static final String C = "+13125550111";
  private static final String D = "+16175550122";

  private final EngineFixture f = new EngineFixture(b -> b.averageJobValue(new BigDecimal("350")));

  private void at(String utc) {
    f.clock.set(Instant.parse(utc));
  }

  @Test
  void funnel_for_a_scripted_day_matches_the_hand_count() {
    try (TextBack engine = f.engine()) {
      at("2026-07-14T16:00:00Z");
      CallDecision a = engine.onCall(f.missedCall("CA1", A));              // texted after 10 s
      f.clock.advance(Duration.ofSeconds(10));
      engine.runDueWork();

      at("2026-07-14T16:30:00Z");
      CallDecision b = engine.onCall(f.call("CA2", B, CallOutcome.BUSY)); // texted after 30 s
      f.clock.advance(Duration.ofSeconds(30));
      engine.runDueWork();

      at("2026-07-14T17:00:00Z");
      engine.onCall(f.call("CA3", C, CallOutcome.ANSWERED));              // not missed
      at("2026-07-14T17:10:00Z");
      engine.onCall(f.missedCall("CA4", A));                              // same episode as CA1
      at("2026-07-14T17:20:00Z");
      engine.onCall(f.missedCall("CA5", "anonymous"));                    // withheld

      at("2026-07-14T18:00:00Z");
      engine.onCall(f.call("CA6", D, CallOutcome.VOICEMAIL).toBuilder()
          .voicemail(new Voicemail(true, Duration.ofSeconds(20), null)).build()); // texted after 50 s
      f.clock.advance(Duration.ofSeconds(50));
      engine.runDueWork();

      at("2026-07-14T18:30:00Z");
      engine.onInbound(f.text("SM1", A, "Furnace is out, can you come?"));  // A replies
      at("2026-07-14T18:40:00Z");
      engine.reply(a.conversationId(), "We can be there at 3.", "amy");      // answered 10 min later
      at("2026-07-14T19:00:00Z");
      engine.onInbound(f.text("SM2", B, "Still need help"));                // B replies, no answer
      at("2026-07-14T19:30:00Z");
      engine.markHandled(b.conversationId(), "amy");
      String aMessageId = f.store.outboxEntry(a.outboxId()).orElseThrow().carrierMessageId();
      engine.onDeliveryReceipt(new DeliveryReceipt(CarrierId.of("twilio"), aMessageId, DeliveryStatus.DELIVERED, null,
          f.clock.instant()));

      // A call on the next day must not count.
      at("2026-07-15T16:00:00Z");
      engine.onCall(f.missedCall("CA7", C));

      RecoveryFunnel funnel = engine.stats("summit", Instant.parse("2026-07-14T00:00:00Z"),
          Instant.parse("2026-07-15T00:00:00Z"));
      FunnelCounts c = funnel.counts();
      assertThat(c.calls()).isEqualTo(6);
      assertThat(c.missed()).isEqualTo(5);
      assertThat(c.decisions()).isEqualTo(Map.of(Reason.TEXT, 3L, Reason.SKIPPED_ANSWERED, 1L,
          Reason.SKIPPED_COOLDOWN, 1L, Reason.SKIPPED_ANONYMOUS_CALLER, 1L));
      assertThat(c.queued()).isEqualTo(3);
      assertThat(c.sent()).isEqualTo(3);
      assertThat(c.delivered()).isEqualTo(1);
      assertThat(c.failed()).isZero();
      assertThat(c.replied()).isEqualTo(2);
      assertThat(c.handled()).isEqualTo(1);
      // time to text: 10 s, 30 s, 50 s → mean 30 s; nearest rank p50 = 2nd = 30 s, p90 = 3rd = 50 s
      assertThat(c.timeToTextMean()).isEqualTo(Duration.ofSeconds(30));
      assertThat(c.timeToTextP50()).isEqualTo(Duration.ofSeconds(30));
      assertThat(c.timeToTextP90()).isEqualTo(Duration.ofSeconds(50));
      assertThat(c.responseTimeMean()).isEqualTo(Duration.ofMinutes(10));
      assertThat(funnel.texted()).isEqualTo(3);
      assertThat(funnel.recovered()).isEqualTo(2);
      assertThat(funnel.recoveryRate()).isEqualTo(2.0 / 3.0);
      assertThat(funnel.lostLeads()).isEqualTo(1);
      assertThat(funnel.revenueRecovered()).isEqualByComparingTo("700.00");
    }
  }
}
