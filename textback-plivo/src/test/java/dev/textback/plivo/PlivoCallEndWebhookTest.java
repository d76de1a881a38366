package dev.textback.plivo;

import static dev.textback.plivo.PlivoAnswerWebhookTest.EMPTY;
import static dev.textback.plivo.PlivoAnswerWebhookTest.HANGUP;
import static dev.textback.plivo.PlivoAnswerWebhookTest.XML;
import static dev.textback.plivo.PlivoFixtures.BUSINESS;
import static dev.textback.plivo.PlivoFixtures.BUSINESS_CELL;
import static dev.textback.plivo.PlivoFixtures.CALLER;
import static dev.textback.plivo.PlivoFixtures.CALL_UUID;
import static dev.textback.plivo.PlivoFixtures.load;
import static dev.textback.plivo.PlivoFixtures.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.plivo.PlivoFixtures.Payload;
import dev.textback.webhook.WebhookResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code <Dial>} action and events, the {@code <Record>} action, and the hangup callback. */
class PlivoCallEndWebhookTest {
  private final FakeEngine engine = new FakeEngine();

  @ParameterizedTest
  @CsvSource({"no-answer, NO_ANSWER", "timeout, NO_ANSWER", "busy, BUSY", "failed, FAILED"})
  void decides_a_dial_that_reached_nobody_as_missed_and_hangs_up(String dialStatus, CallOutcome outcome) {
    WebhookResponse response = post(PlivoFixtures.config().build(), PlivoWebhooks.DIAL,
        load("dial-no-answer").with("DialStatus", dialStatus));

    assertThat(response.body()).isEqualTo(HANGUP);
    CallEvent call = engine.onlyCall();
    assertThat(call.callId()).isEqualTo(CALL_UUID);
    assertThat(call.outcome()).isEqualTo(outcome);
    assertThat(call.caller()).isEqualTo("+" + CALLER);
    assertThat(call.dialled().e164()).isEqualTo("+" + BUSINESS);
  }

  @Test
  void decides_a_completed_dial_without_a_b_leg_as_missed_and_one_with_a_b_leg_as_answered() {
    PlivoConfig config = PlivoFixtures.config().build();
    post(config, PlivoWebhooks.DIAL, load("dial-no-answer").with("DialStatus", "completed"));
    post(config, PlivoWebhooks.DIAL, load("dial-completed").with("DialALegUUID", "a2").with("CallUUID", "a2"));

    assertThat(engine.calls).extracting(CallEvent::outcome).containsExactly(CallOutcome.NO_ANSWER, CallOutcome.ANSWERED);
  }

  @Test
  void offers_a_voicemail_after_a_missed_dial_and_lets_the_recording_decide() {
    PlivoConfig config = PlivoFixtures.config().voicemail(true).voicemailGreeting("").build();

    WebhookResponse dial = post(config, PlivoWebhooks.DIAL, load("dial-no-answer").with("DialStatus", "busy"));
    WebhookResponse recorded = post(config, PlivoWebhooks.RECORD + "?outcome=BUSY", load("record"));

    String record = "https://textback.example.com/webhooks/plivo/record?outcome=BUSY";
    assertThat(dial.body()).isEqualTo(XML + "<Response><Record action=\"" + record + "\" method=\"POST\""
        + " redirect=\"true\" maxLength=\"120\" finishOnKey=\"#\" playBeep=\"true\"/>"
        + "<Redirect method=\"POST\">" + record + "</Redirect></Response>");
    assertThat(recorded.body()).isEqualTo(HANGUP);
    CallEvent call = engine.onlyCall();
    assertThat(call.outcome()).isEqualTo(CallOutcome.VOICEMAIL);
    assertThat(call.voicemail().recordingUrl()).isEqualTo(
        "https://media.plivo.com/v1/Account/MAZDQ1ZDMXYTAZMTM3NT/Recording/2c4d6e8f-0a1b-4c3d-9e5f-7a8b9c0d1e2f.mp3");
    assertThat(call.voicemail().length()).isEqualTo(Duration.ofSeconds(10));
    assertThat(engine.pending.recall(CALL_UUID)).isEmpty();
  }

