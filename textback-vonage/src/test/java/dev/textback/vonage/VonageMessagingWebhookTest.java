package dev.textback.vonage;

import static dev.textback.vonage.VonageCallWebhookTest.handle;
import static dev.textback.vonage.VonageFixtures.SIGNATURE_SECRET;
import static dev.textback.vonage.VonageFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.message.DeliveryReceipt;
import dev.textback.message.DeliveryStatus;
import dev.textback.message.InboundMessage;
import dev.textback.message.PermanentFailureReason;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Texts and receipts from the Messages API and the legacy SMS API, in Vonage's shapes. */
class VonageMessagingWebhookTest {
  private static final Instant SMS_SIGNED_AT = Instant.ofEpochSecond(1464088321);

  private final FakeEngine engine = new FakeEngine();

  @Test
  void hands_a_messages_api_text_to_the_engine_with_plus_signs_on_both_numbers() {
    WebhookResponse response = handle(webhooks(), VonageWebhooks.INBOUND,
        VonageFixtures.signedPost(VonageWebhooks.INBOUND, resource("inbound-sms.json"), FakeEngine.NOW));

    assertThat(response.status()).isEqualTo(200);
    assertThat(engine.inbound).singleElement().satisfies(m -> {
      assertThat(m.messageId()).isEqualTo("aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab");
      assertThat(m.from().e164()).isEqualTo("+14845552121");
      assertThat(m.to().e164()).isEqualTo("+16105553939");
      assertThat(m.body()).isEqualTo("Hello From Vonage!");
    });
  }

  @Test
  void hands_a_callers_mms_reply_to_the_engine_with_its_caption_and_media() {
    // The Messages API's inbound MMS (channel mms): an image with a caption, as the OAS's inboundMessageMMS shows.
    String mms = "{\"channel\":\"mms\",\"message_uuid\":\"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ac\","
        + "\"to\":\"16105553939\",\"from\":\"14845552121\",\"timestamp\":\"2025-02-03T12:14:25Z\","
        + "\"message_type\":\"image\",\"image\":{\"url\":\"https://api-us.nexmo.com/v3/media/"
        + "6882bbe2-fe14-4e2f-910f-652beee058d4\",\"caption\":\"This is where it leaks, can you come Tuesday?\"}}";

    WebhookResponse response = handle(webhooks(), VonageWebhooks.INBOUND,
        VonageFixtures.signedPost(VonageWebhooks.INBOUND, mms, FakeEngine.NOW));

    assertThat(response.status()).isEqualTo(200);
    assertThat(engine.inbound).singleElement().satisfies(m -> {
      assertThat(m.from().e164()).isEqualTo("+14845552121");
      assertThat(m.body()).isEqualTo("This is where it leaks, can you come Tuesday?");
      assertThat(m.mediaUrls())
          .containsExactly("https://api-us.nexmo.com/v3/media/6882bbe2-fe14-4e2f-910f-652beee058d4");
    });
  }

