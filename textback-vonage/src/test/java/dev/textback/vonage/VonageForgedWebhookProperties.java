package dev.textback.vonage;

import static dev.textback.vonage.VonageFixtures.SIGNATURE_SECRET;
import static dev.textback.vonage.VonageFixtures.claims;
import static dev.textback.vonage.VonageFixtures.jwt;
import static dev.textback.vonage.VonageFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every Vonage route, with requests Vonage did not sign: no token, garbage, a token under another secret, a valid
 * token for other bytes or from another time, a valid token where a {@code sig} is expected, Vonage's own token
 * for the body replayed as a GET or PUT next to an attacker's query; with any method,
 * content type and body. Each is refused with 403 (413 over 64 KiB) and the engine is never called.
 */
class VonageForgedWebhookProperties {
  private static final List<String> ROUTES = List.of(VonageWebhooks.ANSWER, VonageWebhooks.EVENT,
      VonageWebhooks.INBOUND, VonageWebhooks.STATUS, VonageWebhooks.SMS_INBOUND, VonageWebhooks.SMS_DLR);
  private static final List<String> BODIES = List.of("event-unanswered.json", "event-completed.json",
      "recording.json", "inbound-sms.json", "status-rejected.json", "dlr-opted-out.json");

  private final FakeEngine engine = new FakeEngine().forwarding(VonageFixtures.BUSINESS, VonageFixtures.BUSINESS_CELL);
  private final VonageWebhooks webhooks = new VonageWebhooks(VonageFixtures.config().build(), engine);

  /** A request and the route it is sent to. */
  record Forgery(String route, WebhookRequest request) {
    /**
     * 413 over the limit; 400 for an SMS API body that cannot be decoded to find its {@code sig} (JSON and form
     * decoding checked here with Jackson and {@code URLDecoder}); otherwise 403.
     */
    int expectedStatus() {
      if (request.bodyLength() > VonageWebhooks.MAX_BODY_BYTES) return 413;
      // Only a POST's body is read (and may fail to decode); every other shape is refused unread.
      if (!route.startsWith("sms/") || !request.method().equals("POST") || request.bodyLength() == 0) return 403;
      String type = request.contentType();
      if (type.equals("application/json")) {
        try {
          return JSON.readTree(request.body()).isObject() ? 403 : 400;
        } catch (java.io.IOException e) {
          return 400;
        }
      }
      if (!type.isEmpty() && !type.equals("application/x-www-form-urlencoded")) return 400;
      try {
        for (String part : request.bodyAsString().split("&")) {
          java.net.URLDecoder.decode(part, StandardCharsets.UTF_8);
        }
        return 403;
      } catch (IllegalArgumentException e) {
        return 400;
      }
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  @Property(tries = 3000)
  void refuses_any_request_vonage_did_not_sign_and_leaves_the_engine_alone(@ForAll("forgeries") Forgery forgery) {
    WebhookResponse response = webhooks.endpoints().get(forgery.route()).handle(forgery.request());

    assertThat(response.status()).isEqualTo(forgery.expectedStatus());
    assertThat(engine.untouched()).isTrue();
    assertThat(engine.pendingStore.calls).isEmpty();
  }

  @Provide
  Arbitrary<Forgery> forgeries() {
    Arbitrary<String> route = Arbitraries.of(ROUTES);
    Arbitrary<String> body = Arbitraries.oneOf(Arbitraries.of(BODIES).map(VonageFixtures::resource),
        Arbitraries.strings().ofMaxLength(300), Arbitraries.just("x".repeat(VonageWebhooks.MAX_BODY_BYTES + 1)));
    Arbitrary<String> method = Arbitraries.of("POST", "GET", "PUT");
    Arbitrary<String> type = Arbitraries.of("application/json", "application/x-www-form-urlencoded", "text/plain", "");
    Arbitrary<Integer> forgeryKind = Arbitraries.integers().between(0, 6);
    Arbitrary<String> other = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(40);
    return Combinators.combine(route, body, method, type, forgeryKind, other).as((r, b, m, t, kind, o) -> {
      byte[] bytes = b.getBytes(StandardCharsets.UTF_8);
      boolean signedRoute = !r.startsWith("sms/");
      // Kind 6 on a JWT route is a real token, Vonage's signature over exactly this body, replayed with another
      // method and an attacker's query: a POST would be genuine, so it goes out as a PUT instead.
      String verb = kind == 6 && signedRoute && m.equals("POST") ? "PUT" : m;
      String token = switch (kind) {
        case 0 -> null;
        case 1 -> o;
        case 2 -> jwt(SIGNATURE_SECRET + o, claims(bytes, FakeEngine.NOW));
        case 3 -> jwt(SIGNATURE_SECRET, claims((b + o).getBytes(StandardCharsets.UTF_8), FakeEngine.NOW));
        case 4 -> jwt(SIGNATURE_SECRET, claims(bytes, FakeEngine.NOW.minus(Duration.ofMinutes(6 + o.length()))));
        case 5 -> VonageFixtures.unsignedJwt(claims(bytes, FakeEngine.NOW));
        // On the SMS API routes a valid JWT is the wrong scheme: they check sig.
        default -> jwt(SIGNATURE_SECRET, claims(bytes, FakeEngine.NOW));
      };
      Map<String, List<String>> headers = new LinkedHashMap<>();
      if (!t.isEmpty()) headers.put("Content-Type", List.of(t));
      if (token != null) headers.put("Authorization", List.of("Bearer " + token));
      // Any method but POST gets a query with a whole payload in it (an answer webhook's), which would be read
      // if the shape of the request were not checked: Vonage signs only a POST's body or a body-less GET's query.
      String url = VonageFixtures.url(r) + (verb.equals("POST") ? "" : "?" + resource("answer-get.query"));
      return new Forgery(r, WebhookRequest.of(verb, url, headers, bytes));
    });
  }
}
