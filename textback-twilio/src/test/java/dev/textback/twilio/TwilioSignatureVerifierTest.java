package dev.textback.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Expected signatures come from outside the code: the Twilio docs' worked example, and vectors computed with
 * {@code printf '%s' "<string to sign>" | openssl dgst -sha1 -hmac <token> -binary | base64}; each vector's
 * string to sign is given next to it.
 */
class TwilioSignatureVerifierTest {
  private static final String TOKEN = "9f3b6e2a41c8d7e05b1a2c3d4e5f6071";
  private static final Map<String, List<String>> SMS = params(
      "MessageSid", "SM0123456789abcdef0123456789abcdef", "To", "+12025550182", "From", "+12015550123",
      "Body", "Hi");
  private final TwilioSignatureVerifier verifier = new TwilioSignatureVerifier(TOKEN, null);

  @Test
  void accepts_the_worked_example_from_twilios_security_docs() {
    Map<String, List<String>> docs = params("Digits", "1234", "To", "+18005551212", "From", "+14158675310",
        "Caller", "+14158675310", "CallSid", "CA1234567890ABCDE");
    TwilioSignatureVerifier docsVerifier = new TwilioSignatureVerifier("12345", null);

    assertThat(docsVerifier.isValid("https://example.com/myapp.php?foo=1&bar=2", docs,
        "L/OH5YylLD5NRKLltdqwSvS0BnU=")).isTrue();
    assertThat(docsVerifier.sign("https://example.com/myapp.php?foo=1&bar=2", docs))
        .isEqualTo("L/OH5YylLD5NRKLltdqwSvS0BnU=");
  }

  @Test
  void accepts_a_signature_twilio_made_with_the_default_port_added() {
    // https://mycompany.com:443/webhooks/twilio/smsBodyHiFrom+12015550123MessageSidSM0123…cdefTo+12025550182
    assertThat(verifier.isValid("https://mycompany.com/webhooks/twilio/sms", SMS, "qSfOWIMDb0uh+1YNmi3cWZJDiNs="))
        .isTrue();
  }

  @Test
  void accepts_a_signature_twilio_made_without_the_port_the_request_shows() {
    // https://mycompany.com/webhooks/twilio/smsBodyHiFrom+12015550123MessageSidSM0123…cdefTo+12025550182
    assertThat(verifier.isValid("https://mycompany.com:443/webhooks/twilio/sms", SMS, "qUHNI5W0oYkxhhBTs/MjS2I63sk="))
        .isTrue();
    // http://localhost/webhooks/twilio/voiceCallSidCA0000…0001From+12015550123To+12025550182
    assertThat(verifier.isValid("http://localhost:8080/webhooks/twilio/voice",
        params("CallSid", "CA00000000000000000000000000000001", "From", "+12015550123", "To", "+12025550182"),
        "7nxXhHoo2vxmDefW8OaVVC/wsdE=")).isTrue();
  }

  @Test
  void accepts_a_url_with_user_info_that_twilio_dropped_before_signing() {
    // https://example.com/webhooks/twilio/voiceCallSidCA00000000000000000000000000000001
    assertThat(verifier.isValid("https://user:secret@example.com/webhooks/twilio/voice",
        params("CallSid", "CA00000000000000000000000000000001"), "gbPRCqcM/AnXA5ea9kyV36e+UuI=")).isTrue();
  }

  @Test
  void signs_utf8_values_empty_values_and_repeated_names() {
    // https://mycompany.com/webhooks/twilio/smsBodyCafé ☕ ¿qué?From+12015550123To+12025550182
    assertThat(verifier.isValid("https://mycompany.com/webhooks/twilio/sms",
        params("To", "+12025550182", "From", "+12015550123", "Body", "Café ☕ ¿qué?"),
        "wpU+aiUSapllbmmTIlh0p4cHSjk=")).isTrue();
    // https://mycompany.com/hookBodyTo+12025550182
    assertThat(verifier.isValid("https://mycompany.com/hook", params("To", "+12025550182", "Body", ""),
        "sczxnZWur9zEqm8q8BcRDXwzN8s=")).isTrue();
    // https://mycompany.com/hookMediaUrlaMediaUrlbTo+12025550182 (values sorted, duplicates once)
    Map<String, List<String>> repeated = new LinkedHashMap<>();
    repeated.put("To", List.of("+12025550182"));
    repeated.put("MediaUrl", List.of("b", "a", "b"));
    assertThat(verifier.isValid("https://mycompany.com/hook", repeated, "sb+1t5Yf6TBbs5LobZWFXIQtQ5M=")).isTrue();
  }

