package dev.textback.plivo;

import static dev.textback.plivo.PlivoFixtures.BUSINESS;
import static dev.textback.plivo.PlivoFixtures.BUSINESS_CELL;
import static dev.textback.plivo.PlivoFixtures.CALLER;
import static dev.textback.plivo.PlivoFixtures.CALL_UUID;
import static dev.textback.plivo.PlivoFixtures.load;
import static dev.textback.plivo.PlivoFixtures.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.call.CallEvent;
import dev.textback.call.CallOutcome;
import dev.textback.webhook.WebhookResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The application's Answer URL: forward to the business phone, or treat the call as missed. */
class PlivoAnswerWebhookTest {
  static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
  static final String HANGUP = XML + "<Response><Hangup/></Response>";
  static final String EMPTY = XML + "<Response/>";
  /** Refuses the call without answering it (the caller is not billed; reference 1.5). */
  static final String BUSY = XML + "<Response><Hangup reason=\"busy\"/></Response>";
  private static final String DIAL_URL = "https://textback.example.com/webhooks/plivo/dial";

  private final FakeEngine engine = new FakeEngine();

  @Test
  void rings_the_business_phone_and_asks_for_the_dial_result_and_its_events() {
    engine.forwarding("+" + BUSINESS, "+" + BUSINESS_CELL);

    WebhookResponse response = answer(PlivoFixtures.config().build());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("application/xml; charset=utf-8");
    assertThat(response.body()).isEqualTo(XML + "<Response>"
        + "<Dial action=\"" + DIAL_URL + "\" method=\"POST\" redirect=\"true\" timeout=\"20\""
        + " callbackUrl=\"" + DIAL_URL + "\" callbackMethod=\"POST\"><Number>12125550147</Number></Dial></Response>");
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void asks_the_business_to_press_1_when_screening_is_on() {
    engine.forwarding("+" + BUSINESS, "+" + BUSINESS_CELL);
    PlivoConfig config = PlivoFixtures.config().callScreening(true).dialTimeout(Duration.ofSeconds(12))
        .screeningPrompt("Call for Joe's <Plumbing> & Heating. Press 1.").build();

    WebhookResponse dial = answer(config);
    WebhookResponse prompt = new PlivoWebhooks(config, engine).endpoints().get(PlivoWebhooks.SCREEN)
        .handle(load("dial-event-answer").signedPost(url(PlivoWebhooks.SCREEN)));

    assertThat(dial.body()).isEqualTo(XML + "<Response>"
        + "<Dial action=\"" + DIAL_URL + "\" method=\"POST\" redirect=\"true\" timeout=\"12\""
        + " callbackUrl=\"" + DIAL_URL + "\" callbackMethod=\"POST\""
        + " confirmSound=\"https://textback.example.com/webhooks/plivo/screen\" confirmKey=\"1\">"
        + "<Number>12125550147</Number></Dial></Response>");
    assertThat(prompt.body()).isEqualTo(XML + "<Response>"
        + "<Speak>Call for Joe&apos;s &lt;Plumbing&gt; &amp; Heating. Press 1.</Speak><Wait length=\"10\"/></Response>");
  }

  @Test
  void points_callbacks_at_the_public_base_url_when_one_is_configured() {
    engine.forwarding("+" + BUSINESS, "+" + BUSINESS_CELL);
    PlivoConfig config = PlivoFixtures.config().publicBaseUrl("https://public.example.com:8443/app").build();
    String publicUrl = "https://public.example.com:8443/app/webhooks/plivo/answer";

    WebhookResponse response = new PlivoWebhooks(config, engine).endpoints().get(PlivoWebhooks.ANSWER)
        .handle(load("answer").signedPost(publicUrl, "http://10.0.0.7:8080/webhooks/plivo/answer"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).contains("action=\"https://public.example.com:8443/app/webhooks/plivo/dial\"");
  }

  @Test
  void decides_a_call_to_a_number_that_forwards_nowhere_as_missed_and_refuses_it_as_busy_without_answering() {
    WebhookResponse response = answer(PlivoFixtures.config().build());

    assertThat(response.body()).isEqualTo(BUSY);
    CallEvent call = engine.onlyCall();
    assertThat(call.carrier()).isEqualTo(PlivoCarrier.ID);
    assertThat(call.callId()).isEqualTo(CALL_UUID);
    assertThat(call.outcome()).isEqualTo(CallOutcome.NO_ANSWER);
    assertThat(call.dialled().e164()).isEqualTo("+" + BUSINESS);
    assertThat(call.caller()).isEqualTo("+" + CALLER);
    assertThat(call.startedAt()).isEqualTo(FakeEngine.NOW);
  }

  @Test
  void offers_a_voicemail_on_a_number_that_forwards_nowhere_when_voicemail_is_on() {
    WebhookResponse response = answer(PlivoFixtures.config().voicemail(true)
        .voicemailGreeting("Joe's & Sons: leave a message").voicemailMaxLength(Duration.ofSeconds(90)).build());

    String record = "https://textback.example.com/webhooks/plivo/record?outcome=NO_ANSWER";
    assertThat(response.body()).isEqualTo(XML + "<Response><Speak>Joe&apos;s &amp; Sons: leave a message</Speak>"
        + "<Record action=\"" + record + "\" method=\"POST\" redirect=\"true\" maxLength=\"90\" finishOnKey=\"#\""
        + " playBeep=\"true\"/><Redirect method=\"POST\">" + record + "</Redirect></Response>");
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void passes_on_a_caller_id_that_is_not_a_number_for_the_engine_to_skip() {
    new PlivoWebhooks(PlivoFixtures.config().build(), engine).endpoints().get(PlivoWebhooks.ANSWER)
        .handle(load("answer").with("From", "anonymous").signedPost(url(PlivoWebhooks.ANSWER)));

    assertThat(engine.onlyCall().caller()).isEqualTo("anonymous");
  }

  @Test
  void still_refuses_the_call_with_xml_when_the_engine_fails() {
    engine.failure = new IllegalStateException("store down");

    WebhookResponse response = answer(PlivoFixtures.config().build());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(BUSY);
  }

  private WebhookResponse answer(PlivoConfig config) {
    return new PlivoWebhooks(config, engine).endpoints().get(PlivoWebhooks.ANSWER)
        .handle(load("answer").signedPost(url(PlivoWebhooks.ANSWER)));
  }
}
