package dev.textback.vonage;

import static dev.textback.vonage.VonageFixtures.SIGNATURE_SECRET;
import static dev.textback.vonage.VonageFixtures.claims;
import static dev.textback.vonage.VonageFixtures.jsonPost;
import static dev.textback.vonage.VonageFixtures.jwt;
import static dev.textback.vonage.VonageFixtures.resource;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Vonage's signed-webhook JWTs, checked against tokens built outside the verifier. */
class VonageSignatureVerifierTest {
  /** When the forwarded leg's {@code unanswered} event fixture was signed: its {@code iat}. */
  private static final Instant SIGNED_AT = Instant.ofEpochSecond(1593636354);
  /**
   * A token for {@code vonage/event-unanswered.json} under {@link VonageFixtures#SIGNATURE_SECRET}, made with the
   * shell, not Java:
   *
   * <pre>
   * b64u(){ openssl base64 -A | tr '+/' '-_' | tr -d '='; }
   * H=$(sha256sum event-unanswered.json | cut -d' ' -f1)   # 5c3474a3…672d
   * HDR=$(printf '%s' '{"alg":"HS256","typ":"JWT"}' | b64u)
   * PAY=$(printf '%s' "{\"iat\":1593636354,\"jti\":\"c5ba8f24-1a14-4c10-bfdf-3fbe8ce511b5\",\"iss\":\"Vonage\",
   *   \"payload_hash\":\"$H\",\"api_key\":\"a1b2c3d\",\"application_id\":\"aaaaaaaa-bbbb-cccc-dddd-0123456789ab\"}" | b64u)
   * SIG=$(printf '%s' "$HDR.$PAY" | openssl dgst -sha256 -hmac 'textback-test-signature-secret' -binary | b64u)
   * </pre>
   */
  static final String OPENSSL_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
      + "eyJpYXQiOjE1OTM2MzYzNTQsImp0aSI6ImM1YmE4ZjI0LTFhMTQtNGMxMC1iZmRmLTNmYmU4Y2U1MTFiNSIsImlzcyI6IlZvbmFnZSIsInBheWxv"
      + "YWRfaGFzaCI6IjVjMzQ3NGEzMzE3MDFlNzMxYzg4NjQ4MjZmOGY2NTAwMDU4MzBhYmMwZjM1YjExYTk1ZWI1ZGM1ZWE0ZDY3MmQiLCJhcGlfa2V5"
      + "IjoiYTFiMmMzZCIsImFwcGxpY2F0aW9uX2lkIjoiYWFhYWFhYWEtYmJiYi1jY2NjLWRkZGQtMDEyMzQ1Njc4OWFiIn0."
      + "FNkjfGvBwYNVED6-YEHMhtfP9HH0QyQ31GKiNCfoEcg";

  private final VonageSignatureVerifier verifier = VonageSignatureVerifier.signedWebhooks(VonageFixtures.config().build());
  private final String event = resource("event-unanswered.json");

  @Test
  void accepts_a_token_computed_with_openssl_for_the_exact_body() {
    WebhookRequest request = jsonPost("event", event, OPENSSL_TOKEN);

    assertThatCode(() -> verifier.verify(request, SIGNED_AT.plusSeconds(2))).doesNotThrowAnyException();
  }

  @Test
  void refuses_the_same_token_on_a_body_changed_by_one_character() {
    WebhookRequest request = jsonPost("event", event.replace("unanswered", "unanswerex"), OPENSSL_TOKEN);

    assertRefused(request, SIGNED_AT, "payload_hash");
  }

  @Test
  void refuses_a_token_signed_with_another_secret() {
    String token = jwt("another-secret-entirely", claims(event.getBytes(StandardCharsets.UTF_8), SIGNED_AT));

    assertRefused(jsonPost("event", event, token), SIGNED_AT, "signature");
  }

  @Test
  void refuses_an_unsigned_alg_none_token() {
    String token = VonageFixtures.unsignedJwt(claims(event.getBytes(StandardCharsets.UTF_8), SIGNED_AT));

    assertRefused(jsonPost("event", event, token), SIGNED_AT, "");
  }

  @Test
  void refuses_an_hs384_header_even_with_a_valid_hs256_mac_underneath() {
    String token = jwt("{\"alg\":\"HS384\",\"typ\":\"JWT\"}", claims(event.getBytes(StandardCharsets.UTF_8), SIGNED_AT),
        SIGNATURE_SECRET);

    assertRefused(jsonPost("event", event, token), SIGNED_AT, "not HS256");
  }

