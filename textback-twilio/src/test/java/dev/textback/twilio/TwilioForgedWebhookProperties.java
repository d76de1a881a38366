package dev.textback.twilio;

import static dev.textback.twilio.TwilioFixtures.AUTH_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Every Twilio route, with requests Twilio did not sign: no signature, a blank or random one, one made with
 * another auth token, for another URL, for other parameters, or for the URL without the query it now carries;
 * with any method, URL, content type, encoding and headers. Each is refused — 413 when the body is over 64 KiB,
 * otherwise 403, or 400 where the form cannot even be decoded to check it (as the verifier documents) — and the
 * engine is never called.
 */
class TwilioForgedWebhookProperties {
  private static final List<String> ROUTES = List.of(TwilioWebhooks.VOICE, TwilioWebhooks.VOICE_DIAL,
      TwilioWebhooks.VOICE_RECORDING, TwilioWebhooks.VOICE_STATUS, TwilioWebhooks.VOICE_SCREEN, TwilioWebhooks.SMS,
      TwilioWebhooks.SMS_STATUS);
  private static final List<String> FIXTURES = List.of("voice-incoming", "dial-completed", "dial-no-answer",
      "recording", "call-status-completed", "amd-machine", "sms-inbound", "sms-mms", "sms-stop",
      "sms-status-delivered", "sms-status-undelivered");
  private static final int LIMIT = 64 * 1024;
  private static final Map<Map<String, List<String>>, String> FIXTURE_FORMS = new IdentityHashMap<>();
  private static final List<Map<String, List<String>>> FIXTURE_PARAMS = FIXTURES.stream().map(name -> {
    Map<String, List<String>> params = TwilioFixtures.load(name).params;
    FIXTURE_FORMS.put(params, TwilioSignatureProperties.formBody(params));
    return params;
  }).toList();

  /** One engine for every try: a forgery that reached it once fails the property anyway. */
  private final FakeEngine engine = new FakeEngine();
  private final TwilioWebhooks webhooks = new TwilioWebhooks(TwilioFixtures.config().build(), engine);
  private CapturedLog log;

  @BeforeProperty
  void captureLog() {
    log = CapturedLog.start();
  }

  @AfterProperty
  void releaseLog() {
    log.close();
  }

  @Example
  void covers_every_route_twilio_calls() {
    assertThat(webhooks.endpoints()).containsOnlyKeys(ROUTES);
  }

  @Property(tries = 10_000)
  void refuses_any_request_twilio_did_not_sign_and_leaves_the_engine_alone(@ForAll("forgeries") Forgery forgery) {
    WebhookRequest request = forgery.request();

    WebhookResponse response = webhooks.endpoints().get(forgery.route()).handle(request);

    assertThat(engine.untouched()).isTrue();
    assertThat(log.errors()).as("ERROR lines").isEmpty();
    if (request.bodyLength() > LIMIT) {
      assertThat(response.status()).isEqualTo(413);
    } else if (Forgery.mayBeUndecodable(request)) {
      assertThat(response.status()).isIn(400, 403);
    } else {
      assertThat(response).isEqualTo(WebhookResponse.forbidden());
    }
  }

  // What was sent

  enum Signature { NONE, BLANK, RANDOM, OTHER_TOKEN, OTHER_URL, OTHER_PARAMETERS, QUERY_ADDED }

  enum Encoding { FORM, RAW, UTF16, GZIP, JSON, BYTES, HUGE }

  record Forgery(String route, String method, String url, Map<String, List<String>> params, Signature signature,
      String randomSignature, Encoding encoding, byte[] randomBytes, Map<String, List<String>> headers) {

    /** The URL the request arrives at. */
    String requestUrl() {
      return signature == Signature.QUERY_ADDED ? url + (url.contains("?") ? "&" : "?") + "outcome=ANSWERED" : url;
    }

    /** What the body carries. */
    Map<String, List<String>> sent() {
      return params;
    }

    /**
     * What the signature covers: the parameters sent, except for the forgery that signs others (one more, so it
     * differs even for a GET, whose signature covers the URL alone).
     */
    Map<String, List<String>> signed() {
      if (signature != Signature.OTHER_PARAMETERS) return params;
      Map<String, List<String>> other = new LinkedHashMap<>(params);
      other.put("Signed-Only", List.of("1"));
      return other;
    }

    byte[] body() {
      return switch (encoding) {
        case FORM -> form().getBytes(StandardCharsets.UTF_8);
        case RAW -> raw(sent()).getBytes(StandardCharsets.UTF_8);
        case UTF16 -> form().getBytes(StandardCharsets.UTF_16LE);
        case GZIP -> gzip(form().getBytes(StandardCharsets.UTF_8));
        case JSON -> ("{\"From\":\"+12015550123\",\"Body\":" + quoted(sent().toString()) + "}")
            .getBytes(StandardCharsets.UTF_8);
        case BYTES -> randomBytes;
        case HUGE -> (form() + "&Body=" + "x".repeat(LIMIT)).getBytes(StandardCharsets.UTF_8);
      };
    }

    /** The parameters form-encoded; the fixtures' bodies are encoded once. */
    String form() {
      String cached = FIXTURE_FORMS.get(params);
      return cached != null ? cached : TwilioSignatureProperties.formBody(params);
    }

    String signatureHeader() {
      return switch (signature) {
        case NONE -> null;
        case BLANK -> " \t ";
        case RANDOM -> randomSignature;
        case OTHER_TOKEN -> TwilioFixtures.sign("0000000000000000000000000000dead", url, params);
        case OTHER_URL ->
            TwilioFixtures.sign(AUTH_TOKEN, "https://forged.example.net/webhooks/twilio/" + route, params);
        case OTHER_PARAMETERS, QUERY_ADDED -> TwilioFixtures.sign(AUTH_TOKEN, url, signed());
      };
    }

    WebhookRequest request() {
      Map<String, List<String>> all = new LinkedHashMap<>();
      String signatureHeader = signatureHeader();
      if (signatureHeader != null) all.put(TwilioSignatureVerifier.SIGNATURE_HEADER, List.of(signatureHeader));
      if (encoding == Encoding.GZIP) all.put("Content-Encoding", List.of("gzip"));
      headers.forEach(all::putIfAbsent);
      return WebhookRequest.of(method, requestUrl(), all, body());
    }

    /**
     * Whether the verifier may have to refuse the request as unreadable (400) rather than forged: a signature to
     * check, and a form body (or, for JSON, the query holding {@code bodySHA256}) with a broken %-escape.
     */
    static boolean mayBeUndecodable(WebhookRequest r) {
      String given = first(r.headers(), TwilioSignatureVerifier.SIGNATURE_HEADER).map(String::trim).orElse("");
      if (given.isEmpty()) return false;
      String type = first(r.headers(), "Content-Type")
          .map(v -> v.split(";", 2)[0].trim().toLowerCase(Locale.ROOT)).orElse("");
      if (type.equals("application/json")) return hasBrokenEscape(r.publicUrl());
      return r.method().equals("POST") && hasBrokenEscape(r.bodyAsString());
    }

    @Override
    public String toString() {
      return route + ": " + method + " " + requestUrl() + " " + signature + " " + encoding + " " + headers + " "
          + params;
    }
  }

