package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.phone.PhoneNumber;
import dev.textback.policy.Episode;
import dev.textback.rules.Reason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineIdempotencyTest {
  private final EngineFixture f = new EngineFixture();

  @Test
  void same_call_delivered_three_times_sends_one_text() {
    try (TextBack engine = f.engine()) {
      CallDecision first = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      CallDecision second = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      CallDecision third = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.runDueWork();

      assertThat(first.action()).isEqualTo(CallDecision.Action.QUEUED);
      assertThat(first.duplicate()).isFalse();
      assertThat(second.duplicate()).isTrue();
      assertThat(third.duplicate()).isTrue();
      assertThat(third.outboxId()).isEqualTo(first.outboxId());
      assertThat(f.gateway.sent()).hasSize(1);
      assertThat(f.gateway.sent().get(0).from()).isEqualTo(EngineFixture.BUSINESS_NUMBER);
      assertThat(f.gateway.sent().get(0).to()).isEqualTo(PhoneNumber.of(EngineFixture.CALLER));
      assertThat(f.gateway.sent().get(0).body())
          .isEqualTo("Hi, this is Summit Heating & Cooling. Sorry we missed your call. Reply here with your issue.");
      var consent = f.store.outboxEntry(first.outboxId()).orElseThrow().consent().orElseThrow();
      assertThat(consent.callId()).isEqualTo("CA1");
      assertThat(consent.at()).isEqualTo(EngineFixture.AFTERNOON);
      assertThat(consent.basis()).isEqualTo("missed-call");
    }
  }

  @Test
  void three_missed_calls_in_ten_minutes_send_one_text_and_make_an_episode_of_three() {
    try (TextBack engine = f.engine()) {
      CallDecision first = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      f.clock.advance(Duration.ofMinutes(4));
      CallDecision second = engine.onCall(f.missedCall("CA2", EngineFixture.CALLER));
      f.clock.advance(Duration.ofMinutes(6));
      CallDecision third = engine.onCall(f.missedCall("CA3", EngineFixture.CALLER));
      engine.runDueWork();

      assertThat(first.reason()).isEqualTo(Reason.TEXT);
      assertThat(second.reason()).isEqualTo(Reason.SKIPPED_COOLDOWN);
      assertThat(third.reason()).isEqualTo(Reason.SKIPPED_COOLDOWN);
      assertThat(f.gateway.sent()).hasSize(1);
      Episode episode = f.store.inTransaction(tx -> tx.lockEpisode("summit", PhoneNumber.of(EngineFixture.CALLER)))
          .orElseThrow();
      assertThat(episode.calls()).isEqualTo(3);
      assertThat(episode.firstCallId()).isEqualTo("CA1");
    }
  }

  @Test
  void a_call_after_the_cooldown_opens_a_new_episode_and_texts_again() {
    try (TextBack engine = f.engine()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.runDueWork();
      f.clock.advance(Duration.ofHours(24).plusMinutes(1));
      CallDecision later = engine.onCall(f.missedCall("CA2", EngineFixture.CALLER));
      engine.runDueWork();

      assertThat(later.reason()).isEqualTo(Reason.TEXT);
      assertThat(f.gateway.sent()).hasSize(2);
    }
  }

  @Test
  void a_withheld_caller_is_skipped_with_a_reason_and_never_throws() {
    try (TextBack engine = f.engine()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", "anonymous"));
      CallDecision garbage = engine.onCall(f.missedCall("CA2", "not a number <script>"));
      engine.runDueWork();

      assertThat(d.reason()).isEqualTo(Reason.SKIPPED_ANONYMOUS_CALLER);
      assertThat(garbage.reason()).isEqualTo(Reason.SKIPPED_INVALID_CALLER);
      assertThat(f.gateway.sent()).isEmpty();
    }
  }

  @Test
  void an_answered_call_is_skipped_and_recorded() {
    try (TextBack engine = f.engine()) {
      CallDecision d = engine.onCall(f.call("CA1", EngineFixture.CALLER, dev.textback.call.CallOutcome.ANSWERED));
      engine.runDueWork();

      assertThat(d.action()).isEqualTo(CallDecision.Action.SKIPPED);
      assertThat(d.reason()).isEqualTo(Reason.SKIPPED_ANSWERED);
      assertThat(f.gateway.sent()).isEmpty();
    }
  }
}