  @Test
  void acknowledges_a_message_on_another_channel_without_handing_it_over() {
    String whatsapp = resource("inbound-sms.json").replace("\"channel\":\"sms\"", "\"channel\":\"whatsapp\"");

    WebhookResponse response = handle(webhooks(), VonageWebhooks.INBOUND,
        VonageFixtures.signedPost(VonageWebhooks.INBOUND, whatsapp, FakeEngine.NOW));

    assertThat(response.status()).isEqualTo(200);
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void reads_a_rejected_status_with_code_1240_as_an_opt_out() {
    handle(webhooks(), VonageWebhooks.STATUS,
        VonageFixtures.signedPost(VonageWebhooks.STATUS, resource("status-rejected.json"), FakeEngine.NOW));

    DeliveryReceipt receipt = engine.receipts.get(0);
    assertThat(receipt.messageId()).isEqualTo("aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab");
    assertThat(receipt.status()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(receipt.errorCode()).isEqualTo("1240");
    assertThat(receipt.failureReason()).isEqualTo(PermanentFailureReason.OPTED_OUT);
  }

  @Test
  void reads_the_opt_out_code_from_the_error_types_fragment_when_the_title_is_words() {
    String body = resource("status-rejected.json").replace("\"title\":\"1240\"", "\"title\":\"Illegal Number\"");

    handle(webhooks(), VonageWebhooks.STATUS, VonageFixtures.signedPost(VonageWebhooks.STATUS, body, FakeEngine.NOW));

    DeliveryReceipt receipt = engine.receipts.get(0);
    assertThat(receipt.errorCode()).isEqualTo("1240");
    assertThat(receipt.failureReason()).isEqualTo(PermanentFailureReason.OPTED_OUT);
  }

  @Test
  void warns_once_per_kind_that_an_immediate_reply_is_not_sent_without_the_number_or_the_reply() {
    VonageWebhooks webhooks = webhooks();
    String helpText = "Joe's Plumbing: reply STOP to opt out";
    java.io.PrintStream original = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      engine.inboundResult = new dev.textback.InboundResult(dev.textback.InboundResult.Action.HELP, helpText, "cv1");
      for (String id : List.of("aaaaaaaa-bbbb-4ccc-8ddd-000000000001", "aaaaaaaa-bbbb-4ccc-8ddd-000000000002")) {
        handle(webhooks, VonageWebhooks.INBOUND, VonageFixtures.signedPost(VonageWebhooks.INBOUND,
            resource("inbound-sms.json").replace("aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab", id), FakeEngine.NOW));
      }
      engine.inboundResult = new dev.textback.InboundResult(dev.textback.InboundResult.Action.OPTED_OUT,
          "You are unsubscribed.", "cv1");
      handle(webhooks, VonageWebhooks.INBOUND, VonageFixtures.signedPost(VonageWebhooks.INBOUND,
          resource("inbound-sms.json"), FakeEngine.NOW));
    } finally {
      System.setErr(original);
    }

    List<String> warnings = captured.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.contains("WARN") && l.contains("immediate reply")).toList();
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0)).contains("HELP");
    assertThat(warnings.get(1)).contains("OPTED_OUT");
    assertThat(String.join("\n", warnings)).doesNotContain("14845552121").doesNotContain("4845552121")
        .doesNotContain(helpText).doesNotContain("unsubscribed");
  }

  @Test
  void reads_statuses_whose_error_title_is_a_number_and_delivered_ones() {
    VonageWebhooks webhooks = webhooks();
    handle(webhooks, VonageWebhooks.STATUS, VonageFixtures.signedPost(VonageWebhooks.STATUS,
        resource("status-submitted-numeric-title.json"), FakeEngine.NOW));
    handle(webhooks, VonageWebhooks.STATUS,
        VonageFixtures.signedPost(VonageWebhooks.STATUS, resource("status-delivered.json"), FakeEngine.NOW));

    assertThat(engine.receipts).extracting(DeliveryReceipt::status)
        .containsExactly(DeliveryStatus.SENT, DeliveryStatus.DELIVERED);
    assertThat(engine.receipts.get(0).errorCode()).isEqualTo("1000");
    assertThat(engine.receipts.get(0).failureReason()).isNull();
  }

  @Test
  void hands_over_a_captured_sms_api_text_signed_with_its_sig() {
    engine.now = SMS_SIGNED_AT;
    VonageWebhooks webhooks = new VonageWebhooks(
        VonageFixtures.config().signatureMethod(VonageConfig.SignatureMethod.SHA256).build(), engine);

    WebhookResponse response = handle(webhooks, VonageWebhooks.SMS_INBOUND, WebhookRequest.of("GET",
        VonageFixtures.url("sms/inbound") + "?" + resource("sms-inbound-signed.query"), Map.of(), new byte[0]));

    assertThat(response.status()).isEqualTo(204);
    assertThat(engine.inbound).singleElement().satisfies(m -> {
      assertThat(m.messageId()).isEqualTo("02000000DA7C52E7");
      assertThat(m.from().e164()).isEqualTo("+14845552121");
      assertThat(m.body()).isEqualTo("Test this.");
    });
  }

  @Test
  void reassembles_a_multi_part_sms_api_text_arriving_out_of_order() {
    VonageWebhooks webhooks = webhooks();

    WebhookResponse second = handle(webhooks, VonageWebhooks.SMS_INBOUND, smsPart("0200000000000002", 2, "world!"));
    assertThat(engine.inbound).isEmpty();
    WebhookResponse first = handle(webhooks, VonageWebhooks.SMS_INBOUND, smsPart("0200000000000001", 1, "Hello, "));

    assertThat(second.status()).isEqualTo(204);
    assertThat(first.status()).isEqualTo(204);
    assertThat(engine.inbound).singleElement().satisfies(m -> {
      assertThat(m.body()).isEqualTo("Hello, world!");
      assertThat(m.messageId()).isEqualTo("0200000000000001");
    });
    assertThat(engine.pendingStore.calls).as("parts kept until the text was whole").isEmpty();
  }

  @Test
  void reads_an_sms_api_receipt_with_err_code_9_as_an_opt_out_and_a_delivered_one_as_delivered() {
    VonageWebhooks webhooks = webhooks();
    handle(webhooks, VonageWebhooks.SMS_DLR, signedJson("sms/dlr", resource("dlr-opted-out.json")));
    handle(webhooks, VonageWebhooks.SMS_DLR, signedJson("sms/dlr", resource("dlr-delivered.json")));

    assertThat(engine.receipts).extracting(DeliveryReceipt::status)
        .containsExactly(DeliveryStatus.UNDELIVERED, DeliveryStatus.DELIVERED);
    assertThat(engine.receipts.get(0).failureReason()).isEqualTo(PermanentFailureReason.OPTED_OUT);
    assertThat(engine.receipts.get(0).errorCode()).isEqualTo("9");
    assertThat(engine.receipts.get(1).errorCode()).isNull();
  }

  private VonageWebhooks webhooks() {
    return new VonageWebhooks(VonageFixtures.config().build(), engine);
  }

  @Test
  void keeps_the_parts_when_the_engine_fails_on_the_last_one_so_vonages_redelivery_makes_the_text_whole() {
    VonageWebhooks webhooks = webhooks();
    handle(webhooks, VonageWebhooks.SMS_INBOUND, smsPart("0200000000000001", 1, "Hello, "));
    engine.failure = new IllegalStateException("store down");

    WebhookResponse failed = handle(webhooks, VonageWebhooks.SMS_INBOUND, smsPart("0200000000000002", 2, "world!"));
    engine.failure = null;
    WebhookResponse redelivered = handle(webhooks, VonageWebhooks.SMS_INBOUND,
        smsPart("0200000000000002", 2, "world!"));

    assertThat(failed.status()).isEqualTo(503);
    assertThat(redelivered.status()).isEqualTo(204);
    assertThat(engine.inbound).hasSize(2).allSatisfy(m -> assertThat(m.body()).isEqualTo("Hello, world!"));
    assertThat(engine.pendingStore.calls).isEmpty();
  }

  @Test
  void never_mixes_a_reused_concat_ref_with_parts_older_than_an_hour_or_with_another_part_count() {
    VonageWebhooks webhooks = webhooks();
    handle(webhooks, VonageWebhooks.SMS_INBOUND, smsPart("0100000000000001", 1, "OLD ", "4", 2, FakeEngine.NOW));
    handle(webhooks, VonageWebhooks.SMS_INBOUND, smsPart("0300000000000001", 1, "three ", "4", 3, FakeEngine.NOW));

    Instant later = FakeEngine.NOW.plus(VonageWebhooks.PARTS_MAX_AGE).plusSeconds(60);
    engine.now = later;
    VonageWebhooks anHourOn = webhooks(); // same store, the engine's clock an hour on
    handle(anHourOn, VonageWebhooks.SMS_INBOUND, smsPart("0200000000000002", 2, "world!", "4", 2, later));
    assertThat(engine.inbound).as("the hour-old part 1 belongs to another message").isEmpty();
    handle(anHourOn, VonageWebhooks.SMS_INBOUND, smsPart("0200000000000001", 1, "Hello, ", "4", 2, later));

    assertThat(engine.inbound).singleElement().satisfies(m -> {
      assertThat(m.body()).isEqualTo("Hello, world!");
      assertThat(m.messageId()).isEqualTo("0200000000000001");
    });
  }

  /** One part of a two-part text as Vonage posts it in a form, with an md5hash {@code sig} made by hand. */
  private static WebhookRequest smsPart(String messageId, int part, String text) {
    return smsPart(messageId, part, text, "4", 2, FakeEngine.NOW);
  }

  private static WebhookRequest smsPart(String messageId, int part, String text, String ref, int total,
      Instant signedAt) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("msisdn", "14845552121");
    p.put("to", "16105553939");
    p.put("messageId", messageId);
    p.put("concat", "true");
    p.put("concat-ref", ref);
    p.put("concat-total", Integer.toString(total));
    p.put("concat-part", Integer.toString(part));
    p.put("text", text);
    p.put("type", "text");
    p.put("timestamp", Long.toString(signedAt.getEpochSecond()));
    p.put("sig", VonageFixtures.md5hash(p, SIGNATURE_SECRET));
    return WebhookRequest.formPost(VonageFixtures.url("sms/inbound"), Map.of(), VonageFixtures.form(p));
  }

  /** A JSON SMS API webhook with {@code timestamp} and an md5hash {@code sig} added, made by hand. */
  private static WebhookRequest signedJson(String route, String json) {
    Map<String, String> params = new LinkedHashMap<>();
    String inner = json.substring(1, json.length() - 1);
    for (String pair : inner.split(",\"")) {
      String[] kv = pair.replace("\"", "").split(":", 2);
      params.put(kv[0], kv[1]);
    }
    params.put("timestamp", Long.toString(FakeEngine.NOW.getEpochSecond()));
    String sig = VonageFixtures.md5hash(params, SIGNATURE_SECRET);
    String body = json.substring(0, json.length() - 1) + ",\"timestamp\":\"" + FakeEngine.NOW.getEpochSecond()
        + "\",\"sig\":\"" + sig + "\"}";
    return WebhookRequest.of("POST", VonageFixtures.url(route), Map.of("Content-Type", List.of("application/json")),
        body.getBytes(StandardCharsets.UTF_8));
  }
}
