package dev.textback.plivo;

import static dev.textback.plivo.PlivoFixtures.AUTH_TOKEN;
import static dev.textback.plivo.PlivoFixtures.NONCE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every route with any parameters Plivo could sign (known names with odd values, unknown names, missing ones):
 * the answer is 200 or a 400 with a reason, never a 5xx, since the engine here never fails; and the same
 * payload signed with another token is refused with 403 before the engine hears of it.
 */
class PlivoWebhookProperties {
  private static final List<String> ROUTES = List.of(PlivoWebhooks.ANSWER, PlivoWebhooks.DIAL, PlivoWebhooks.HANGUP,
      PlivoWebhooks.RECORD, PlivoWebhooks.SCREEN, PlivoWebhooks.SMS, PlivoWebhooks.SMS_STATUS);
  private static final List<String> NAMES = List.of("CallUUID", "DialALegUUID", "DialBLegUUID", "DialStatus",
      "DialBLegStatus", "From", "To", "Direction", "Duration", "RecordingDuration", "RecordUrl", "MessageUUID", "Text",
      "Type", "MessageIntent", "MediaCount", "Media0", "Status", "ErrorCode", "Sequence", "Unknown-Thing");

  @Property(tries = 2_000)
  void answers_any_signed_payload_with_200_or_400_and_never_a_server_error(@ForAll("routes") String route,
      @ForAll("payloads") Map<String, List<String>> params, @ForAll boolean voicemail) {
    FakeEngine engine = new FakeEngine().forwarding("+12025550182", "+12125550147");
    PlivoWebhooks webhooks = new PlivoWebhooks(PlivoFixtures.config().voicemail(voicemail).build(), engine);
    String url = PlivoFixtures.url(route);

    WebhookResponse signed;
    List<String> errors;
    try (CapturedLog log = CapturedLog.start()) {
      signed = webhooks.endpoints().get(route).handle(post(url, params, AUTH_TOKEN));
      errors = log.errors();
    }

    assertThat(signed.status()).as("%s %s: %s", route, params, signed.body()).isIn(200, 400);
    assertThat(errors).as("exceptions caught and logged").isEmpty();
  }

  @Property(tries = 2_000)
  void refuses_any_payload_signed_with_another_token_before_the_engine_hears_of_it(@ForAll("routes") String route,
      @ForAll("payloads") Map<String, List<String>> params) {
    FakeEngine engine = new FakeEngine();
    PlivoWebhooks webhooks = new PlivoWebhooks(PlivoFixtures.config().build(), engine);

    WebhookResponse forged;
    try (CapturedLog log = CapturedLog.start()) {
      forged = webhooks.endpoints().get(route).handle(post(PlivoFixtures.url(route), params, PlivoFixtures.OTHER_TOKEN));
      assertThat(log.errors()).isEmpty();
    }

    assertThat(forged).isEqualTo(WebhookResponse.forbidden());
    assertThat(engine.untouched()).isTrue();
  }

  @Provide
  Arbitrary<String> routes() {
    return Arbitraries.of(ROUTES);
  }

  @Provide
  Arbitrary<Map<String, List<String>>> payloads() {
    Arbitrary<String> values = Arbitraries.oneOf(
        Arbitraries.of("", "12015550123", "12025550182", "+12015550123", "anonymous", "sip:a@b", "no-answer",
            "completed", "busy", "answer", "delivered", "failed", "optout", "help", "inbound", "outbound", "10",
            "-3", "99999999999", "6f8f3b8a-1d2c-4e5f-8a9b-0c1d2e3f4a5b", "x\r\ny"),
        Arbitraries.strings().ofMaxLength(40));
    return Arbitraries.maps(Arbitraries.of(NAMES), values.map(List::of)).ofMaxSize(NAMES.size())
        .map(LinkedHashMap::new);
  }

  private static WebhookRequest post(String url, Map<String, List<String>> params, String token) {
    String body = params.entrySet().stream()
        .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
        .collect(Collectors.joining("&"));
    // Decoded as the verifier will see them: a lone surrogate does not survive UTF-8.
    Map<String, List<String>> seen = WebhookRequest.parseForm(body);
    return WebhookRequest.formPost(url, Map.of(
        PlivoSignatureVerifier.V3_HEADER, List.of(PlivoFixtures.signV3(token, "POST", url, seen, NONCE)),
        PlivoSignatureVerifier.V3_NONCE_HEADER, List.of(NONCE)), body);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
