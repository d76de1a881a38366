package dev.textback.twilio;

import static dev.textback.twilio.TwilioFixtures.BUSINESS;
import static dev.textback.twilio.TwilioFixtures.BUSINESS_CELL;
import static dev.textback.twilio.TwilioFixtures.CALLER;
import static dev.textback.twilio.TwilioFixtures.load;
import static dev.textback.twilio.TwilioFixtures.url;
import static dev.textback.twilio.TwilioIncomingCallWebhookTest.HANGUP;
import static dev.textback.twilio.TwilioIncomingCallWebhookTest.XML;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.call.Voicemail;
import dev.textback.webhook.WebhookResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The webhooks that decide a call after the dial: the voicemail recording and the status callbacks. */
class TwilioCallEndWebhookTest {
  private static final String EMPTY = XML + "<Response/>";

  private final FakeEngine engine = new FakeEngine();
  private final TwilioWebhooks webhooks = new TwilioWebhooks(TwilioFixtures.config().voicemail(true).build(), engine);

  @Test
  void decides_a_call_with_a_recorded_message_as_a_voicemail() {
    WebhookResponse response = post("voice/recording?outcome=NO_ANSWER", load("recording"));

    assertThat(response.body()).isEqualTo(HANGUP);
    CallEvent call = engine.onlyCall();
    assertThat(call.callId()).isEqualTo("CA11111111111111111111111111111111");
    assertThat(call.outcome()).isEqualTo(CallOutcome.VOICEMAIL);
    assertThat(call.voicemail()).isEqualTo(new Voicemail(true, Duration.ofSeconds(14),
        "https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Recordings/"
            + "RE33333333333333333333333333333333"));
  }

  @Test
  void decides_a_call_without_a_message_by_how_the_dial_ended() {
    post("voice/recording?outcome=BUSY", load("recording").with("RecordingDuration", "0"));

    CallEvent call = engine.onlyCall();
    assertThat(call.outcome()).isEqualTo(CallOutcome.BUSY);
    assertThat(call.voicemail().messageLeft()).isFalse();
  }

  @Test
  void decides_a_call_the_caller_hung_up_while_it_rang_from_its_final_status() {
    engine.forwarding(BUSINESS, BUSINESS_CELL);

    WebhookResponse response = post("voice/status", load("call-status-completed"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(EMPTY);
    CallEvent call = engine.onlyCall();
    assertThat(call.outcome()).isEqualTo(CallOutcome.CANCELED);
    assertThat(call.ringDuration()).isEqualTo(Duration.ofSeconds(9));
    assertThat(call.startedAt()).isEqualTo(FakeEngine.NOW.minusSeconds(9));
    assertThat(call.endedAt()).contains(FakeEngine.NOW);
  }

  @Test
  void counts_a_completed_call_to_a_number_that_forwards_nowhere_as_missed() {
    post("voice/status", load("call-status-completed"));

    assertThat(engine.onlyCall().outcome()).isEqualTo(CallOutcome.NO_ANSWER);
  }

  @Test
  void ignores_progress_events_and_forwarded_legs() {
    post("voice/status", load("call-status-completed").with("CallStatus", "ringing"));
    post("voice/status", load("call-status-completed").with("CallStatus", "in-progress"));
    post("voice/status", load("call-status-completed").with("Direction", "outbound-dial")
        .with("ParentCallSid", "CA11111111111111111111111111111111"));

    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void decides_the_original_call_as_a_voicemail_when_a_machine_answers_the_forwarded_leg() {
    WebhookResponse response = post("voice/status?call=CA11111111111111111111111111111111"
        + "&dialled=%2B12025550182&caller=%2B12015550123", load("amd-machine"));

    assertThat(response.body()).isEqualTo(EMPTY);
    CallEvent call = engine.onlyCall();
    assertThat(call.callId()).isEqualTo("CA11111111111111111111111111111111");
    assertThat(call.dialled().e164()).isEqualTo(BUSINESS);
    assertThat(call.caller()).isEqualTo(CALLER);
    assertThat(call.outcome()).isEqualTo(CallOutcome.VOICEMAIL);
  }

  @Test
  void leaves_a_call_a_person_answered_to_the_dial_result() {
    post("voice/status?call=CA11111111111111111111111111111111&dialled=%2B12025550182&caller=%2B12015550123",
        load("amd-machine").with("AnsweredBy", "human"));

    assertThat(engine.untouched()).isTrue();
  }

  private WebhookResponse post(String route, TwilioFixtures.Payload payload) {
    String path = route.replaceFirst("\\?.*", "");
    return webhooks.endpoints().get(path).handle(payload.signedPost(url(route)));
  }
}
