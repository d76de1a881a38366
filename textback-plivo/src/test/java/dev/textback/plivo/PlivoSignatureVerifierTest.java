package dev.textback.plivo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookVerificationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Expected signatures come from outside the code: the V2 case published in Plivo's SDK tests, and V3 vectors
 * computed with {@code printf '%s' "<string to sign>" | openssl dgst -sha256 -hmac <token> -binary | base64};
 * each vector's string to sign is given next to it ({@code <uuid>} is {@value PlivoFixtures#CALL_UUID},
 * {@code <nonce>} is {@value PlivoFixtures#NONCE}).
 */
class PlivoSignatureVerifierTest {
  private static final String TOKEN = PlivoFixtures.AUTH_TOKEN;
  private static final String NONCE = PlivoFixtures.NONCE;
  private static final String UUID = PlivoFixtures.CALL_UUID;
  private final PlivoSignatureVerifier verifier = new PlivoSignatureVerifier(TOKEN, null, true);

  @Test
  void accepts_the_published_v2_case_and_refuses_it_with_another_token() {
    PlivoSignatureVerifier published = new PlivoSignatureVerifier("my_auth_token", null, true);
    PlivoSignatureVerifier otherToken = new PlivoSignatureVerifier("my_auth_tokens", null, true);

    assertThat(published.isValidV2("https://answer.url", "12345", List.of("ehV3IKhLysWBxC1sy8INm0qGoQYdYsHwuoKjsX7FsXc=")))
        .isTrue();
    assertThat(published.signV2("https://answer.url", "12345")).isEqualTo("ehV3IKhLysWBxC1sy8INm0qGoQYdYsHwuoKjsX7FsXc=");
    assertThat(otherToken.isValidV2("https://answer.url", "12345",
        List.of("ehV3IKhLysWBxC1sy8INm0qGoQYdYsHwuoKjsX7FsXc="))).isFalse();
  }

  @Test
  void verifies_a_v3_post_without_a_query_over_its_sorted_form() {
    // https://textback.example.com/webhooks/plivo/answer?CallUUID<uuid>DirectioninboundFrom12015550123To12025550182.<nonce>
    WebhookRequest post = v3Post("https://textback.example.com/webhooks/plivo/answer",
        "To=12025550182&From=12015550123&CallUUID=" + UUID + "&Direction=inbound",
        "tjSNN/Au3Hw9fr0Gbw0Al1YSANygVRBZWGUuEL+HFoc=");

    assertThatCode(() -> verifier.verify(post)).doesNotThrowAnyException();
  }

  @Test
  void verifies_a_v3_post_with_a_query_as_sorted_query_dot_sorted_form() {
    // https://textback.example.com/webhooks/plivo/record?b=2&outcome=NO_ANSWER.CallUUID<uuid>RecordingDuration10.<nonce>
    WebhookRequest post = v3Post("https://textback.example.com/webhooks/plivo/record?outcome=NO_ANSWER&b=2",
        "RecordingDuration=10&CallUUID=" + UUID, "92pvICoL3XMDek1fkQZ/1qPmnrqXRMPUuOm1TsBALvc=");

    assertThatCode(() -> verifier.verify(post)).doesNotThrowAnyException();
  }

  @Test
  void verifies_a_v3_post_with_a_decoded_query_and_no_form() {
    // https://textback.example.com/webhooks/plivo/record?outcome=NO_ANSWER&x=a b c.<nonce>
    WebhookRequest post = v3Post("https://textback.example.com/webhooks/plivo/record?x=a%20b+c&outcome=NO_ANSWER", "",
        "vVOEFUA9sU5nUX1UoCljsazW1vvj3LerI9XlhOZlrXY=");
    // https://textback.example.com/webhooks/plivo/answer.<nonce>
    WebhookRequest empty = v3Post("https://textback.example.com/webhooks/plivo/answer", "",
        "Pz7ZlG5i7tjYUMpseRKH3laV0deAMLKdxfIz912fdsQ=");

    assertThatCode(() -> verifier.verify(post)).doesNotThrowAnyException();
    assertThatCode(() -> verifier.verify(empty)).doesNotThrowAnyException();
  }

  @Test
  void verifies_a_v3_get_over_its_sorted_query() {
    // https://textback.example.com/webhooks/plivo/hangup?CallUUID=<uuid>&Event=Hangup&From=12015550123&To=12025550182.<nonce>
    String url = "https://textback.example.com/webhooks/plivo/hangup?To=12025550182&From=12015550123&CallUUID=" + UUID
        + "&Event=Hangup";
    WebhookRequest get = WebhookRequest.of("GET", url, headers("pym8YJyfTHeXkxLpZw1iqPNQ8U+E2fL4L383H8isKs4=", NONCE),
        new byte[0]);

    assertThatCode(() -> verifier.verify(get)).doesNotThrowAnyException();
    // The method is compared by value: a lower-case or freshly built "GET" takes the same branch.
    assertThat(verifier.isValidV3(new String("get".toCharArray()), url, Map.of(), NONCE,
        List.of("pym8YJyfTHeXkxLpZw1iqPNQ8U+E2fL4L383H8isKs4="))).isTrue();
  }

  @Test
  void keeps_the_port_and_the_trailing_slash() {
    // https://textback.example.com:8443/webhooks/plivo/dial/?DialStatusno-answer.<nonce>
    String withPort = "Dd2HpPisQcQ7yN+UbfI1Dc7KQ2guS5vw0324L6TLFNk=";
    // https://textback.example.com/webhooks/plivo/dial/?DialStatusno-answer.<nonce> (what dropping the port signs)
    String portDropped = "3UnYrs7gCNDU1JT8VL7vNV7XhmlPKfRiDfbwxmwFHNM=";

    assertThat(verifier.isValidV3("POST", "https://textback.example.com:8443/webhooks/plivo/dial/",
        params("DialStatus", "no-answer"), NONCE, List.of(withPort))).isTrue();
    assertThat(verifier.isValidV3("POST", "https://textback.example.com:8443/webhooks/plivo/dial/",
        params("DialStatus", "no-answer"), NONCE, List.of(portDropped))).isFalse();
    assertThat(verifier.isValidV3("POST", "https://textback.example.com:8443/webhooks/plivo/dial",
        params("DialStatus", "no-answer"), NONCE, List.of(withPort))).isFalse();
  }

  @Test
  void accepts_any_one_of_several_comma_separated_signatures() {
    String valid = "tjSNN/Au3Hw9fr0Gbw0Al1YSANygVRBZWGUuEL+HFoc=";
    String form = "To=12025550182&From=12015550123&CallUUID=" + UUID + "&Direction=inbound";
    String url = "https://textback.example.com/webhooks/plivo/answer";

    assertThatCode(() -> verifier.verify(v3Post(url, form, "3UnYrs7gCNDU1JT8VL7vNV7XhmlPKfRiDfbwxmwFHNM=," + valid)))
        .doesNotThrowAnyException();
    assertThatCode(() -> verifier.verify(v3Post(url, form, valid + ", x5YxoYEzOwCgPFTZKR/SrxFuyPJUOk8m//IrWrCUEoY=")))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> verifier.verify(v3Post(url, form, "3UnYrs7gCNDU1JT8VL7vNV7XhmlPKfRiDfbwxmwFHNM=,,")))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void sorts_names_by_code_unit_with_uppercase_first() {
    // https://textback.example.com/hook?B2_c3a1.<nonce>
    assertThat(verifier.isValidV3("POST", "https://textback.example.com/hook", params("a", "1", "_c", "3", "B", "2"),
        NONCE, List.of("BM/Sa8LTzKgBZOt6c7CwkDVuz7AysrmF7XxttEyPpvI="))).isTrue();
  }

  @Test
  void signs_utf8_values() {
    // https://textback.example.com/webhooks/plivo/sms?From12015550123TextCafé ☕ ¿qué?To12025550182.<nonce>
    assertThat(verifier.isValidV3("POST", "https://textback.example.com/webhooks/plivo/sms",
        params("To", "12025550182", "Text", "Café ☕ ¿qué?", "From", "12015550123"), NONCE,
        List.of("wi61+QFeUvDzzYgqs47EB67qchZNcWeUqSHzXCRc0is="))).isTrue();
  }

  @Test
  void falls_back_to_v2_only_when_no_v3_header_came_and_v2_is_accepted() {
    // https://textback.example.com:8443/webhooks/plivo/sms/<nonce>
    String url = "https://textback.example.com:8443/webhooks/plivo/sms/?ignored=1";
    Map<String, List<String>> v2 = Map.of(PlivoSignatureVerifier.V2_HEADER,
        List.of("x5YxoYEzOwCgPFTZKR/SrxFuyPJUOk8m//IrWrCUEoY="), PlivoSignatureVerifier.V2_NONCE_HEADER, List.of(NONCE));
    WebhookRequest request = WebhookRequest.formPost(url, v2, "Text=hi");
    Map<String, List<String>> both = new LinkedHashMap<>(v2);
    both.putAll(headers("tjSNN/Au3Hw9fr0Gbw0Al1YSANygVRBZWGUuEL+HFoc=", NONCE));

    assertThatCode(() -> verifier.verify(request)).doesNotThrowAnyException();
    assertThatThrownBy(() -> new PlivoSignatureVerifier(TOKEN, null, false).verify(request))
        .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("V2 signatures are not accepted");
    // A wrong V3 is not rescued by a right V2.
    assertThatThrownBy(() -> verifier.verify(WebhookRequest.formPost(url, both, "Text=hi")))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void refuses_missing_headers_a_missing_nonce_and_a_wrong_token() {
    String url = "https://textback.example.com/webhooks/plivo/answer";
    String form = "To=12025550182&From=12015550123&CallUUID=" + UUID + "&Direction=inbound";
    String valid = "tjSNN/Au3Hw9fr0Gbw0Al1YSANygVRBZWGUuEL+HFoc=";

    assertThatThrownBy(() -> verifier.verify(WebhookRequest.formPost(url, Map.of(), form)))
        .isInstanceOf(WebhookVerificationException.class);
    assertThatThrownBy(() -> verifier.verify(WebhookRequest.formPost(url,
        Map.of(PlivoSignatureVerifier.V3_HEADER, List.of(valid)), form)))
        .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("Nonce");
    assertThatThrownBy(() -> new PlivoSignatureVerifier(PlivoFixtures.OTHER_TOKEN, null, true)
        .verify(v3Post(url, form, valid))).isInstanceOf(WebhookVerificationException.class);
    assertThatThrownBy(() -> verifier.verify(v3Post(url, form + "&Extra=1", valid)))
        .isInstanceOf(WebhookVerificationException.class);
    assertThatThrownBy(() -> verifier.verify(v3Post(url + "?x=1", form, valid)))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void accepts_the_main_account_header_too() {
    WebhookRequest post = WebhookRequest.formPost("https://textback.example.com/webhooks/plivo/answer",
        Map.of(PlivoSignatureVerifier.V3_MAIN_ACCOUNT_HEADER, List.of("tjSNN/Au3Hw9fr0Gbw0Al1YSANygVRBZWGUuEL+HFoc="),
            PlivoSignatureVerifier.V3_NONCE_HEADER, List.of(NONCE)),
        "To=12025550182&From=12015550123&CallUUID=" + UUID + "&Direction=inbound");

    assertThatCode(() -> verifier.verify(post)).doesNotThrowAnyException();
  }

  @Test
  void checks_against_the_public_base_url_when_one_is_configured() {
    PlivoSignatureVerifier behindProxy = new PlivoSignatureVerifier(TOKEN, "https://textback.example.com:8443/", true);
    // what reached the app: http://10.0.0.7:8080/webhooks/plivo/dial/ ; signed as in keeps_the_port_and_the_trailing_slash
    WebhookRequest local = WebhookRequest.formPost("http://10.0.0.7:8080/webhooks/plivo/dial/",
        headers("Dd2HpPisQcQ7yN+UbfI1Dc7KQ2guS5vw0324L6TLFNk=", NONCE), "DialStatus=no-answer");

    assertThatCode(() -> behindProxy.verify(local)).doesNotThrowAnyException();
    assertThatThrownBy(() -> verifier.verify(local)).isInstanceOf(WebhookVerificationException.class);
  }

  private static WebhookRequest v3Post(String url, String form, String signature) {
    return WebhookRequest.formPost(url, headers(signature, NONCE), form);
  }

  private static Map<String, List<String>> headers(String signature, String nonce) {
    return Map.of(PlivoSignatureVerifier.V3_HEADER, List.of(signature), PlivoSignatureVerifier.V3_NONCE_HEADER,
        List.of(nonce));
  }

  private static Map<String, List<String>> params(String... namesAndValues) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) out.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
    return out;
  }
}
