package dev.textback.vonage;

import static dev.textback.vonage.VonageFixtures.SIGNATURE_SECRET;
import static dev.textback.vonage.VonageFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.vonage.VonageConfig.SignatureMethod;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The SMS API's {@code sig}, checked against Vonage's published vector and vectors made with openssl. */
class VonageSmsSignatureTest {
  /** The inbound-SMS fixture's {@code timestamp}. */
  private static final Instant INBOUND_SIGNED_AT = Instant.ofEpochSecond(1464088321);

  /**
   * Vonage's Java SDK test vector ({@code md5hash}), and the HMAC variants of the same string made with
   * {@code printf '%s' '&a=alphabet&b=bananas&timestamp=2100' | openssl dgst -<alg> -hmac abcde}.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "MD5HASH, 7d43241108912b32cc315b48ce681acf",
      "MD5, e0afe267aefd6dd18a848c1681517a19",
      "SHA1, b7f749de27b4adcf736cc95c9a7e059a16c85127",
      "SHA256, 8d1b0428276b6a070578225914c3502cc0687a454dfbbbb370c76a14234cb546",
      "SHA512, 1c834a1f6a377d4473971387b065cb38e2ad6c4869ba77b7b53e207a344e87ba04b456dfc697b371a2d1ce476d01dafd4394aa97525eff23badad39d2389a710"})
  void accepts_the_published_and_openssl_vectors_in_any_hex_case(SignatureMethod method, String sig) {
    VonageSignatureVerifier verifier = verifier("abcde", method);
    Instant at = Instant.ofEpochSecond(2100);

    assertThatCode(() -> verifier.verify(get("a=alphabet&b=bananas&timestamp=2100&sig=" + sig), at))
        .doesNotThrowAnyException();
    assertThatCode(() -> verifier.verify(get("a=alphabet&b=bananas&timestamp=2100&sig="
        + sig.toUpperCase(Locale.ROOT)), at)).doesNotThrowAnyException();
    assertThatThrownBy(() -> verifier.verify(get("a=alphabet&b=bananas&timestamp=2100&sig=" + sig), at
        .plus(Duration.ofMinutes(6)))).isInstanceOf(WebhookVerificationException.class).hasMessageContaining("timestamp");
    assertThatThrownBy(() -> verifier.verify(get("a=alphabet&b=bananaz&timestamp=2100&sig=" + sig), at))
        .isInstanceOf(WebhookVerificationException.class);
  }

  /**
   * The PHP SDK's captured inbound SMS, re-signed with HMAC-SHA256 under the test secret by
   * {@code printf '%s' '&keyword=TEST&message-timestamp=2016-05-24 11:12:01&messageId=…&type=text' |
   * openssl dgst -sha256 -hmac textback-test-signature-secret} (the sig in {@code sms-inbound-signed.query}).
   */
  @Test
  void accepts_a_captured_inbound_sms_signed_with_hmac_sha256_by_openssl() {
    VonageSignatureVerifier verifier = verifier(SIGNATURE_SECRET, SignatureMethod.SHA256);

    assertThatCode(() -> verifier.verify(get(resource("sms-inbound-signed.query")), INBOUND_SIGNED_AT))
        .doesNotThrowAnyException();
  }

  @Test
  void replaces_ampersands_and_equals_signs_in_values_and_checks_form_and_json_bodies_alike() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("msisdn", "14845552121");
    params.put("to", "16105553939");
    params.put("messageId", "02000000DA7C52E7");
    params.put("text", "Test with & and =");
    params.put("timestamp", "1464088321");
    assertThat(VonageFixtures.sigString(params)).isEqualTo(
        "&messageId=02000000DA7C52E7&msisdn=14845552121&text=Test with _ and _&timestamp=1464088321&to=16105553939");
    params.put("sig", VonageFixtures.hmacSig("HmacSHA512", params, SIGNATURE_SECRET));
    VonageSignatureVerifier verifier = verifier(SIGNATURE_SECRET, SignatureMethod.SHA512);

    WebhookRequest form = WebhookRequest.formPost(VonageFixtures.url("sms/inbound"), Map.of(),
        VonageFixtures.form(params));
    StringBuilder json = new StringBuilder("{");
    params.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":\"")
        .append(v).append('"'));
    WebhookRequest jsonBody = WebhookRequest.of("POST", VonageFixtures.url("sms/inbound"),
        Map.of("Content-Type", List.of("application/json")), json.append('}').toString().getBytes(StandardCharsets.UTF_8));

    assertThatCode(() -> verifier.verify(form, INBOUND_SIGNED_AT)).doesNotThrowAnyException();
    assertThatCode(() -> verifier.verify(jsonBody, INBOUND_SIGNED_AT)).doesNotThrowAnyException();
  }

  @Test
  void refuses_a_webhook_without_sig_or_without_a_usable_timestamp() {
    VonageSignatureVerifier verifier = verifier("abcde", SignatureMethod.MD5HASH);
    Map<String, String> noTimestamp = Map.of("a", "alphabet");
    String sig = VonageFixtures.md5hash(noTimestamp, "abcde");

    assertThatThrownBy(() -> verifier.verify(get("a=alphabet&b=bananas&timestamp=2100"), Instant.ofEpochSecond(2100)))
        .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("missing sig");
    assertThatThrownBy(() -> verifier.verify(get("a=alphabet&sig=" + sig), Instant.ofEpochSecond(2100)))
        .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("timestamp");
  }

  private static VonageSignatureVerifier verifier(String secret, SignatureMethod method) {
    return new VonageSignatureVerifier(VonageSignatureVerifier.Scheme.SMS_API, secret, null, method,
        Duration.ofMinutes(5));
  }

  private static WebhookRequest get(String query) {
    return WebhookRequest.of("GET", VonageFixtures.url("sms/inbound") + "?" + query, Map.of(), new byte[0]);
  }
}
