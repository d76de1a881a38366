package dev.textback.plivo;

import static dev.textback.plivo.PlivoFixtures.AUTH_TOKEN;
import static dev.textback.plivo.PlivoFixtures.NONCE;
import static dev.textback.plivo.PlivoFixtures.load;
import static dev.textback.plivo.PlivoFixtures.url;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What every route does with requests it must not act on: 403 before anything else, 400 for bad input. */
class PlivoWebhookRejectionTest {
  private final FakeEngine engine = new FakeEngine();
  private final PlivoWebhooks webhooks = new PlivoWebhooks(PlivoFixtures.config().build(), engine);

  @ParameterizedTest
  @CsvSource({"answer, answer", "dial, dial-no-answer", "hangup, hangup", "record, record",
      "screen, dial-event-answer", "sms, sms-inbound", "sms/status, sms-status-delivered"})
  void refuses_a_forged_a_stripped_and_a_tampered_signature_on_every_route(String route, String fixture) {
    PlivoFixtures.Payload payload = load(fixture);
    String forged = PlivoFixtures.signV3(PlivoFixtures.OTHER_TOKEN, "POST", url(route), payload.params, NONCE);
    String valid = PlivoFixtures.signV3(AUTH_TOKEN, "POST", url(route), payload.params, NONCE);

    WebhookResponse forgedResponse = handle(route, payload.post(url(route), forged, NONCE));
    WebhookResponse stripped = handle(route, payload.post(url(route), null, null));
    WebhookResponse otherNonce = handle(route, payload.post(url(route), valid, "05429567804466091623"));
    WebhookResponse tampered = handle(route, payload.with("From", "12125550199").post(url(route), valid, NONCE));

    assertThat(forgedResponse).isEqualTo(WebhookResponse.forbidden());
    assertThat(stripped).isEqualTo(WebhookResponse.forbidden());
    assertThat(otherNonce).isEqualTo(WebhookResponse.forbidden());
    assertThat(tampered).isEqualTo(WebhookResponse.forbidden());
    assertThat(engine.untouched()).isTrue();
    assertThat(((FakeEngine.MapPendingCalls) engine.pending).calls).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"answer, answer", "dial, dial-no-answer", "hangup, hangup", "record, record",
      "screen, dial-event-answer"})
  void refuses_a_v2_only_request_with_a_forged_body_on_every_voice_route_even_with_v2_turned_on(String route,
      String fixture) {
    // V2 signs the URL and nonce, not the body: a header pair seen once would carry any parameters.
    PlivoWebhooks v2On = new PlivoWebhooks(PlivoFixtures.config().acceptSignatureV2(true).build(), engine);
    PlivoFixtures.Payload forged = load(fixture).with("From", "12125550199").with("DialStatus", "no-answer");

    WebhookResponse response = v2On.endpoints().get(route).handle(forged.signedPostV2(url(route)));

    assertThat(response).isEqualTo(WebhookResponse.forbidden());
    assertThat(engine.untouched()).isTrue();
    assertThat(((FakeEngine.MapPendingCalls) engine.pending).calls).isEmpty();
  }

  @Test
  void refuses_a_signature_replayed_on_another_route() {
    PlivoFixtures.Payload payload = load("dial-no-answer");
    String signature = PlivoFixtures.signV3(AUTH_TOKEN, "POST", url("dial"), payload.params, NONCE);

    assertThat(handle("hangup", payload.post(url("hangup"), signature, NONCE)).status()).isEqualTo(403);
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void refuses_a_body_over_64_kib() {
    PlivoFixtures.Payload huge = load("sms-inbound").with("Text", "x".repeat(1024 * 1024));

    WebhookResponse response = handle("sms", huge.signedPost(url("sms")));

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.body()).contains("larger than 65536 bytes");
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void refuses_a_body_that_is_not_a_form_and_one_with_a_broken_escape() {
    String json = "{\"From\":\"12015550123\"}";
    Map<String, List<String>> signedUrlOnly = Map.of(
        PlivoSignatureVerifier.V3_HEADER, List.of(PlivoFixtures.signV3(AUTH_TOKEN, "POST", url("sms"), Map.of(), NONCE)),
        PlivoSignatureVerifier.V3_NONCE_HEADER, List.of(NONCE),
        "Content-Type", List.of("application/json"));
    WebhookRequest jsonRequest = WebhookRequest.of("POST", url("sms"), signedUrlOnly, json.getBytes(StandardCharsets.UTF_8));
    WebhookRequest broken = WebhookRequest.formPost(url("sms"), Map.of(PlivoSignatureVerifier.V3_HEADER,
        List.of("c2lnbmF0dXJl"), PlivoSignatureVerifier.V3_NONCE_HEADER, List.of(NONCE)), "Text=%zz&From=12015550123");

    WebhookResponse jsonResponse = handle("sms", jsonRequest);
    assertThat(jsonResponse.status()).isEqualTo(400);
    assertThat(jsonResponse.body()).contains("application/x-www-form-urlencoded");
    assertThat(handle("sms", broken).status()).isEqualTo(400);
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void names_a_missing_required_parameter() {
    assertThat(handle("dial", load("dial-no-answer").without("DialALegUUID").without("CallUUID")
        .signedPost(url("dial")))).isEqualTo(WebhookResponse.badRequest("missing parameter CallUUID"));
    assertThat(handle("answer", load("answer").without("To").signedPost(url("answer"))))
        .isEqualTo(WebhookResponse.badRequest("missing parameter To"));
    assertThat(handle("sms/status", load("sms-status-delivered").without("Status").signedPost(url("sms/status"))))
        .isEqualTo(WebhookResponse.badRequest("missing parameter Status"));
    assertThat(handle("sms", load("sms-inbound").without("MessageUUID").signedPost(url("sms"))))
        .isEqualTo(WebhookResponse.badRequest("missing parameter MessageUUID"));
    assertThat(handle("dial", load("dial-no-answer").with("DialStatus", "ringing-forever").signedPost(url("dial"))))
        .isEqualTo(WebhookResponse.badRequest("unknown DialStatus ringing-forever"));
    assertThat(engine.untouched()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"dial, dial-no-answer, CallUUID", "hangup, hangup, CallUUID", "sms, sms-inbound, MessageUUID",
      "sms/status, sms-status-delivered, MessageUUID"})
  void refuses_an_id_too_long_or_odd_to_keep_with_400(String route, String fixture, String id) {
    PlivoFixtures.Payload base = load(fixture).without("DialALegUUID");
    WebhookResponse tooLong = handle(route, base.with(id, "1".repeat(5000)).signedPost(url(route)));
    WebhookResponse odd = handle(route, load(fixture).without("DialALegUUID").with(id, "a1\r\nforged log line")
        .signedPost(url(route)));

    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.body()).contains(id);
    assertThat(odd.status()).isEqualTo(400);
    assertThat(engine.untouched()).isTrue();
  }

  @Test
  void ignores_parameters_it_does_not_know() {
    WebhookResponse response = handle("dial", load("dial-no-answer").with("SomethingNew", "<surprise>")
        .with("SIP-H-X-Tenant", "7").signedPost(url("dial")));

    assertThat(response.status()).isEqualTo(200);
    assertThat(engine.calls).hasSize(1);
  }

  private WebhookResponse handle(String route, WebhookRequest request) {
    return webhooks.endpoints().get(route).handle(request);
  }
}
