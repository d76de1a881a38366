package dev.textback.twilio;

import static dev.textback.twilio.TwilioFixtures.BUSINESS;
import static dev.textback.twilio.TwilioFixtures.CALLER;
import static dev.textback.twilio.TwilioFixtures.load;
import static dev.textback.twilio.TwilioFixtures.url;
import static dev.textback.twilio.TwilioIncomingCallWebhookTest.HANGUP;
import static dev.textback.twilio.TwilioIncomingCallWebhookTest.XML;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.webhook.WebhookResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The {@code <Dial>} action: how the forwarded call ended decides the call. */
class TwilioDialResultWebhookTest {
  private final FakeEngine engine = new FakeEngine();

  @Test
  void decides_an_unanswered_call_as_missed_and_hangs_up() {
    WebhookResponse response = post(TwilioFixtures.config().build(), load("dial-no-answer"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(HANGUP);
    CallEvent call = engine.onlyCall();
    assertThat(call.carrier()).isEqualTo(TwilioCarrier.ID);
    assertThat(call.callId()).isEqualTo("CA11111111111111111111111111111111");
    assertThat(call.dialled().e164()).isEqualTo(BUSINESS);
    assertThat(call.caller()).isEqualTo(CALLER);
    assertThat(call.outcome()).isEqualTo(CallOutcome.NO_ANSWER);
    assertThat(call.startedAt()).isEqualTo(FakeEngine.NOW);
    assertThat(call.attributes())
        .containsEntry("DialCallStatus", "no-answer")
        .containsEntry("CallerCity", "JERSEY CITY");
  }

  @ParameterizedTest
  @CsvSource({
      "completed, true, ANSWERED",
      "completed, false, NO_ANSWER",
      "answered, true, ANSWERED",
      "no-answer, false, NO_ANSWER",
      "busy, false, BUSY",
      "failed, false, FAILED",
      "canceled, false, CANCELED"})
  void maps_the_dial_status_and_whether_the_caller_was_connected(String status, String bridged, CallOutcome outcome) {
    post(TwilioFixtures.config().build(),
        load("dial-no-answer").with("DialCallStatus", status).with("DialBridged", bridged));

    assertThat(engine.onlyCall().outcome()).isEqualTo(outcome);
  }

  @Test
  void counts_a_completed_dial_as_answered_when_twilio_does_not_say_whether_it_bridged() {
    post(TwilioFixtures.config().build(), load("dial-completed").without("DialBridged"));

    assertThat(engine.onlyCall().outcome()).isEqualTo(CallOutcome.ANSWERED);
  }

  @Test
  void leaves_a_missed_call_to_the_voicemail_when_voicemail_is_on() {
    WebhookResponse response = post(TwilioFixtures.config().voicemail(true).build(),
        load("dial-no-answer").with("DialCallStatus", "busy"));

    assertThat(response.body()).isEqualTo(XML + "<Response>"
        + "<Say>Sorry we missed your call. Please leave a message after the tone.</Say>"
        + "<Record action=\"https://textback.example.com/webhooks/twilio/voice/recording?outcome=BUSY#rc=2&amp;rp=5xx,ct,rt\""
        + " method=\"POST\" maxLength=\"120\" playBeep=\"true\"/>"
        + "<Redirect method=\"POST\">https://textback.example.com/webhooks/twilio/voice/recording?outcome=BUSY#rc=2&amp;rp=5xx,ct,rt"
        + "</Redirect></Response>");
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void a_caller_who_hangs_up_on_the_greeting_is_decided_with_the_dial_outcome_not_as_a_hang_up() {
    TwilioWebhooks webhooks = new TwilioWebhooks(TwilioFixtures.config().voicemail(true).build(), engine);
    webhooks.endpoints().get("voice/dial").handle(load("dial-no-answer").with("DialCallStatus", "busy")
        .signedPost(url("voice/dial")));
    // The greeting was cut short: Twilio never reaches <Record>, and the final status comes in.
    webhooks.endpoints().get("voice/status").handle(load("call-status-completed")
        .with("CallSid", "CA11111111111111111111111111111111").signedPost(url("voice/status")));

    assertThat(engine.onlyCall().outcome()).isEqualTo(CallOutcome.BUSY);
  }

  @Test
  void an_empty_recording_reaches_the_redirect_and_decides_the_dial_outcome() {
    TwilioWebhooks webhooks = new TwilioWebhooks(TwilioFixtures.config().voicemail(true).build(), engine);
    webhooks.endpoints().get("voice/dial").handle(load("dial-no-answer").signedPost(url("voice/dial")));
    // After <Record> with nothing recorded, Twilio follows the <Redirect>: the usual call parameters only.
    webhooks.endpoints().get("voice/recording").handle(load("dial-no-answer").without("DialCallStatus")
        .without("DialBridged").signedPost(url("voice/recording?outcome=NO_ANSWER")));

    CallEvent call = engine.onlyCall();
    assertThat(call.outcome()).isEqualTo(CallOutcome.NO_ANSWER);
    assertThat(call.voicemail().messageLeft()).isFalse();
  }

  @Test
  void decides_an_answered_call_even_when_voicemail_is_on() {
    WebhookResponse response = post(TwilioFixtures.config().voicemail(true).build(), load("dial-completed"));

    assertThat(response.body()).isEqualTo(HANGUP);
    assertThat(engine.onlyCall().outcome()).isEqualTo(CallOutcome.ANSWERED);
  }

  @Test
  void passes_a_withheld_or_malformed_caller_id_through_for_the_rules_to_skip() {
    WebhookResponse anonymous = post(TwilioFixtures.config().build(),
        load("dial-no-answer").with("From", "anonymous").with("Caller", "anonymous"));
    WebhookResponse shortCode = post(TwilioFixtures.config().build(),
        load("dial-no-answer").with("CallSid", "CA99999999999999999999999999999999").with("From", "266696687"));

    assertThat(anonymous.status()).isEqualTo(200);
    assertThat(shortCode.status()).isEqualTo(200);
    assertThat(engine.calls).extracting(CallEvent::caller).containsExactly("anonymous", "266696687");
  }

  @Test
  void refuses_an_unknown_dial_status() {
    WebhookResponse response = post(TwilioFixtures.config().build(),
        load("dial-no-answer").with("DialCallStatus", "exploded"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).contains("unknown DialCallStatus exploded");
    assertThat(engine.untouched()).isTrue();
  }

  private WebhookResponse post(TwilioConfig config, TwilioFixtures.Payload payload) {
    return new TwilioWebhooks(config, engine).endpoints().get("voice/dial")
        .handle(payload.signedPost(url("voice/dial")));
  }
}
