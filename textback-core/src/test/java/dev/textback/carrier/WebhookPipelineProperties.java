package dev.textback.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.phone.CarrierId;
import dev.textback.webhook.MalformedWebhookException;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import dev.textback.webhook.WebhookVerificationException;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * The webhook pipeline as a whole, with a verifier and a handler that read the request the way carrier adapters
 * do (form body, query, an id, a number), against any method, URL, headers and body bytes: every request gets
 * 200, 400, 403, 413 or 503 — the one a reader of the request expects — and no exception escapes, nor hides in
 * a 403 or 503 the pipeline answered for it.
 */
class WebhookPipelineProperties {
  private static final CarrierId ACME = CarrierId.of("acme");
  private static final Instant NOW = Instant.parse("2026-03-10T15:00:00Z");
  private static final int LIMIT = 1024;
  private static final String SIGNATURE = "X-Acme-Signature";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String SECRET = "acme-secret";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

  /** Exceptions other than the two a verifier or handler may throw on bad input. */
  private final List<RuntimeException> unexpected = new ArrayList<>();
  private int engineCalls;
  private CapturedLog log;

  private final WebhookPipeline pipeline = WebhookPipeline.builder(ACME)
      .displayName("Acme")
      .verifier(this::verify)
      .clock(Clock.fixed(NOW, ZoneOffset.UTC))
      .maxBodyBytes(LIMIT)
      .publicUrlSetting("ACME_PUBLIC_URL")
      .route("voice", this::handle)
      .route("sms/status", this::handle)
      .build();

  @BeforeProperty
  void captureLog() {
    log = CapturedLog.start();
  }

  @AfterProperty
  void releaseLog() {
    log.close();
  }

  @Property(tries = 10_000)
  void answers_any_request_with_the_status_it_deserves_and_never_throws(@ForAll("probes") Probe probe) {
    unexpected.clear();
    engineCalls = 0;

    WebhookResponse response = pipeline.endpoints().get(probe.route).handle(probe.request());

    assertThat(unexpected).as("exceptions caught by the pipeline").isEmpty();
    assertThat(response.status()).isIn(200, 400, 403, 413, 503);
    assertThat(response.status()).isIn(probe.expectedStatuses());
    assertThat(engineCalls).isEqualTo(response.status() == 200 || response.status() == 503 ? 1 : 0);
    List<String> errors = log.errors();
    if (response.status() != 503) assertThat(errors).as("ERROR lines").isEmpty();
    if (response.status() == 400) assertThat(response.body()).doesNotContain("\r").endsWith("\n");
  }

  // The carrier side, written as adapters write it.