  /** The first value sent under a header name, in any case (RFC 9110 §5.1). */
  static Optional<String> first(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
        .flatMap(e -> e.getValue().stream()).findFirst();
  }

  static boolean hasBrokenEscape(String text) {
    for (int i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) {
      if (i + 2 >= text.length() || !isHex(text.charAt(i + 1)) || !isHex(text.charAt(i + 2))) return true;
    }
    return false;
  }

  private static boolean isHex(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }

  /** Names and values written as they are, without encoding. */
  private static String raw(Map<String, List<String>> params) {
    List<String> pairs = new ArrayList<>();
    params.forEach((k, vs) -> vs.forEach(v -> pairs.add(k + "=" + v)));
    return String.join("&", pairs);
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static byte[] gzip(byte[] data) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        gz.write(data);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Generators

  @Provide
  Arbitrary<Forgery> forgeries() {
    // Without edge cases, which would favour the first and last choice of each list heavily.
    Arbitrary<String> route = Arbitraries.of(ROUTES).withoutEdgeCases();
    Arbitrary<String> method = Arbitraries.of("POST", "POST", "POST", "post", "GET", "PUT", "HEAD", "");
    Arbitrary<String> url = Arbitraries.frequencyOf(
        Tuple.of(3, route.map(TwilioFixtures::url)),
        Tuple.of(1, route.map(r -> TwilioFixtures.url(r) + "?outcome=NO_ANSWER&call=CA1")),
        Tuple.of(2, TwilioArbitraries.urls()));
    Arbitrary<Map<String, List<String>>> params = Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.of(FIXTURE_PARAMS)),
        Tuple.of(1, TwilioArbitraries.params()));
    Arbitrary<Signature> signature = Arbitraries.of(Signature.values()).withoutEdgeCases();
    Arbitrary<String> randomSignature = Arbitraries.frequencyOf(
        Tuple.of(2, TwilioArbitraries.text(40)),
        Tuple.of(1, Arbitraries.strings().withCharRange('A', 'Z').withCharRange('a', 'z').withCharRange('0', '9')
            .withChars("+/").ofLength(27).map(s -> s + "=")));
    Arbitrary<Encoding> encoding = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(Encoding.FORM)),
        Tuple.of(1, Arbitraries.of(Encoding.values())));
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
    Arbitrary<Map<String, List<String>>> headers = Combinators.combine(
            Arbitraries.of("Content-Type", "content-type", "CONTENT-TYPE", "Host", "X-Forwarded-Host",
                "X-Forwarded-Proto", "X-Forwarded-Port", "x-twilio-signature", "I-Twilio-Idempotency-Token", "Accept"),
            Arbitraries.of("application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=ISO-8859-1",
                    "application/json", "text/plain", "multipart/form-data; boundary=x", "", " ", ";",
                    "textback.example.com", "evil.example.com:8443", "https", "ftp", "99999", "\r\n", "é")
                .list().ofMinSize(1).ofMaxSize(2))
        .as(Map::entry).list().ofMaxSize(4).map(entries -> {
          Map<String, List<String>> m = new LinkedHashMap<>();
          m.put("Content-Type", List.of("application/x-www-form-urlencoded"));
          entries.forEach(e -> m.merge(e.getKey(), e.getValue(), (a, b) -> b));
          return m;
        });
    Arbitrary<Map<String, List<String>>> headersOrNone = Arbitraries.frequencyOf(Tuple.of(8, headers),
        Tuple.of(1, Arbitraries.just(Map.of())));
    return Combinators.combine(route, method, url, params, signature, randomSignature, encoding,
            Combinators.combine(bytes, headersOrNone).as(Tuple::of))
        .as((r, m, u, p, sig, random, enc, bytesAndHeaders) ->
            new Forgery(r, m, u, p, sig, random, enc, bytesAndHeaders.get1(), bytesAndHeaders.get2()));
  }
}
