package dev.textback.plivo;

import static dev.textback.plivo.PlivoFixtures.AUTH_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.textback.webhook.MalformedWebhookException;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookVerificationException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link PlivoSignatureVerifier} for any URL (ports, trailing slashes, queries) and parameters: what Plivo signs
 * is accepted, as a POST and as a GET; a change of any single character of the URL, a name, a value or the nonce
 * is refused; and no header, however odd, makes it throw anything but a refusal. Signatures come from
 * {@link PlivoFixtures#signV3}, the JDK's HMAC over Plivo's documented string, not from the verifier.
 */
class PlivoSignatureProperties {
  private static final PlivoSignatureVerifier VERIFIER = new PlivoSignatureVerifier(AUTH_TOKEN, null, true);

  @Property(tries = 3_000)
  void accepts_what_plivo_signs_for_any_url_and_parameters(@ForAll("urls") String url,
      @ForAll("params") Map<String, List<String>> params, @ForAll("nonces") String nonce) {
    String post = PlivoFixtures.signV3(AUTH_TOKEN, "POST", url, params, nonce);
    String getUrl = url + (url.contains("?") ? "&" : "?") + form(params);
    String get = PlivoFixtures.signV3(AUTH_TOKEN, "GET", getUrl, Map.of(), nonce);

    assertThat(VERIFIER.signV3("POST", url, params, nonce)).isEqualTo(post);
    assertThatCode(() -> VERIFIER.verify(WebhookRequest.formPost(url, headers(post, nonce), form(params))))
        .doesNotThrowAnyException();
    assertThatCode(() -> VERIFIER.verify(WebhookRequest.of("GET", getUrl, headers(get, nonce), new byte[0])))
        .doesNotThrowAnyException();
  }

  @Property(tries = 3_000)
  void refuses_the_signature_once_any_single_character_changes(@ForAll("urls") String url,
      @ForAll("params") Map<String, List<String>> params, @ForAll("nonces") String nonce,
      @ForAll("positions") int position, @ForAll("targets") String target) {
    String signature = PlivoFixtures.signV3(AUTH_TOKEN, "POST", url, params, nonce);
    String changedUrl = url;
    String changedNonce = nonce;
    Map<String, List<String>> changedParams = new LinkedHashMap<>(params);
    switch (target) {
      case "url" -> {
        // Within scheme, host, port and path: a changed query character could break its encoding instead.
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        changedUrl = changeOne(base, position, "") + (q < 0 ? "" : url.substring(q));
      }
      case "nonce" -> changedNonce = changeOne(nonce, position, "");
      default -> {
        String name = new ArrayList<>(params.keySet()).get(Math.floorMod(position, params.size()));
        String value = params.get(name).get(0);
        if (target.equals("name")) {
          changedParams.remove(name);
          changedParams.put(changeOne(name, position, ""), List.of(value));
        } else {
          changedParams.put(name, List.of(value + "x"));
        }
      }
    }

    assertThat(VERIFIER.isValidV3("POST", changedUrl, changedParams, changedNonce, List.of(signature)))
        .as("%s %s %s", changedUrl, changedParams, changedNonce).isFalse();
  }

  @Property(tries = 3_000)
  void checks_any_signature_header_without_throwing_anything_but_a_refusal(@ForAll("headerValues") String v3,
      @ForAll("headerValues") String nonce, @ForAll("headerValues") String v2, @ForAll("urls") String url,
      @ForAll("params") Map<String, List<String>> params) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put(PlivoSignatureVerifier.V3_HEADER, List.of(v3));
    headers.put(PlivoSignatureVerifier.V3_NONCE_HEADER, List.of(nonce));
    headers.put(PlivoSignatureVerifier.V2_HEADER, List.of(v2));
    headers.put(PlivoSignatureVerifier.V2_NONCE_HEADER, List.of(nonce));

    Throwable thrown = catchThrowable(() -> VERIFIER.verify(WebhookRequest.formPost(url, headers, form(params))));

    assertThat(thrown).isInstanceOfAny(WebhookVerificationException.class, MalformedWebhookException.class);
  }

  @Provide
  Arbitrary<String> urls() {
    Arbitrary<String> scheme = Arbitraries.of("https", "http");
    Arbitrary<String> host = Arbitraries.of("textback.example.com", "10.0.0.7", "[::1]", "ex.com");
    Arbitrary<String> port = Arbitraries.of("", ":443", ":8443", ":80", ":1");
    Arbitrary<String> path = Arbitraries.strings().withChars("abcXYZ019-_.~").ofMinLength(1).ofMaxLength(8)
        .list().ofMinSize(0).ofMaxSize(4).map(segments -> "/" + String.join("/", segments));
    Arbitrary<String> slash = Arbitraries.of("", "/");
    Arbitrary<String> query = Arbitraries.maps(names(), values()).ofMaxSize(3)
        .map(q -> q.isEmpty() ? "" : "?" + q.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&")));
    return Combinators.combine(scheme, host, port, path, slash, query)
        .as((s, h, p, pa, sl, q) -> s + "://" + h + p + pa + (pa.endsWith("/") ? "" : sl) + q);
  }

  @Provide
  Arbitrary<Map<String, List<String>>> params() {
    return Arbitraries.maps(names(), values().map(List::of)).ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<String> nonces() {
    return Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20);
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 10_000);
  }

  @Provide
  Arbitrary<String> targets() {
    return Arbitraries.of("url", "nonce", "name", "value");
  }

  @Provide
  Arbitrary<String> headerValues() {
    return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(60),
        Arbitraries.strings().withChars("ABCxyz019+/=, ").ofMaxLength(90), Arbitraries.just(""));
  }

  private static Arbitrary<String> names() {
    return Arbitraries.strings().withChars("abcABCxyzXYZ_-019").ofMinLength(1).ofMaxLength(10);
  }

  private static Arbitrary<String> values() {
    return Arbitraries.oneOf(Arbitraries.strings().withChars("abcXYZ019 &=+%.?/#é¿\"<>").ofMaxLength(20),
        Arbitraries.of("", "Café ☕ ¿qué?", "😀 ok", "12015550123", "no-answer"));
  }

  /** {@code s} with one character replaced by another (or one appended when empty). */
  private static String changeOne(String s, int position, String avoid) {
    if (s.isEmpty()) return "x";
    int i = Math.floorMod(position, s.length());
    char c = s.charAt(i);
    if (avoid.indexOf(c) >= 0 || Character.isSurrogate(c)) return s + "x";
    char replacement = c == 'q' ? 'r' : 'q';
    return s.substring(0, i) + replacement + s.substring(i + 1);
  }

  private static Map<String, List<String>> headers(String signature, String nonce) {
    return Map.of(PlivoSignatureVerifier.V3_HEADER, List.of(signature), PlivoSignatureVerifier.V3_NONCE_HEADER,
        List.of(nonce));
  }

  private static String form(Map<String, List<String>> params) {
    return params.entrySet().stream()
        .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
        .collect(Collectors.joining("&"));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