  /** Signed like many carriers: a digest over the URL and the body, and the form read before it is compared. */
  private void verify(WebhookRequest request, Instant now) {
    String given = request.header(SIGNATURE).map(String::trim).orElse("");
    if (given.isEmpty()) throw new WebhookVerificationException("missing " + SIGNATURE, request.publicUrl());
    String type = guard(request::contentType);
    if (request.method().equals("POST") && (type.isEmpty() || type.equals(FORM))) guard(request::formParameters);
    if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
        sign(request.publicUrl(), request.body()).getBytes(StandardCharsets.UTF_8))) {
      throw new WebhookVerificationException(SIGNATURE + " does not match", request.publicUrl());
    }
  }

  private WebhookResponse handle(WebhookCall call) {
    WebhookParams p = guard(call::params);
    String id = guard(() -> p.requireId("Id"));
    int count = guard(() -> p.integer("Count")).orElse(0);
    guard(call::query);
    String next = guard(() -> call.routeUrl("sms/status"));
    engineCalls++;
    if (p.get("Engine").filter("down"::equals).isPresent()) throw new IllegalStateException("store down");
    return WebhookResponse.ok("text/plain; charset=utf-8", id + " " + count + " " + next);
  }

  private <T> T guard(Supplier<T> step) {
    try {
      return step.get();
    } catch (MalformedWebhookException | WebhookVerificationException expected) {
      throw expected;
    } catch (RuntimeException e) {
      unexpected.add(e);
      throw e;
    }
  }

  static String sign(String url, byte[] body) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((SECRET + "\n" + url + "\n").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // What was sent, and what it deserves.

  enum BodyKind { FORM, TEXT, BYTES, HUGE }

  enum SignatureKind { NONE, BLANK, JUNK, OTHER_BODY, VALID }

  /** A content-type header value with the media type it names ("" when none was sent). */
  record ContentType(String value, String mediaType) {}

  /** A generated form body: its parameters as sent. */
  record Form(String id, String count, String engine, List<Map.Entry<String, String>> extra) {
    String encoded() {
      List<String> pairs = new ArrayList<>();
      if (id != null) pairs.add("Id=" + encode(id));
      extra.forEach(e -> pairs.add(encode(e.getKey()) + "=" + encode(e.getValue())));
      if (count != null) pairs.add("Count=" + encode(count));
      if (engine != null) pairs.add("Engine=" + encode(engine));
      return String.join("&", pairs);
    }

    /** Whether a handler that needs an id and reads a number gets both. */
    boolean readable() {
      boolean idOk = id != null && ID.matcher(id).matches();
      boolean countOk = count == null || count.isBlank()
          || INTEGER.matcher(count.trim()).matches() && new BigInteger(count.trim()).bitLength() < 32;
      return idOk && countOk;
    }
  }

  /** A query string and whether its escapes are sound. */
  record Query(String text, boolean broken) {}

  static final class Probe {
    final String route;
    final String method;
    final String url;
    final Query query;
    final ContentType contentType;
    final SignatureKind signatureKind;
    final BodyKind bodyKind;
    final Form form;
    final byte[] body;
    final Map<String, List<String>> otherHeaders;

    Probe(String route, String method, String url, Query query, ContentType contentType, SignatureKind signatureKind,
        BodyKind bodyKind, Form form, byte[] body, Map<String, List<String>> otherHeaders) {
      this.route = route;
      this.method = method;
      this.url = url;
      this.query = query;
      this.contentType = contentType;
      this.signatureKind = signatureKind;
      this.bodyKind = bodyKind;
      this.form = form;
      this.body = body;
      this.otherHeaders = otherHeaders;
    }

    WebhookRequest request() {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      if (contentType != null) headers.put("Content-Type", List.of(contentType.value()));
      String signature = switch (signatureKind) {
        case NONE -> null;
        case BLANK -> " \t";
        case JUNK -> "c2lnbmF0dXJl\r\n";
        case OTHER_BODY -> sign(url, Arrays.copyOf(body, body.length + 1));
        case VALID -> " " + sign(url, body) + " ";
      };
      if (signature != null) headers.put(SIGNATURE, List.of(signature));
      otherHeaders.forEach(headers::putIfAbsent);
      return WebhookRequest.of(method, url, headers, body);
    }

    /** Worked out from what was sent, following the pipeline's documented order. */
    List<Integer> expectedStatuses() {
      if (body.length > LIMIT) return List.of(413);
      if (signatureKind == SignatureKind.NONE || signatureKind == SignatureKind.BLANK) return List.of(403);
      boolean post = method.equalsIgnoreCase("POST");
      String type = contentType == null ? "" : contentType.mediaType();
      boolean formTyped = type.isEmpty() || type.equals(FORM);
      boolean valid = signatureKind == SignatureKind.VALID;
      if (post && formTyped && bodyKind != BodyKind.FORM) {
        // The verifier decodes whatever arrived before comparing: broken escapes are a 400 either way.
        return valid ? List.of(200, 400, 503) : List.of(400, 403);
      }
      if (!valid) return List.of(403);
      if (!post || !formTyped || bodyKind != BodyKind.FORM) return List.of(400);
      if (!form.readable() || query.broken()) return List.of(400);
      return List.of("down".equals(form.engine()) ? 503 : 200);
    }

    @Override
    public String toString() {
      String shownBody = body.length > 200 ? body.length + " bytes" : new String(body, StandardCharsets.UTF_8);
      return route + ": " + method + " " + url + " [" + contentType + ", signature " + signatureKind + ", "
          + otherHeaders + "] " + bodyKind + " " + shownBody;
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // Generators

  @Provide
  Arbitrary<Probe> probes() {
    Arbitrary<String> route = Arbitraries.of("voice", "sms/status");
    Arbitrary<String> method = Arbitraries.of("POST", "POST", "POST", "post", "GET", "PUT", "HEAD", "DELETE", "");
    Arbitrary<String> origin = Arbitraries.of("https://hooks.example.com", "https://hooks.example.com:443",
        "http://localhost:8080", "HTTPS://HOOKS.EXAMPLE.COM", "https://user:pw@hooks.example.com", "https://[::1]:8443",
        "https://hooks.example.com:99999", "", "not a url", "ftp://x", "https://h\r\nX-Injected: 1",
        "//hooks.example.com");
    Arbitrary<String> path = Arbitraries.of("/webhooks/acme/voice", "/webhooks/acme/sms/status", "/voice", "", "/",
        "/webhooks/acme/voice/", "/x/../voice", "/é/%zz", " ");
    Arbitrary<Query> query = Arbitraries.oneOf(
        Arbitraries.just(new Query(null, false)),
        Arbitraries.of("From=%2B12015550123&outcome=NO_ANSWER", "a=1&a=2", "", "&&", "x", "n=%C3%A9", "n=+")
            .map(q -> new Query(q, false)),
        Arbitraries.of("n=%zz", "%", "a=%4", "%G1=1", "n=%-1").map(q -> new Query(q, true)));
    Arbitrary<String> fragment = Arbitraries.of("", "", "#", "#top", "#%zz?x=%");
    Arbitrary<Tuple.Tuple2<String, Query>> urlAndQuery = Combinators.combine(origin, path, query, fragment)
        .as((o, p, q, f) -> Tuple.of(o + p + (q.text() == null ? "" : "?" + q.text()) + f, q));

    Arbitrary<ContentType> contentType = Arbitraries.of(
        null, new ContentType(FORM, FORM), new ContentType(FORM, FORM),
        new ContentType("Application/X-WWW-Form-Urlencoded; charset=UTF-8", FORM),
        new ContentType("  application/x-www-form-urlencoded ;", FORM), new ContentType("", ""),
        new ContentType("application/json", "application/json"), new ContentType("text/plain", "text/plain"),
        new ContentType("multipart/form-data; boundary=x", "multipart/form-data"), new ContentType(";", ""));
    Arbitrary<SignatureKind> signature = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(SignatureKind.NONE)),
        Tuple.of(1, Arbitraries.of(SignatureKind.BLANK, SignatureKind.JUNK, SignatureKind.OTHER_BODY)),
        Tuple.of(4, Arbitraries.just(SignatureKind.VALID)));

    Arbitrary<Tuple.Tuple3<BodyKind, Form, byte[]>> body = Arbitraries.frequencyOf(
        Tuple.of(6, forms().map(f -> Tuple.of(BodyKind.FORM, f, f.encoded().getBytes(StandardCharsets.UTF_8)))),
        Tuple.of(2, text().map(t -> Tuple.of(BodyKind.TEXT, (Form) null, t.getBytes(StandardCharsets.UTF_8)))),
        Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(48)
            .map(b -> Tuple.of(BodyKind.BYTES, (Form) null, b))),
        Tuple.of(1, Arbitraries.integers().between(LIMIT + 1, LIMIT + 600)
            .map(n -> Tuple.of(BodyKind.HUGE, (Form) null, "Id=x&".repeat(n / 5 + 1).getBytes(StandardCharsets.UTF_8)))
            .withoutEdgeCases()));

    Arbitrary<Map<String, List<String>>> otherHeaders = Combinators.combine(
            Arbitraries.of("Host", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Port", "Accept", "X-Other"),
            Arbitraries.of("hooks.example.com", "evil.example.com:8443", "https", "ftp", "", " ", "99999", "h:1:2",
                "[::1]", "a, b", "\r\n", "é", "https, http").list().ofMinSize(1).ofMaxSize(2))
        .as(Map::entry).list().ofMaxSize(4).map(entries -> {
          Map<String, List<String>> m = new LinkedHashMap<>();
          entries.forEach(e -> m.put(e.getKey(), e.getValue()));
          return m;
        });

    return Combinators.combine(route, method, urlAndQuery, contentType, signature, body, otherHeaders)
        .as((r, m, uq, ct, sig, b, h) ->
            new Probe(r, m, uq.get1(), uq.get2(), ct, sig, b.get1(), b.get2(), b.get3(), h));
  }

  /** Form bodies with the parameters the handler reads, good and bad, and unknown ones with any text. */
  Arbitrary<Form> forms() {
    Arbitrary<String> id = Arbitraries.of(null, "CA0123456789abcdef0123456789abcdef", "CA1", "a.b_c:d-e", "", " ",
        "CA 1", "CA1\r\nforged", "CAé", "C".repeat(128), "C".repeat(129), "CA1%", "\u0000");
    Arbitrary<String> count = Arbitraries.of(null, "0", "12", " 7 ", "-3", "+4", "", " ", "abc", "1.5",
        "99999999999", "2147483647", "0x10");
    Arbitrary<String> engine = Arbitraries.of(null, null, null, null, null, "up", "down", "down ");
    // Unknown parameters only: a name the handler reads would change what the probe expects.
    Arbitrary<Map.Entry<String, String>> extra = Combinators.combine(text(), text())
        .as((name, value) -> Map.entry(List.of("Id", "Count", "Engine").contains(name) ? "x" + name : name, value));
    return Combinators.combine(id, count, engine, extra.list().ofMaxSize(3)).as(Form::new);
  }

  /** Text a body or a value may hold: form syntax, escapes good and broken, controls, Unicode. */
  static Arbitrary<String> text() {
    return Arbitraries.of("a", "b", "Z", "1", "%", "%4", "%41", "%zz", "%C3%A9", "%FF", "&", "=", "+", " ", "\r\n",
        "\u0000", "é", "😀", "\ud800", "<", "\"", "Id", "Count").list().ofMaxSize(12)
        .map(l -> String.join("", l));
  }

}
