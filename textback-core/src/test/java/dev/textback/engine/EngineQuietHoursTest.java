package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.rules.Reason;
import dev.textback.spi.OutboxStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EngineQuietHoursTest {
  private final EngineFixture f = new EngineFixture();
  /** 2026-07-15 02:00 in New York (EDT, UTC-4). */
  private static final Instant TWO_AM_NEW_YORK = Instant.parse("2026-07-15T06:00:00Z");
  /** 2026-07-15 08:00 in New York. */
  private static final Instant EIGHT_AM_NEW_YORK = Instant.parse("2026-07-15T12:00:00Z");

  @Test
  void a_call_at_two_am_caller_local_is_deferred_and_sent_at_eight() {
    f.clock.set(TWO_AM_NEW_YORK);
    try (TextBack engine = f.engine()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.runDueWork();
      assertThat(d.action()).isEqualTo(CallDecision.Action.DEFERRED);
      assertThat(d.reason()).isEqualTo(Reason.DEFERRED_QUIET_HOURS);
      assertThat(d.dueAt()).isEqualTo(EIGHT_AM_NEW_YORK);
      assertThat(f.gateway.sent()).isEmpty();

      f.clock.set(EIGHT_AM_NEW_YORK.minusSeconds(1));
      engine.runDueWork();
      assertThat(f.gateway.sent()).isEmpty();

      f.clock.set(EIGHT_AM_NEW_YORK);
      engine.runDueWork();
      assertThat(f.gateway.sent()).hasSize(1);
    }
  }

  @Test
  void a_call_a_day_after_a_deferred_one_is_not_texted_within_a_day_of_the_first_text() {
    // 07:30 EST on the Saturday before the clocks go forward: deferred to 08:00 EST (13:00Z).
    f.clock.set(Instant.parse("2026-03-07T12:30:00Z"));
    try (TextBack engine = f.engine()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      f.clock.set(Instant.parse("2026-03-07T13:00:00Z"));
      engine.runDueWork();
      // 08:30 EDT on Sunday: 24 h after the first call, inside the window, but 23.5 h after the first text.
      f.clock.set(Instant.parse("2026-03-08T12:30:00Z"));
      CallDecision tooSoon = engine.onCall(f.missedCall("CA2", EngineFixture.CALLER));
      engine.runDueWork();
      f.clock.set(Instant.parse("2026-03-08T13:00:01Z"));
      CallDecision aDayAfterTheText = engine.onCall(f.missedCall("CA3", EngineFixture.CALLER));
      engine.runDueWork();

      assertThat(tooSoon.reason()).isEqualTo(Reason.SKIPPED_COOLDOWN);
      assertThat(aDayAfterTheText.reason()).isEqualTo(Reason.TEXT);
      assertThat(f.gateway.sent()).hasSize(2);
    }
  }

  @Test
  void a_deferred_text_withdrawn_before_it_went_out_does_not_hold_back_the_next_call_after_the_cooldown() {
    f.clock.set(TWO_AM_NEW_YORK);
    try (TextBack engine = f.engine()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.onCall(f.call("CA2", EngineFixture.CALLER, dev.textback.call.CallOutcome.ANSWERED)); // withdrawn
      f.clock.set(TWO_AM_NEW_YORK.plus(Duration.ofHours(24)).plusSeconds(60));
      CallDecision next = engine.onCall(f.missedCall("CA3", EngineFixture.CALLER));

      assertThat(next.reason()).isEqualTo(Reason.DEFERRED_QUIET_HOURS);
    }
  }

  @Test
  void a_call_after_a_short_cooldown_while_the_first_text_is_still_held_gets_no_second_text() {
    EngineFixture shortCooldown = new EngineFixture(b -> b.cooldown(Duration.ofHours(2)));
    shortCooldown.clock.set(TWO_AM_NEW_YORK);
    try (TextBack engine = shortCooldown.engine()) {
      engine.onCall(shortCooldown.missedCall("CA1", EngineFixture.CALLER));
      shortCooldown.clock.set(TWO_AM_NEW_YORK.plus(Duration.ofMinutes(150))); // past the 2 h cooldown, still held
      CallDecision second = engine.onCall(shortCooldown.missedCall("CA2", EngineFixture.CALLER));
      shortCooldown.clock.set(EIGHT_AM_NEW_YORK);
      engine.runDueWork();

      assertThat(second.reason()).isEqualTo(Reason.SKIPPED_COOLDOWN);
      assertThat(shortCooldown.gateway.sent()).as("one text at 08:00, not two together").hasSize(1);
    }
  }

  @Test
  void a_deferred_text_older_than_the_max_age_is_dropped_not_sent() {
    f.clock.set(TWO_AM_NEW_YORK);
    try (TextBack engine = f.engine()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      // Nothing ran the dispatcher until 12 h and a minute after the call (say the host was down).
      f.clock.set(TWO_AM_NEW_YORK.plus(Duration.ofHours(12)).plusSeconds(60));
      engine.runDueWork();

      assertThat(f.gateway.sent()).isEmpty();
      assertThat(f.store.outboxEntry(d.outboxId()).orElseThrow().status()).isEqualTo(OutboxStatus.EXPIRED);
    }
  }

  @Test
  void an_answered_callback_withdraws_the_deferred_text() {
    f.clock.set(TWO_AM_NEW_YORK);
    try (TextBack engine = f.engine()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      f.clock.advance(Duration.ofHours(1));
      engine.onCall(f.call("CA2", EngineFixture.CALLER, dev.textback.call.CallOutcome.ANSWERED));
      f.clock.set(EIGHT_AM_NEW_YORK);
      engine.runDueWork();

      assertThat(f.gateway.sent()).isEmpty();
      assertThat(f.store.outboxEntry(d.outboxId()).orElseThrow().status()).isEqualTo(OutboxStatus.CANCELED);
    }
  }
}