  @Test
  void refuses_an_rs256_token_whatever_key_signed_it() throws Exception {
    Map<String, Object> claims = claims(event.getBytes(StandardCharsets.UTF_8), SIGNED_AT);
    String input = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + b64(VonageFixtures.json(claims));
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate());
    rsa.update(input.getBytes(StandardCharsets.US_ASCII));
    String token = input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());

    assertRefused(jsonPost("event", event, token), SIGNED_AT, "not HS256");
  }

  @Test
  void refuses_a_token_issued_more_than_five_minutes_ago_or_ahead() {
    WebhookRequest request = jsonPost("event", event, OPENSSL_TOKEN);

    assertThatCode(() -> verifier.verify(request, SIGNED_AT.plus(Duration.ofMinutes(5)))).doesNotThrowAnyException();
    assertRefused(request, SIGNED_AT.plus(Duration.ofMinutes(5)).plusSeconds(1), "iat");
    assertRefused(request, SIGNED_AT.minus(Duration.ofMinutes(5)).minusSeconds(1), "iat");
  }

  @Test
  void refuses_a_token_for_another_api_key() {
    Map<String, Object> claims = claims(event.getBytes(StandardCharsets.UTF_8), SIGNED_AT);
    claims.put("api_key", "zz9zz9z");

    assertRefused(jsonPost("event", event, jwt(SIGNATURE_SECRET, claims)), SIGNED_AT, "API key");
  }

  @Test
  void refuses_a_token_without_payload_hash() {
    Map<String, Object> claims = claims(event.getBytes(StandardCharsets.UTF_8), SIGNED_AT);
    claims.remove("payload_hash");

    assertRefused(jsonPost("event", event, jwt(SIGNATURE_SECRET, claims)), SIGNED_AT, "payload_hash");
  }

  @Test
  void refuses_a_missing_or_non_bearer_authorization() {
    assertRefused(jsonPost("event", event, null), SIGNED_AT, "missing");
    WebhookRequest basic = WebhookRequest.of("POST", VonageFixtures.url("event"),
        Map.of("Content-Type", List.of("application/json"), "Authorization", List.of("Basic YTpi")),
        event.getBytes(StandardCharsets.UTF_8));
    assertRefused(basic, SIGNED_AT, "missing");
    assertRefused(jsonPost("event", event, "not.a.jwt"), SIGNED_AT, "");
  }

  @Test
  void checks_a_get_answer_webhook_against_its_query_as_compact_json() {
    String query = resource("answer-get.query");
    WebhookRequest request = VonageFixtures.signedGet("answer", query, SIGNED_AT);
    WebhookRequest changed = VonageFixtures.get("answer", query.replace("from=14845552121", "from=12125550199"),
        request.header("Authorization").orElseThrow().substring(7));

    assertThatCode(() -> verifier.verify(request, SIGNED_AT)).doesNotThrowAnyException();
    assertRefused(changed, SIGNED_AT, "payload_hash");
  }

  @Test
  void signs_tokens_for_simulators_that_an_independent_hmac_check_accepts() throws Exception {
    String token = verifier.signedWebhookToken(event.getBytes(StandardCharsets.UTF_8), SIGNED_AT);
    String[] parts = token.split("\\.");
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(SIGNATURE_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII)));
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);

    org.assertj.core.api.Assertions.assertThat(parts[2]).isEqualTo(expected);
    org.assertj.core.api.Assertions.assertThat(claims)
        .contains("\"payload_hash\":\"" + VonageFixtures.sha256Hex(event.getBytes(StandardCharsets.UTF_8)) + "\"")
        .contains("\"iat\":" + SIGNED_AT.getEpochSecond());
  }

  @Test
  void computes_the_published_sms_api_sig_for_simulators() {
    VonageSignatureVerifier md5 = new VonageSignatureVerifier(VonageSignatureVerifier.Scheme.SMS_API, "abcde", null,
        VonageConfig.SignatureMethod.MD5HASH, Duration.ofMinutes(5));

    org.assertj.core.api.Assertions.assertThat(md5.smsSignature(Map.of("a", "alphabet", "b", "bananas",
        "timestamp", "2100"))).isEqualTo("7d43241108912b32cc315b48ce681acf");
  }

  private void assertRefused(WebhookRequest request, Instant now, String reason) {
    assertThatThrownBy(() -> verifier.verify(request, now)).isInstanceOf(WebhookVerificationException.class)
        .hasMessageContaining(reason);
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
