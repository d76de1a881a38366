package dev.textback.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link WebhookRequest} with whatever headers a host hands over: names in any case, repeated, empty value
 * lists, control characters and odd Unicode in values. Header look-ups follow HTTP (names are ASCII tokens,
 * matched without regard to case) and never throw.
 */
class WebhookRequestProperties {
  private static final String URL = "https://hooks.example.com/webhooks/acme/voice";

  @Property(tries = 10_000)
  void finds_a_header_by_its_name_in_any_case(@ForAll("headerMaps") Map<String, List<String>> headers,
      @ForAll("headerNames") String asked) {
    WebhookRequest request = WebhookRequest.of("POST", URL, headers, new byte[0]);

    // RFC 9110 §5.1: names are case-insensitive; the first value sent under any spelling of the name is the one.
    Optional<String> expected = headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(asked))
        .flatMap(e -> e.getValue().stream())
        .findFirst();
    assertThat(request.header(asked)).isEqualTo(expected);
    assertThat(request.headers().keySet()).allSatisfy(name -> assertThat(name).isEqualTo(asciiLower(name)));
  }

  @Property(tries = 10_000)
  void reads_the_media_type_of_any_content_type(@ForAll("headerValues") String contentType) {
    WebhookRequest request = WebhookRequest.of("POST", URL, Map.of("Content-Type", List.of(contentType)), new byte[0]);

    String type = request.contentType();

    // RFC 9110 §8.3.1: the type/subtype before any ';' parameters, surrounding whitespace dropped, case-insensitive.
    int semicolon = contentType.indexOf(';');
    String expected = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    if (isAscii(expected)) {
      assertThat(type).isEqualTo(asciiLower(expected));
    } else {
      assertThat(type).doesNotContain(";").isEqualTo(type.trim());
    }
  }

  @Property(tries = 10_000)
  void takes_any_method_headers_and_body_as_given(@ForAll("methods") String method,
      @ForAll("headerMaps") Map<String, List<String>> headers, @ForAll("bodies") byte[] body) {
    WebhookRequest request = WebhookRequest.of(method, URL + "?From=%2B12015550123", headers, body);

    if (isAscii(method)) assertThat(request.method()).isEqualTo(asciiUpper(method));
    assertThat(request.body()).isEqualTo(body);
    assertThat(request.bodyLength()).isEqualTo(body.length);
    assertThat(request.bodyAsString()).isEqualTo(new String(body, StandardCharsets.UTF_8));
    assertThat(request.contentType()).isNotNull();
    assertThat(request.toString()).as("the query may hold a caller's number").doesNotContain("12015550123");
  }

  private static boolean isAscii(String s) {
    return s.chars().allMatch(c -> c < 0x80);
  }

  private static String asciiLower(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) sb.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    return sb.toString();
  }

  private static String asciiUpper(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) sb.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
    return sb.toString();
  }

  // Generators

  /** Names a webhook handler asks for, in random case, and now and then any other token. */
  @Provide
  Arbitrary<String> headerNames() {
    Arbitrary<String> known = Arbitraries.of("Content-Type", "X-Twilio-Signature", "Host", "X-Forwarded-Host",
        "X-Forwarded-Proto", "Authorization", "X-Signature");
    Arbitrary<String> token = Arbitraries.strings().withChars("abcXYZ019-!#$%&'*+.^_`|~")
        .ofMinLength(1).ofMaxLength(12);
    return Combinators.combine(Arbitraries.frequencyOf(Tuple.of(5, known), Tuple.of(1, token)), Arbitraries.longs())
        .as(WebhookRequestProperties::randomCase);
  }

  private static String randomCase(String name, long bits) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean flip = (bits >>> (i % 64) & 1) == 1;
      sb.append(!flip ? c : c >= 'a' && c <= 'z' ? (char) (c - 32) : c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    }
    return sb.toString();
  }

  /** Header values as they come: realistic ones, empty, padded, with control characters and Unicode. */
  @Provide
  Arbitrary<String> headerValues() {
    Arbitrary<String> realistic = Arbitraries.of("application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=UTF-8", " Application/JSON ;charset=utf-8", "text/plain",
        "multipart/form-data; boundary=----x", ";", "", " ", "\t", "a;b;c", "TEXT/XML;");
    Arbitrary<String> any = Arbitraries.strings()
        .withChars("abxyzAZ/;=, \t\r\n\u0000\u007f\u00e9\u0130\u212a\u2028\ud83d\ude00\ud800").ofMaxLength(24);
    return Arbitraries.frequencyOf(Tuple.of(1, realistic), Tuple.of(1, any));
  }

  @Provide
  Arbitrary<Map<String, List<String>>> headerMaps() {
    // Entries put one by one (a repeated name keeps its last values): cheaper than generating unique keys.
    return Combinators.combine(headerNames(), headerValues().list().ofMaxSize(3)).as(Map::entry)
        .list().ofMaxSize(6).map(entries -> {
          Map<String, List<String>> headers = new LinkedHashMap<>();
          entries.forEach(e -> headers.put(e.getKey(), e.getValue()));
          return headers;
        });
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(32);
  }

  @Provide
  Arbitrary<String> methods() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.of("POST", "GET", "post", "Get", "PUT", "HEAD", "OPTIONS", "")),
        Tuple.of(1, Arbitraries.strings().withCharRange('a', 'z').withChars("\u00df\u0131\u00e9 ").ofMaxLength(8)));
  }
}