  @Test
  void sorts_names_case_sensitively_in_byte_order() {
    // https://mycompany.com/hookCALLSIDxCallSidycallSidz
    assertThat(verifier.isValid("https://mycompany.com/hook", params("callSid", "z", "CallSid", "y", "CALLSID", "x"),
        "IOkyhXKK+OMlBa+dh7499qQVdP4=")).isTrue();
  }

  @Test
  void verifies_a_get_over_its_url_alone() {
    // the string to sign is the URL below, as one line
    String url = "https://mycompany.com/webhooks/twilio/voice?CallSid=CA00000000000000000000000000000001"
        + "&From=%2B12015550123&To=%2B12025550182";
    WebhookRequest get = WebhookRequest.of("GET", url,
        Map.of("X-Twilio-Signature", List.of("w6uJuyyUM54JkiV/wLscz/v5I6A=")), new byte[0]);

    assertThatCode(() -> verifier.verify(get)).doesNotThrowAnyException();
  }

  @Test
  void verifies_a_json_body_through_its_sha256() {
    String body = "{\"MessageSid\":\"SM0123456789abcdef0123456789abcdef\",\"MessageStatus\":\"delivered\"}";
    // printf '%s' "$body" | openssl dgst -sha256
    String hash = "dc2258e4a020db93938f1f9f391df93c029c22db97cc2bcab82f592f548a4f31";
    String url = "https://mycompany.com/webhooks/twilio/sms/status?bodySHA256=" + hash;
    // the string to sign is the URL alone
    String signature = "EBI9l5glaaRIOlLBGVgx+tUZ56g=";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

    assertThat(verifier.isValidJson(url, bytes, signature)).isTrue();
    assertThatCode(() -> verifier.verify(json(url, body, signature))).doesNotThrowAnyException();
    assertThat(verifier.isValidJson(url, (body + " ").getBytes(StandardCharsets.UTF_8), signature)).isFalse();
    assertThat(verifier.isValidJson("https://mycompany.com/webhooks/twilio/sms/status", bytes, signature)).isFalse();
  }

  @Test
  void rejects_wrong_empty_and_missing_signatures() {
    String url = "https://mycompany.com/webhooks/twilio/sms";
    assertThat(verifier.isValid(url, SMS, "qUHNI5W0oYkxhhBTs/MjS2I63sK=")).isFalse();
    assertThat(verifier.isValid(url, SMS, "")).isFalse();
    assertThat(verifier.isValid(url, SMS, null)).isFalse();
    assertThat(new TwilioSignatureVerifier("another-token", null).isValid(url, SMS, "qUHNI5W0oYkxhhBTs/MjS2I63sk="))
        .isFalse();
    assertThatThrownBy(() -> verifier.verify(WebhookRequest.formPost(url, Map.of(), "To=%2B12025550182")))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void rejects_a_query_parameter_appended_after_signing() {
    assertThat(verifier.isValid("https://mycompany.com/webhooks/twilio/sms?x=1", SMS, "qUHNI5W0oYkxhhBTs/MjS2I63sk="))
        .isFalse();
  }

  @Test
  void checks_against_the_public_base_url_when_one_is_configured() {
    // https://public.example.com/app/webhooks/twilio/voice?x=1CallSidCA00000000000000000000000000000001
    TwilioSignatureVerifier behindProxy = new TwilioSignatureVerifier(TOKEN, "https://public.example.com/app/");
    WebhookRequest local = WebhookRequest.formPost("http://10.0.0.7:8080/webhooks/twilio/voice?x=1",
        Map.of("X-Twilio-Signature", List.of("l87NPBVQ2xpmTnwE7Mcxsc2Uscw=")),
        "CallSid=CA00000000000000000000000000000001");

    assertThatCode(() -> behindProxy.verify(local)).doesNotThrowAnyException();
    assertThatThrownBy(() -> verifier.verify(local)).isInstanceOf(WebhookVerificationException.class);
  }

  private static WebhookRequest json(String url, String body, String signature) {
    return WebhookRequest.of("POST", url,
        Map.of("X-Twilio-Signature", List.of(signature), "Content-Type", List.of("application/json")),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, List<String>> params(String... namesAndValues) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) out.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
    return out;
  }

  @Test
  void a_public_base_with_a_path_prefix_is_applied_once() {
    TwilioSignatureVerifier behindProxy = new TwilioSignatureVerifier(TOKEN, "https://ex.com/textback");

    // A proxy stripped the prefix and the host passed its local URL: the base goes in front of the path.
    assertThat(behindProxy.signedUrl("http://10.0.0.7:8080/webhooks/twilio/sms?x=1"))
        .isEqualTo("https://ex.com/textback/webhooks/twilio/sms?x=1");
    // The host already passed the public URL: it is taken as it is.
    assertThat(behindProxy.signedUrl("https://ex.com/textback/webhooks/twilio/sms"))
        .isEqualTo("https://ex.com/textback/webhooks/twilio/sms");
  }
}
