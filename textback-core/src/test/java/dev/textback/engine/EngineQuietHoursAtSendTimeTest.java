package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.phone.CarrierId;
import dev.textback.policy.QuietHoursMode;
import dev.textback.policy.QuietHoursPolicy;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.SendException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A text-back held for quiet hours at send time (its retries, or a restart, ran into the caller's night) must obey
 * the quiet-hours mode and maximum deferral the same as one deferred when its call was decided.
 */
class EngineQuietHoursAtSendTimeTest {
  /** 2026-07-14 18:00 in New York (EDT). */
  private static final Instant SIX_PM_NEW_YORK = Instant.parse("2026-07-14T22:00:00Z");
  /** 2026-07-14 20:58 in New York (EDT): two minutes before the window closes. */
  private static final Instant LATE_EVENING_NEW_YORK = Instant.parse("2026-07-15T00:58:00Z");
  /** 2026-07-15 08:00 in New York. */
  private static final Instant NEXT_MORNING_NEW_YORK = Instant.parse("2026-07-15T12:00:00Z");

  private static SendException carrierDown(Duration retryAfter) {
    return SendException.builder(CarrierId.of("twilio"), "503").httpStatus(503).retryAfter(retryAfter).notSent();
  }

  @Test
  void defer_mode_drops_a_text_held_at_send_time_past_the_maximum_deferral() {
    // README: "DEFER (default, dropped after 12 h)"; QuietHoursPolicy.maxDeferral: "A deferred text older than this
    // (measured from the call) is dropped rather than sent late."
    EngineFixture f = new EngineFixture();
    f.clock.set(SIX_PM_NEW_YORK);
    f.gateway.failNext(carrierDown(Duration.ofMinutes(210)));
    try (TextBack engine = f.engine()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      assertThat(d.action()).isEqualTo(CallDecision.Action.QUEUED);
      engine.runDueWork(); // 18:00: carrier down, retry at 21:30
      f.clock.advance(Duration.ofMinutes(210));
      engine.runDueWork(); // 21:30: outside the window, held
      f.clock.set(NEXT_MORNING_NEW_YORK); // 14 h after the call
      engine.runDueWork();

      assertThat(f.gateway.sent()).as("a text-back 14 h after its call, past the 12 h maximum deferral").isEmpty();
      assertThat(f.store.outboxEntry(d.outboxId()).orElseThrow().status()).isEqualTo(OutboxStatus.EXPIRED);
    }
  }

  @Test
  void suppress_mode_never_sends_a_text_back_outside_the_window_even_the_next_morning() {
    // QuietHoursMode.SUPPRESS: "Do not send it at all."
    EngineFixture f = new EngineFixture(b -> b.quietHours(QuietHoursPolicy.builder().mode(QuietHoursMode.SUPPRESS)
        .build()));
    f.clock.set(LATE_EVENING_NEW_YORK);
    f.gateway.failNext(carrierDown(Duration.ofMinutes(8)));
    try (TextBack engine = f.engine()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.runDueWork(); // 20:58: carrier down
      f.clock.advance(Duration.ofMinutes(8));
      engine.runDueWork(); // 21:06: outside the window
      f.clock.set(NEXT_MORNING_NEW_YORK);
      engine.runDueWork();

      assertThat(f.gateway.sent()).as("SUPPRESS: a text-back outside the window is not sent at all").isEmpty();
    }
  }
}
