package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.textback.demo.Demo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server with only Vonage configured, pointed at a fake Messages API through VONAGE_API_BASE_URL and fed
 * webhooks signed the way Vonage signs them (HS256 JWT with the body's hash, built here by hand): one missed call
 * makes exactly one send from the dialled number; a forged event gets 403 and sends nothing.
 */
class VonageServerWebhookTest {
  private static final String SECRET = "server-test-signature-secret";
  private static final String API_KEY = "a1b2c3d";
  private static final String LINE = "13035550142";
  private static final String CELL = "13035550199";
  private static final String CALLER = "17205550142";
  private static final String CONVERSATION = "CON-2541d01c-253e-48be-a8e0-da4bbe4c3722";

  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private HttpServer vonage;
  private TextbackServer server;
  private Clock clock;

  @BeforeEach
  void start() throws Exception {
    vonage = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    vonage.createContext("/v1/messages", exchange -> {
      sent.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] answer = "{\"message_uuid\":\"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(202, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    vonage.start();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TEXTBACK_PORT", "0");
    env.put("TEXTBACK_CONFIG", "unused-in-this-test.json");
    env.put("TEXTBACK_STORE", "memory");
    env.put("TEXTBACK_ADMIN_TOKEN", "test-token");
    env.put("VONAGE_API_KEY", API_KEY);
    env.put("VONAGE_API_SECRET", "test-api-secret");
    env.put("VONAGE_SIGNATURE_SECRET", SECRET);
    env.put("VONAGE_API_BASE_URL", "http://127.0.0.1:" + vonage.getAddress().getPort());
    // A July afternoon, so quiet hours never hold the text whatever time the test runs.
    clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), Demo.STORY_START.toInstant()));
    server = TextbackServer.start(Settings.from(env, new String[0]), Demo.sampleConfig(), clock, null);
  }

  @AfterEach
  void stop() {
    server.close();
    vonage.stop(0);
  }

  @Test
  void a_signed_unanswered_event_makes_exactly_one_send_from_the_dialled_number() throws Exception {
    String query = "to=" + LINE + "&from=" + CALLER + "&conversation_uuid=" + CONVERSATION + "&uuid=0A0000000123ABCD1";
    String queryJson = "{\"to\":\"" + LINE + "\",\"from\":\"" + CALLER + "\",\"conversation_uuid\":\"" + CONVERSATION
        + "\",\"uuid\":\"0A0000000123ABCD1\"}";
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/vonage/answer?" + query))
        .header("Authorization", "Bearer " + token(SECRET, queryJson)).GET().build(), HttpResponse.BodyHandlers.ofString());

    HttpResponse<String> event = postEvent(SECRET);
    postEvent(SECRET); // Vonage redelivers
    server.engine().runDueWork();

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("\"action\":\"connect\"").contains("\"number\":\"" + CELL + "\"");
    assertThat(event.statusCode()).isEqualTo(200);
    assertThat(event.body()).isEqualTo("[{}]");
    assertThat(sent).singleElement().satisfies(body -> assertThat(body)
        .contains("\"from\":\"" + LINE + "\"").contains("\"to\":\"" + CALLER + "\"").contains("Summit Heating"));
  }

  @Test
  void a_forged_event_gets_403_and_sends_nothing() throws Exception {
    HttpResponse<String> forged = postEvent("not-the-signature-secret");
    server.engine().runDueWork();

    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(sent).isEmpty();
  }

  private HttpResponse<String> postEvent(String secret) throws IOException, InterruptedException {
    String body = "{\"headers\":{},\"from\":\"" + LINE + "\",\"to\":\"" + CELL + "\",\"uuid\":\"0B0000000456ABCD2\","
        + "\"conversation_uuid\":\"" + CONVERSATION + "\",\"status\":\"unanswered\",\"detail\":\"unavailable\","
        + "\"direction\":\"outbound\",\"timestamp\":\"2026-07-14T20:00:00.000Z\"}";
    return http.send(HttpRequest.newBuilder(URI.create(base() + "/webhooks/vonage/event"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token(secret, body))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private String base() {
    return "http://127.0.0.1:" + server.port();
  }

  /** Vonage's webhook JWT, by hand: HS256 over iat, jti, iss, payload_hash (SHA-256 of the payload), api_key. */
  private String token(String secret, String payload) {
    try {
      String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(payload.getBytes(StandardCharsets.UTF_8)));
      String claims = "{\"iat\":" + clock.instant().getEpochSecond() + ",\"jti\":\"" + java.util.UUID.randomUUID()
          + "\",\"iss\":\"Vonage\",\"payload_hash\":\"" + hash + "\",\"api_key\":\"" + API_KEY + "\"}";
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      String input = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
          + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input + "." + b64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
