package dev.textback.twilio;

import dev.textback.phone.CarrierId;
import static dev.textback.twilio.TwilioFixtures.BUSINESS;
import static dev.textback.twilio.TwilioFixtures.CALLER;
import static dev.textback.twilio.TwilioFixtures.load;
import static dev.textback.twilio.TwilioFixtures.url;
import static dev.textback.twilio.TwilioIncomingCallWebhookTest.XML;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.InboundResult;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.DeliveryStatus;
import dev.textback.message.InboundMessage;
import dev.textback.message.PermanentFailureReason;
import dev.textback.webhook.WebhookResponse;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The incoming-message webhook and the delivery-status callback. */
class TwilioMessagingWebhookTest {
  private final FakeEngine engine = new FakeEngine();
  private final TwilioWebhooks webhooks = new TwilioWebhooks(TwilioFixtures.config().build(), engine);

  @Test
  void hands_an_incoming_text_to_the_engine_and_answers_with_empty_twiml() {
    WebhookResponse response = post("sms", load("sms-inbound"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("text/xml; charset=utf-8");
    assertThat(response.body()).isEqualTo(XML + "<Response/>");
    InboundMessage message = engine.inbound.get(0);
    assertThat(message.carrier()).isEqualTo(TwilioCarrier.ID);
    assertThat(message.messageId()).isEqualTo("SM44444444444444444444444444444444");
    assertThat(message.from().e164()).isEqualTo(CALLER);
    assertThat(message.to().e164()).isEqualTo(BUSINESS);
    assertThat(message.body()).isEqualTo("Can you come by Thursday? I'm at 5 & Main <back door>");
    assertThat(message.mediaUrls()).isEmpty();
    assertThat(message.receivedAt()).isEqualTo(FakeEngine.NOW);
    assertThat(message.carrierOptOut()).isNull();
  }

  @Test
  void answers_with_the_engines_reply_escaped() {
    engine.inboundResult = new InboundResult(InboundResult.Action.HELP,
        "Joe's Plumbing & Heating: call <+12025550182>. Reply STOP to opt out.", "cv1");

    WebhookResponse response = post("sms", load("sms-inbound").with("Body", "HELP"));

    assertThat(response.body()).isEqualTo(XML + "<Response><Message>Joe&apos;s Plumbing &amp; Heating: call"
        + " &lt;+12025550182&gt;. Reply STOP to opt out.</Message></Response>");
  }

  @Test
  void reads_media_and_the_carriers_opt_out_classification() {
    post("sms", load("sms-mms"));
    post("sms", load("sms-stop"));

    assertThat(engine.inbound.get(0).mediaUrls()).containsExactly(
        "https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/"
            + "MM55555555555555555555555555555555/Media/ME66666666666666666666666666666666",
        "https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/"
            + "MM55555555555555555555555555555555/Media/ME77777777777777777777777777777777");
    assertThat(engine.inbound.get(0).body()).isEmpty();
    assertThat(engine.inbound.get(1).body()).isEqualTo("STOP");
    assertThat(engine.inbound.get(1).carrierOptOut()).isEqualTo("STOP");
  }

  @Test
  void ignores_a_text_from_a_short_code_or_another_sender_that_is_not_a_phone_number_with_200() {
    // A 4xx would make Twilio redeliver it for a day; there is nobody to text back, so it is acknowledged.
    // A WhatsApp message has a channel address on both sides (twilio.md 2.1).
    WebhookResponse whatsapp = post("sms",
        load("sms-inbound").with("From", "whatsapp:+12015550123").with("To", "whatsapp:+13035550100"));
    WebhookResponse shortCode = post("sms", load("sms-inbound").with("From", "72345"));

    assertThat(whatsapp.status()).isEqualTo(200);
    assertThat(whatsapp.body()).isEqualTo(XML + "<Response/>");
    assertThat(shortCode.status()).isEqualTo(200);
    assertThat(shortCode.body()).isEqualTo(XML + "<Response/>");
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void refuses_a_text_to_something_that_is_not_a_phone_number() {
    WebhookResponse response = post("sms", load("sms-inbound").with("To", "72345"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("To is not a phone number\n");
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void hands_on_a_delivery_receipt() {
    WebhookResponse response = post("sms/status", load("sms-status-delivered"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(engine.receipts).containsExactly(new DeliveryReceipt(CarrierId.of("twilio"), "SM99999999999999999999999999999999",
        DeliveryStatus.DELIVERED, null, FakeEngine.NOW, null));
  }

  @Test
  void tells_core_what_a_failed_deliverys_error_code_means_for_the_number() {
    post("sms/status", load("sms-status-undelivered"));
    post("sms/status", load("sms-status-undelivered").with("MessageStatus", "failed").with("ErrorCode", "30003"));

    assertThat(engine.receipts).containsExactly(
        new DeliveryReceipt(CarrierId.of("twilio"), "SM99999999999999999999999999999999", DeliveryStatus.UNDELIVERED, "30006",
            FakeEngine.NOW, PermanentFailureReason.NOT_MOBILE),
        new DeliveryReceipt(CarrierId.of("twilio"), "SM99999999999999999999999999999999", DeliveryStatus.FAILED, "30003",
            FakeEngine.NOW, null));
  }

  @Test
  void maps_each_documented_message_status() {
    String[][] expected = {
        {"accepted", "ACCEPTED"}, {"scheduled", "ACCEPTED"}, {"queued", "ACCEPTED"}, {"sending", "ACCEPTED"},
        {"sent", "SENT"}, {"delivered", "DELIVERED"}, {"read", "DELIVERED"}, {"undelivered", "UNDELIVERED"},
        {"failed", "FAILED"}, {"canceled", "FAILED"}};
    for (String[] row : expected) post("sms/status", load("sms-status-delivered").with("MessageStatus", row[0]));

    assertThat(engine.receipts).extracting(r -> r.status().name())
        .containsExactly(Arrays.stream(expected).map(row -> row[1]).toArray(String[]::new));
  }

  @Test
  void ignores_statuses_of_incoming_messages_and_undocumented_ones() {
    WebhookResponse received = post("sms/status", load("sms-status-delivered").with("MessageStatus", "received"));
    post("sms/status", load("sms-status-delivered").with("MessageStatus", "partially_delivered"));

    assertThat(received.status()).isEqualTo(200);
    assertThat(engine.untouched()).isTrue();
  }

  private WebhookResponse post(String route, TwilioFixtures.Payload payload) {
    return webhooks.endpoints().get(route).handle(payload.signedPost(url(route)));
  }
}