  @Test
  void decides_an_empty_recording_as_the_missed_outcome_that_led_to_it() {
    post(PlivoFixtures.config().voicemail(true).build(), PlivoWebhooks.RECORD + "?outcome=BUSY",
        load("record").with("RecordingDuration", "0"));

    assertThat(engine.onlyCall().outcome()).isEqualTo(CallOutcome.BUSY);
  }

  @Test
  void decides_a_hangup_while_the_business_phone_rang_as_canceled() {
    engine.forwarding("+" + BUSINESS, "+" + BUSINESS_CELL);

    WebhookResponse response = post(PlivoFixtures.config().build(), PlivoWebhooks.HANGUP, load("hangup"));

    assertThat(response.body()).isEqualTo(EMPTY);
    CallEvent call = engine.onlyCall();
    assertThat(call.outcome()).isEqualTo(CallOutcome.CANCELED);
    assertThat(call.ringDuration()).isEqualTo(Duration.ofSeconds(14));
    assertThat(call.startedAt()).isEqualTo(FakeEngine.NOW.minusSeconds(14));
    assertThat(call.endedAt()).contains(FakeEngine.NOW);
  }

  @Test
  void decides_a_hangup_on_a_number_that_forwards_nowhere_as_missed() {
    post(PlivoFixtures.config().build(), PlivoWebhooks.HANGUP, load("hangup"));

    assertThat(engine.onlyCall().outcome()).isEqualTo(CallOutcome.NO_ANSWER);
  }

  @Test
  void decides_a_hangup_as_answered_when_the_business_was_seen_to_pick_up_on_another_instance() {
    engine.forwarding("+" + BUSINESS, "+" + BUSINESS_CELL);
    PlivoConfig config = PlivoFixtures.config().build();
    FakeEngine other = new FakeEngine();
    other.pending = engine.pending; // one store behind two instances

    WebhookResponse event = new PlivoWebhooks(config, other).endpoints().get(PlivoWebhooks.DIAL)
        .handle(load("dial-event-answer").signedPost(url(PlivoWebhooks.DIAL)));
    post(config, PlivoWebhooks.HANGUP, load("hangup").with("HangupSource", "Callee"));

    assertThat(event.body()).isEqualTo(EMPTY);
    assertThat(other.untouched()).isTrue();
    assertThat(engine.onlyCall().outcome()).isEqualTo(CallOutcome.ANSWERED);
    assertThat(engine.pending.recall(CALL_UUID)).isEmpty();
  }

  @Test
  void decides_a_hangup_during_the_voicemail_greeting_with_the_dials_outcome() {
    PlivoConfig config = PlivoFixtures.config().voicemail(true).build();
    engine.forwarding("+" + BUSINESS, "+" + BUSINESS_CELL);

    post(config, PlivoWebhooks.DIAL, load("dial-no-answer").with("DialStatus", "busy"));
    post(config, PlivoWebhooks.HANGUP, load("hangup"));

    assertThat(engine.onlyCall().outcome()).isEqualTo(CallOutcome.BUSY);
  }

  @Test
  void a_dial_outcome_that_cannot_be_kept_is_answered_503_and_kept_when_plivo_asks_again() {
    // Acknowledged without it, the caller hanging up on the greeting would be decided as canceled, not busy.
    PlivoConfig config = PlivoFixtures.config().voicemail(true).build();
    engine.forwarding("+" + BUSINESS, "+" + BUSINESS_CELL);
    engine.pendingStore.failure = new IllegalStateException("store down");

    WebhookResponse first = post(config, PlivoWebhooks.DIAL, load("dial-no-answer").with("DialStatus", "busy"));
    engine.pendingStore.failure = null;
    WebhookResponse retried = post(config, PlivoWebhooks.DIAL, load("dial-no-answer").with("DialStatus", "busy"));
    post(config, PlivoWebhooks.HANGUP, load("hangup"));

    assertThat(first.status()).isEqualTo(503);
    assertThat(retried.status()).isEqualTo(200);
    assertThat(retried.body()).contains("<Record ");
    assertThat(engine.onlyCall().outcome()).isEqualTo(CallOutcome.BUSY);
  }

  @Test
  void a_pick_up_that_cannot_be_kept_is_answered_503() {
    engine.forwarding("+" + BUSINESS, "+" + BUSINESS_CELL);
    engine.pendingStore.failure = new IllegalStateException("store down");

    WebhookResponse event = post(PlivoFixtures.config().build(), PlivoWebhooks.DIAL, load("dial-event-answer"));

    assertThat(event.status()).isEqualTo(503);
  }

