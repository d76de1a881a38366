package dev.textback.plivo;

import static dev.textback.plivo.PlivoAnswerWebhookTest.EMPTY;
import static dev.textback.plivo.PlivoAnswerWebhookTest.XML;
import static dev.textback.plivo.PlivoFixtures.BUSINESS;
import static dev.textback.plivo.PlivoFixtures.CALLER;
import static dev.textback.plivo.PlivoFixtures.load;
import static dev.textback.plivo.PlivoFixtures.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.InboundResult;
import dev.textback.carrier.PendingCalls;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.DeliveryStatus;
import dev.textback.message.InboundMessage;
import dev.textback.message.PermanentFailureReason;
import dev.textback.plivo.PlivoFixtures.Payload;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Message URL and the delivery reports. */
class PlivoMessagingWebhookTest {
  private final FakeEngine engine = new FakeEngine();
  private final PlivoWebhooks webhooks = new PlivoWebhooks(PlivoFixtures.config().build(), engine);

  @Test
  void hands_an_incoming_text_to_the_engine_and_answers_with_an_empty_response() {
    WebhookResponse response = post(PlivoWebhooks.SMS, load("sms-inbound"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("application/xml; charset=utf-8");
    assertThat(response.body()).isEqualTo(EMPTY);
    InboundMessage message = engine.inbound.get(0);
    assertThat(message.carrier()).isEqualTo(PlivoCarrier.ID);
    assertThat(message.messageId()).isEqualTo("3a9d1f2e-7b6c-4d5e-8f90-1a2b3c4d5e6f");
    assertThat(message.from().e164()).isEqualTo("+" + CALLER);
    assertThat(message.to().e164()).isEqualTo("+" + BUSINESS);
    assertThat(message.body()).isEqualTo("Are you open Saturday?");
    assertThat(message.receivedAt()).isEqualTo(FakeEngine.NOW);
    assertThat(message.carrierOptOut()).isNull();
  }

  @ParameterizedTest
  @CsvSource({"optout, STOP", "optin, START", "help, HELP"})
  void passes_on_plivos_reading_of_opt_out_keywords(String intent, String expected) {
    post(PlivoWebhooks.SMS, load("sms-inbound").with("MessageIntent", intent));

    assertThat(engine.inbound.get(0).carrierOptOut()).isEqualTo(expected);
  }

  @Test
  void answers_with_the_engines_reply_escaped_from_the_number_texted_to_the_sender() {
    engine.inboundResult = new InboundResult(InboundResult.Action.HELP,
        "Joe's Plumbing & Heating: call <12025550182>. Reply STOP to opt out.", "cv1");

    WebhookResponse response = post(PlivoWebhooks.SMS, load("sms-inbound").with("Text", "HELP"));

    assertThat(response.body()).isEqualTo(XML + "<Response><Message src=\"12025550182\" dst=\"12015550123\""
        + " type=\"sms\">Joe&apos;s Plumbing &amp; Heating: call &lt;12025550182&gt;. Reply STOP to opt out."
        + "</Message></Response>");
  }

  @Test
  void names_the_status_callback_on_a_reply_when_there_is_one() {
    engine.inboundResult = new InboundResult(InboundResult.Action.HELP, "Call us.", "cv1");
    PlivoWebhooks withPublicUrl = new PlivoWebhooks(
        PlivoFixtures.config().publicBaseUrl("https://textback.example.com").build(), engine);

    WebhookResponse response = withPublicUrl.endpoints().get(PlivoWebhooks.SMS)
        .handle(load("sms-inbound").signedPost(url(PlivoWebhooks.SMS)));

    assertThat(response.body()).contains(" callbackUrl=\"https://textback.example.com/webhooks/plivo/sms/status\""
        + " callbackMethod=\"POST\">Call us.</Message>");
  }

  @Test
  void acknowledges_a_text_from_a_sender_that_is_not_a_phone_number_without_handing_it_on() {
    WebhookResponse response = post(PlivoWebhooks.SMS, load("sms-inbound").with("From", "PLIVO"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(EMPTY);
    assertThat(engine.untouched()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"whatsapp", "rcs"})
  void acknowledges_a_message_that_is_not_a_text_without_handing_it_on_or_answering_by_sms(String type) {
    engine.inboundResult = new InboundResult(InboundResult.Action.HELP, "Call us.", "cv1");

    WebhookResponse response = post(PlivoWebhooks.SMS, load("sms-inbound").with("Type", type).with("Text", "HELP"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(EMPTY);
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void hands_on_a_picture_message_and_answers_it_with_a_text() {
    engine.inboundResult = new InboundResult(InboundResult.Action.HELP, "Call us.", "cv1");

    WebhookResponse response = post(PlivoWebhooks.SMS, load("sms-inbound").with("Type", "mms").with("Text", "HELP")
        .with("MediaCount", "1").with("Media1", "https://media.plivo.com/m/1.jpg"));

    assertThat(engine.inbound).singleElement().satisfies(m -> assertThat(m.mediaUrls())
        .containsExactly("https://media.plivo.com/m/1.jpg"));
    assertThat(response.body()).contains("<Message src=\"12025550182\" dst=\"12015550123\" type=\"sms\">Call us.");
  }

  @Test
  void refuses_a_text_to_something_that_is_not_a_phone_number() {
    WebhookResponse response = post(PlivoWebhooks.SMS, load("sms-inbound").with("To", "not-a-number"));

    assertThat(response).isEqualTo(WebhookResponse.badRequest("To is not a phone number"));
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void hands_on_a_delivery_report() {
    WebhookResponse response = post(PlivoWebhooks.SMS_STATUS, load("sms-status-delivered"));

    assertThat(response.body()).isEqualTo(EMPTY);
    assertThat(engine.receipts).containsExactly(new DeliveryReceipt(PlivoCarrier.ID,
        "db3ce55a-7f1d-11e1-8ea7-1231380bc196", DeliveryStatus.DELIVERED, null, FakeEngine.NOW, null));
  }

  @ParameterizedTest
  @CsvSource({"undelivered, 200, UNDELIVERED, OPTED_OUT", "failed, 50, FAILED, INVALID_NUMBER",
      "failed, 30, FAILED, BLOCKED", "undelivered, 80, UNDELIVERED, ", "failed, 1000, FAILED, "})
  void says_what_a_failed_deliverys_error_code_means_for_the_number(String status, String code,
      DeliveryStatus expected, PermanentFailureReason reason) {
    post(PlivoWebhooks.SMS_STATUS, load("sms-status-undelivered").with("Status", status).with("ErrorCode", code));

    assertThat(engine.receipts).singleElement().satisfies(r -> {
      assertThat(r.status()).isEqualTo(expected);
      assertThat(r.errorCode()).isEqualTo(code);
      assertThat(r.failureReason()).isEqualTo(reason);
    });
  }

  @Test
  void drops_a_report_older_than_one_already_applied() {
    post(PlivoWebhooks.SMS_STATUS, load("sms-status-delivered"));
    WebhookResponse stale = post(PlivoWebhooks.SMS_STATUS, load("sms-status-sent"));
    WebhookResponse again = post(PlivoWebhooks.SMS_STATUS, load("sms-status-delivered"));

    assertThat(stale.status()).isEqualTo(200);
    assertThat(again.status()).isEqualTo(200);
    assertThat(engine.receipts).extracting(DeliveryReceipt::status)
        .containsExactly(DeliveryStatus.DELIVERED, DeliveryStatus.DELIVERED);
  }

  @Test
  void keeps_the_highest_sequence_when_two_instances_race_so_a_later_stale_report_is_still_dropped() {
    // Two instances share one store. The queued report (1) reads the store, then, before it writes, the
    // delivered report (3) runs to the end on the other instance.
    FakeEngine.MapPendingCalls store = new FakeEngine.MapPendingCalls();
    FakeEngine other = new FakeEngine();
    other.pending = store;
    PlivoWebhooks otherInstance = new PlivoWebhooks(PlivoFixtures.config().build(), other);
    Runnable delivered = () -> otherInstance.endpoints().get(PlivoWebhooks.SMS_STATUS)
        .handle(load("sms-status-delivered").signedPost(url(PlivoWebhooks.SMS_STATUS)));
    engine.pending = new PendingCalls() {
      private boolean raced;

      @Override
      public void remember(String callId, Map<String, String> values) {
        store.remember(callId, values);
      }

      @Override
      public Map<String, String> recall(String callId) {
        Map<String, String> read = store.recall(callId);
        if (!raced) {
          raced = true;
          delivered.run();
        }
        return read;
      }

      @Override
      public Map<String, String> forget(String callId) {
        return store.forget(callId);
      }
    };

    post(PlivoWebhooks.SMS_STATUS, load("sms-status-sent").with("Status", "queued").with("Sequence", "1"));
    post(PlivoWebhooks.SMS_STATUS, load("sms-status-sent")); // Sequence 2, older than the 3 applied

    assertThat(other.receipts).extracting(DeliveryReceipt::status).containsExactly(DeliveryStatus.DELIVERED);
    // The queued report raced the delivered one and went through (the engine never lets "queued" undo a
    // delivery); the sent report came after both and is dropped.
    assertThat(engine.receipts).extracting(DeliveryReceipt::status).containsExactly(DeliveryStatus.ACCEPTED);
  }

  @Test
  void applies_reports_in_order_and_ones_without_a_sequence() {
    post(PlivoWebhooks.SMS_STATUS, load("sms-status-sent"));
    post(PlivoWebhooks.SMS_STATUS, load("sms-status-delivered"));
    post(PlivoWebhooks.SMS_STATUS, load("sms-status-sent").without("Sequence"));

    assertThat(engine.receipts).extracting(DeliveryReceipt::status)
        .containsExactly(DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.SENT);
  }

  @Test
  void ignores_a_status_that_says_nothing_about_a_text_sent() {
    WebhookResponse response = post(PlivoWebhooks.SMS_STATUS, load("sms-status-delivered").with("Status", "received"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void asks_plivo_again_when_the_engine_cannot_take_a_text_or_a_report() {
    engine.failure = new IllegalStateException("store down");

    assertThat(post(PlivoWebhooks.SMS, load("sms-inbound")).status()).isEqualTo(503);
    assertThat(post(PlivoWebhooks.SMS_STATUS, load("sms-status-delivered")).status()).isEqualTo(503);
  }

  @Test
  void accepts_a_text_sent_as_a_get() {
    webhooks.endpoints().get(PlivoWebhooks.SMS).handle(load("sms-inbound").with("MessageUUID", "m3")
        .signedGet(url(PlivoWebhooks.SMS)));

    assertThat(engine.inbound).extracting(InboundMessage::messageId).containsExactly("m3");
  }

  @Test
  void refuses_texts_and_reports_signed_with_v2_only_unless_v2_is_turned_on() {
    WebhookResponse text = webhooks.endpoints().get(PlivoWebhooks.SMS)
        .handle(load("sms-inbound").signedPostV2(url(PlivoWebhooks.SMS)));
    WebhookResponse report = webhooks.endpoints().get(PlivoWebhooks.SMS_STATUS)
        .handle(load("sms-status-delivered").signedPostV2(url(PlivoWebhooks.SMS_STATUS)));

    assertThat(PlivoFixtures.config().build().acceptSignatureV2()).isFalse();
    assertThat(text).isEqualTo(WebhookResponse.forbidden());
    assertThat(report).isEqualTo(WebhookResponse.forbidden());
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void accepts_v2_only_on_the_messaging_routes_when_turned_on_and_checks_v3_whenever_it_came() {
    PlivoWebhooks v2On = new PlivoWebhooks(PlivoFixtures.config().acceptSignatureV2(true).build(), engine);
    Payload text = load("sms-inbound").with("MessageUUID", "m2");
    // V2 covers the URL and nonce only: the same header pair passes with any body. That is the documented
    // risk of turning it on, and why it is never accepted on the voice routes.
    WebhookResponse v2Text = v2On.endpoints().get(PlivoWebhooks.SMS).handle(text.signedPostV2(url(PlivoWebhooks.SMS)));
    WebhookResponse v2Report = v2On.endpoints().get(PlivoWebhooks.SMS_STATUS)
        .handle(load("sms-status-delivered").signedPostV2(url(PlivoWebhooks.SMS_STATUS)));
    // A request that carries V3 is held to it: a wrong V3 next to a right V2 is refused.
    Map<String, List<String>> both = new LinkedHashMap<>();
    both.put(PlivoSignatureVerifier.V2_HEADER, List.of(
        PlivoFixtures.signV2(PlivoFixtures.AUTH_TOKEN, url(PlivoWebhooks.SMS), PlivoFixtures.NONCE)));
    both.put(PlivoSignatureVerifier.V2_NONCE_HEADER, List.of(PlivoFixtures.NONCE));
    both.put(PlivoSignatureVerifier.V3_HEADER, List.of("c2lnbmF0dXJl"));
    both.put(PlivoSignatureVerifier.V3_NONCE_HEADER, List.of(PlivoFixtures.NONCE));
    WebhookResponse wrongV3 = v2On.endpoints().get(PlivoWebhooks.SMS).handle(WebhookRequest
        .formPost(url(PlivoWebhooks.SMS), both, load("sms-inbound").with("MessageUUID", "m4").formBody()));

    assertThat(v2Text.status()).isEqualTo(200);
    assertThat(v2Report.status()).isEqualTo(200);
    assertThat(wrongV3).isEqualTo(WebhookResponse.forbidden());
    assertThat(engine.inbound).extracting(InboundMessage::messageId).containsExactly("m2");
    assertThat(engine.receipts).hasSize(1);
  }

  private WebhookResponse post(String route, Payload payload) {
    return webhooks.endpoints().get(route).handle(payload.signedPost(url(route)));
  }
}
