package dev.textback.twilio;

import static dev.textback.twilio.TwilioFixtures.BUSINESS;
import static dev.textback.twilio.TwilioFixtures.BUSINESS_CELL;
import static dev.textback.twilio.TwilioFixtures.CALLER;
import static dev.textback.twilio.TwilioFixtures.load;
import static dev.textback.twilio.TwilioFixtures.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.webhook.WebhookResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The "A call comes in" webhook: forward to the business phone, or treat the call as missed. */
class TwilioIncomingCallWebhookTest {
  static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
  static final String HANGUP = XML + "<Response><Hangup/></Response>";

  private final FakeEngine engine = new FakeEngine();

  @Test
  void rings_the_business_phone_and_asks_for_the_dial_result() {
    engine.forwarding(BUSINESS, BUSINESS_CELL);

    WebhookResponse response = post(TwilioFixtures.config().build());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("text/xml; charset=utf-8");
    assertThat(response.body()).isEqualTo(XML + "<Response>"
        + "<Dial action=\"https://textback.example.com/webhooks/twilio/voice/dial#rc=2&amp;rp=5xx,ct,rt\" method=\"POST\" timeout=\"20\""
        + " answerOnBridge=\"true\"><Number>+12125550147</Number></Dial></Response>");
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void screens_the_call_and_detects_machines_when_configured() {
    engine.forwarding(BUSINESS, BUSINESS_CELL);
    TwilioConfig config = TwilioFixtures.config().callScreening(true).answeringMachineDetection(true)
        .dialTimeout(Duration.ofSeconds(12)).build();

    WebhookResponse response = post(config);

    assertThat(response.body()).isEqualTo(XML + "<Response>"
        + "<Dial action=\"https://textback.example.com/webhooks/twilio/voice/dial#rc=2&amp;rp=5xx,ct,rt\" method=\"POST\" timeout=\"12\""
        + " answerOnBridge=\"true\">"
        + "<Number url=\"https://textback.example.com/webhooks/twilio/voice/screen\" method=\"POST\""
        + " machineDetection=\"Enable\" amdStatusCallback=\"https://textback.example.com/webhooks/twilio/voice/status"
        + "?call=CA11111111111111111111111111111111&amp;dialled=%2B12025550182&amp;caller=%2B12015550123#rc=2&amp;rp=5xx,ct,rt\""
        + " amdStatusCallbackMethod=\"POST\">+12125550147</Number></Dial></Response>");
  }

  @Test
  void points_callbacks_at_the_public_base_url_when_one_is_configured() {
    engine.forwarding(BUSINESS, BUSINESS_CELL);
    TwilioConfig config = TwilioFixtures.config().publicBaseUrl("https://textback.example.com/app").build();
    String publicUrl = "https://textback.example.com/app/webhooks/twilio/voice";
    TwilioWebhooks webhooks = new TwilioWebhooks(config, engine);

    WebhookResponse response = webhooks.endpoints().get("voice").handle(load("voice-incoming")
        .signedPost(publicUrl, "http://10.0.0.7:8080/webhooks/twilio/voice"));

    assertThat(response.body())
        .contains("action=\"https://textback.example.com/app/webhooks/twilio/voice/dial#rc=2&amp;rp=5xx,ct,rt\"");
  }

  @Test
  void counts_every_call_as_missed_when_the_number_forwards_nowhere() {
    WebhookResponse response = post(TwilioFixtures.config().build());

    assertThat(response.body()).isEqualTo(HANGUP);
    CallEvent call = engine.onlyCall();
    assertThat(call.outcome()).isEqualTo(CallOutcome.NO_ANSWER);
    assertThat(call.callId()).isEqualTo("CA11111111111111111111111111111111");
    assertThat(call.dialled().e164()).isEqualTo(BUSINESS);
    assertThat(call.caller()).isEqualTo(CALLER);
  }

  @Test
  void takes_a_voicemail_first_when_the_number_forwards_nowhere_and_voicemail_is_on() {
    TwilioConfig config = TwilioFixtures.config().voicemail(true).voicemailGreeting("Sorry & goodbye <3")
        .voicemailMaxLength(Duration.ofSeconds(90)).build();

    WebhookResponse response = post(config);

    assertThat(response.body()).isEqualTo(XML + "<Response><Say>Sorry &amp; goodbye &lt;3</Say>"
        + "<Record action=\"https://textback.example.com/webhooks/twilio/voice/recording?outcome=NO_ANSWER#rc=2&amp;rp=5xx,ct,rt\""
        + " method=\"POST\" maxLength=\"90\" playBeep=\"true\"/>"
        + "<Redirect method=\"POST\">https://textback.example.com/webhooks/twilio/voice/recording?outcome=NO_ANSWER#rc=2&amp;rp=5xx,ct,rt"
        + "</Redirect></Response>");
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void asks_the_business_to_press_a_key_and_connects_once_it_does() {
    TwilioWebhooks webhooks = new TwilioWebhooks(TwilioFixtures.config().callScreening(true)
        .screeningPrompt("Call for Joe's Plumbing. Press any key.").build(), engine);
    String screen = url("voice/screen");

    WebhookResponse prompt = webhooks.endpoints().get("voice/screen").handle(
        load("voice-incoming").with("CallSid", "CA22222222222222222222222222222222")
            .with("Direction", "outbound-dial").signedPost(screen));
    WebhookResponse accepted = webhooks.endpoints().get("voice/screen").handle(
        load("voice-incoming").with("Digits", "1").signedPost(screen));

    assertThat(prompt.body()).isEqualTo(XML + "<Response><Gather numDigits=\"1\" timeout=\"5\""
        + " action=\"https://textback.example.com/webhooks/twilio/voice/screen\" method=\"POST\">"
        + "<Say>Call for Joe&apos;s Plumbing. Press any key.</Say></Gather><Hangup/></Response>");
    assertThat(accepted.body()).isEqualTo(XML + "<Response/>");
    assertThat(engine.untouched()).isTrue();
  }

  private WebhookResponse post(TwilioConfig config) {
    return new TwilioWebhooks(config, engine).endpoints().get("voice")
        .handle(load("voice-incoming").signedPost(url("voice")));
  }
}