  @Test
  void decides_a_screened_call_the_phones_voicemail_picked_up_as_missed_when_the_caller_hangs_up_on_the_greeting() {
    PlivoConfig config = PlivoFixtures.config().callScreening(true).voicemail(true).build();
    engine.forwarding("+" + BUSINESS, "+" + BUSINESS_CELL);

    // The phone's voicemail picks up the forwarded leg (Plivo reports the B leg answered) but presses no key, so
    // the leg is never bridged; the dial ends unanswered, our greeting plays, and the caller hangs up on it.
    post(config, PlivoWebhooks.ANSWER, load("answer"));
    WebhookResponse pickedUp = post(config, PlivoWebhooks.DIAL, load("dial-event-answer")
        .with("DialAction", "answer").with("Event", "DialAnswer"));
    post(config, PlivoWebhooks.DIAL, load("dial-no-answer"));
    post(config, PlivoWebhooks.HANGUP, load("hangup"));

    assertThat(pickedUp.body()).isEqualTo(EMPTY);
    assertThat(engine.onlyCall().outcome()).isEqualTo(CallOutcome.NO_ANSWER);
    assertThat(engine.pending.recall(CALL_UUID)).isEmpty();
  }

  @Test
  void counts_a_screened_call_as_answered_once_the_business_is_connected() {
    PlivoConfig config = PlivoFixtures.config().callScreening(true).build();
    engine.forwarding("+" + BUSINESS, "+" + BUSINESS_CELL);

    post(config, PlivoWebhooks.DIAL, load("dial-event-answer").with("DialAction", "answer")
        .with("Event", "DialAnswer"));
    post(config, PlivoWebhooks.DIAL, load("dial-event-answer").with("DialAction", "connected")
        .with("Event", "DialConnected"));
    post(config, PlivoWebhooks.HANGUP, load("hangup").with("HangupSource", "Callee"));

    assertThat(engine.onlyCall().outcome()).isEqualTo(CallOutcome.ANSWERED);
  }

  @Test
  void lets_a_missed_dial_outweigh_an_earlier_pick_up_at_hangup() {
    PlivoConfig config = PlivoFixtures.config().voicemail(true).build();
    engine.forwarding("+" + BUSINESS, "+" + BUSINESS_CELL);

    post(config, PlivoWebhooks.DIAL, load("dial-event-answer"));
    post(config, PlivoWebhooks.DIAL, load("dial-no-answer").with("DialStatus", "timeout"));
    post(config, PlivoWebhooks.HANGUP, load("hangup"));

    assertThat(engine.onlyCall().outcome()).isEqualTo(CallOutcome.NO_ANSWER);
  }

  @ParameterizedTest
  @CsvSource({"DialHangup", "DialDigitsMatch", "DialAnswer"})
  void takes_a_dial_event_named_only_by_its_event_as_an_event(String event) {
    PlivoConfig config = PlivoFixtures.config().callScreening(true).build();

    WebhookResponse response = post(config, PlivoWebhooks.DIAL, load("dial-event-answer").without("DialBLegStatus")
        .with("Event", event));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(EMPTY);
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void ignores_the_hangup_of_a_call_the_account_placed() {
    WebhookResponse response = post(PlivoFixtures.config().build(), PlivoWebhooks.HANGUP,
        load("hangup").with("Direction", "outbound"));

    assertThat(response.body()).isEqualTo(EMPTY);
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void asks_plivo_again_when_the_engine_cannot_decide() {
    engine.failure = new IllegalStateException("store down");
    PlivoConfig config = PlivoFixtures.config().build();

    assertThat(post(config, PlivoWebhooks.DIAL, load("dial-no-answer")).status()).isEqualTo(503);
    assertThat(post(config, PlivoWebhooks.HANGUP, load("hangup")).status()).isEqualTo(503);
    assertThat(post(config, PlivoWebhooks.RECORD, load("record")).status()).isEqualTo(503);
  }

  private WebhookResponse post(PlivoConfig config, String routeAndQuery, Payload payload) {
    String route = routeAndQuery.replaceFirst("\\?.*", "");
    return new PlivoWebhooks(config, engine).endpoints().get(route).handle(payload.signedPost(url(routeAndQuery)));
  }
}
