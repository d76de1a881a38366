package dev.textback.twilio;

import static dev.textback.twilio.TwilioFixtures.AUTH_TOKEN;
import static dev.textback.twilio.TwilioFixtures.load;
import static dev.textback.twilio.TwilioFixtures.url;
import static dev.textback.twilio.TwilioIncomingCallWebhookTest.HANGUP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What every route does with requests it must not act on: 403 before anything else, 400 for bad input. */
class TwilioWebhookRejectionTest {
  private final FakeEngine engine = new FakeEngine();
  private final TwilioWebhooks webhooks = new TwilioWebhooks(TwilioFixtures.config().build(), engine);

  @ParameterizedTest
  @CsvSource({"voice, voice-incoming", "voice/dial, dial-no-answer", "voice/recording, recording",
      "voice/status, call-status-completed", "voice/screen, voice-incoming", "sms, sms-inbound",
      "sms/status, sms-status-delivered"})
  void refuses_a_forged_signature_on_every_route(String route, String fixture) {
    TwilioFixtures.Payload payload = load(fixture);
    String forged = TwilioFixtures.sign("0000000000000000000000000000dead", url(route), payload.params);

    WebhookResponse response = handle(route, payload.post(url(route), forged));

    assertThat(response.status()).isEqualTo(403);
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void refuses_a_request_without_a_signature() {
    WebhookResponse response = handle("voice/dial", load("dial-no-answer").post(url("voice/dial"), null));

    assertThat(response).isEqualTo(WebhookResponse.forbidden());
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void refuses_a_signed_request_replayed_with_a_changed_parameter() {
    TwilioFixtures.Payload payload = load("dial-no-answer");
    String signature = TwilioFixtures.sign(AUTH_TOKEN, url("voice/dial"), payload.params);

    WebhookResponse changedCaller = handle("voice/dial",
        payload.with("From", "+12125550199").post(url("voice/dial"), signature));
    WebhookResponse otherRoute = handle("sms", load("dial-no-answer").post(url("sms"), signature));

    assertThat(changedCaller.status()).isEqualTo(403);
    assertThat(otherRoute.status()).isEqualTo(403);
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void refuses_a_body_over_64_kib() {
    TwilioFixtures.Payload huge = load("sms-inbound").with("Body", "x".repeat(1024 * 1024));

    WebhookResponse response = handle("sms", huge.signedPost(url("sms")));

    assertThat(response.status()).isEqualTo(413); // Payload Too Large
    assertThat(response.body()).contains("larger than 65536 bytes");
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void refuses_a_body_that_is_not_a_form() {
    String body = "{\"From\":\"+12015550123\"}";
    // bodySHA256 is the SHA-256 of the body, as Twilio sends it for JSON; the signature is then over the URL
    String url = url("sms") + "?bodySHA256=" + sha256Hex(body);
    WebhookRequest json = WebhookRequest.of("POST", url, Map.of("Content-Type", List.of("application/json"),
        "X-Twilio-Signature", List.of(TwilioFixtures.sign(AUTH_TOKEN, url, Map.of()))),
        body.getBytes(StandardCharsets.UTF_8));
    WebhookRequest brokenEncoding = WebhookRequest.formPost(url("sms"),
        Map.of("X-Twilio-Signature", List.of("c2lnbmF0dXJl")), "Body=%zz&From=%2B12015550123");

    assertThat(handle("sms", json).status()).isEqualTo(400);
    assertThat(handle("sms", json).body()).contains("application/x-www-form-urlencoded");
    assertThat(handle("sms", brokenEncoding).status()).isEqualTo(400);
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void names_a_missing_required_parameter() {
    WebhookResponse noCallSid = handle("voice/dial",
        load("dial-no-answer").without("CallSid").signedPost(url("voice/dial")));
    WebhookResponse noTo = handle("voice", load("voice-incoming").without("To").signedPost(url("voice")));
    WebhookResponse noStatus = handle("sms/status",
        load("sms-status-delivered").without("MessageStatus").without("SmsStatus").signedPost(url("sms/status")));

    assertThat(noCallSid).isEqualTo(WebhookResponse.badRequest("missing parameter CallSid"));
    assertThat(noTo).isEqualTo(WebhookResponse.badRequest("missing parameter To"));
    assertThat(noStatus).isEqualTo(WebhookResponse.badRequest("missing parameter MessageStatus"));
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void ignores_parameters_it_does_not_know() {
    WebhookResponse response = handle("voice/dial",
        load("dial-no-answer").with("SomethingNew", "<surprise>").with("StirVerstat", "TN-Validation-Passed-B")
            .signedPost(url("voice/dial")));

    assertThat(response.status()).isEqualTo(200);
    assertThat(engine.calls).hasSize(1);
  }

  @Test
  void asks_twilio_again_when_the_engine_cannot_decide_but_never_drops_a_caller_who_is_still_ringing() {
    engine.failure = new IllegalStateException("store down");

    WebhookResponse incoming = handle("voice", load("voice-incoming").signedPost(url("voice")));
    WebhookResponse dial = handle("voice/dial", load("dial-no-answer").signedPost(url("voice/dial")));
    WebhookResponse status = handle("voice/status", load("call-status-completed").signedPost(url("voice/status")));
    WebhookResponse sms = handle("sms", load("sms-inbound").signedPost(url("sms")));

    // The caller of a number that forwards nowhere is hung up on as always; the final status decides the call.
    assertThat(incoming.status()).isEqualTo(200);
    assertThat(incoming.body()).isEqualTo(HANGUP);
    // A 200 here would leave the call undecided for good: 503, and Twilio asks again (CALLBACK_RETRY).
    assertThat(dial.status()).isEqualTo(503);
    assertThat(status.status()).isEqualTo(503);
    assertThat(sms.status()).isEqualTo(503);
  }

  private WebhookResponse handle(String route, WebhookRequest request) {
    return webhooks.endpoints().get(route).handle(request);
  }

  @Test
  void refuses_a_webhook_signed_for_another_account_with_403() {
    // The same auth token signs for two accounts (a parent and its subaccount); only the configured one counts.
    TwilioFixtures.Payload other = load("dial-no-answer").with("AccountSid", "AC99999999999999999999999999999999");

    WebhookResponse response = handle("voice/dial", other.signedPost(url("voice/dial")));

    assertThat(response.status()).isEqualTo(403);
    assertThat(engine.untouched()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"voice/dial, dial-no-answer, CallSid", "sms, sms-inbound, MessageSid",
      "sms/status, sms-status-delivered, MessageSid"})
  void refuses_an_id_too_long_or_odd_to_keep_with_400_instead_of_deciding_nothing(String route, String fixture,
      String id) {
    WebhookResponse tooLong = handle(route, load(fixture).with(id, "CA" + "1".repeat(5000)).signedPost(url(route)));
    WebhookResponse odd = handle(route, load(fixture).with(id, "CA1\r\nforged log line").signedPost(url(route)));

    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.body()).contains(id);
    assertThat(odd.status()).isEqualTo(400);
    assertThat(engine.untouched()).isTrue();
  }

  private static String sha256Hex(String body) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
