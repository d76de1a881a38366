package dev.textback.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textback.TextBack;
import dev.textback.spring.app.TestApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Boot application with only the starter, textback-vonage, H2 and the {@code textback.vonage.*} settings,
 * on a real port, with Vonage's Messages API played by a MockWebServer. Webhooks are signed as Vonage documents its
 * signed webhooks: an HS256 JWT in the Authorization header whose {@code payload_hash} is the SHA-256 of the body.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("vonage")
class VonageWebhookSpringBootTest {
  private static final String SIGNATURE_SECRET = "textback-test-signature-secret"; // as in application-vonage.yml
  private static final String BUSINESS = "16105553939";
  private static final String BUSINESS_PHONE = "14845550199";
  private static final HttpClient http = HttpClient.newHttpClient();
  private static final ObjectMapper json = new ObjectMapper();
  private static final MockWebServer vonage = startVonage();

  @LocalServerPort
  int port;
  @Autowired
  TextBack engine;

  private static MockWebServer startVonage() {
    MockWebServer server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        // The Messages API accepting a text.
        return new MockResponse(202, Headers.of("Content-Type", "application/json"),
            "{\"message_uuid\":\"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab\"}");
      }
    });
    try {
      server.start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return server;
  }

  @DynamicPropertySource
  static void vonageApi(DynamicPropertyRegistry registry) {
    registry.add("textback.vonage.api-base-url", () -> vonage.url("/").toString());
  }

  @AfterAll
  static void stopVonage() {
    vonage.close();
  }

  @Test
  void texts_the_caller_once_from_the_dialled_number_after_a_signed_unanswered_event() throws Exception {
    int before = vonage.getRequestCount();
    String conversation = "CON-" + UUID.randomUUID();

    HttpResponse<String> answer = post("answer", answer(conversation, "14845552121"), SIGNATURE_SECRET);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("\"action\":\"connect\"").contains(BUSINESS_PHONE);
    HttpResponse<String> event = post("event", unanswered(conversation), SIGNATURE_SECRET);
    assertThat(event.statusCode()).isEqualTo(200);
    assertThat(event.body()).isEqualTo("[{}]"); // what Vonage's synchronous-connect sample answers

    RecordedRequest sent = vonage.takeRequest(10, TimeUnit.SECONDS);
    assertThat(sent).isNotNull();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/messages");
    JsonNode message = json.readTree(sent.getBody().utf8());
    assertThat(message.path("from").asText()).isEqualTo(BUSINESS);
    assertThat(message.path("to").asText()).isEqualTo("14845552121");
    assertThat(message.path("text").asText()).isEqualTo("Sorry we missed your call at Acme Plumbing. How can we help?");
    engine.runDueWork();
    assertThat(vonage.getRequestCount() - before).isEqualTo(1);
  }

  @Test
  void refuses_an_event_signed_with_another_secret_with_403_and_texts_nobody() throws Exception {
    int before = vonage.getRequestCount();
    String conversation = "CON-" + UUID.randomUUID();

    assertThat(post("answer", answer(conversation, "14845552122"), SIGNATURE_SECRET).statusCode()).isEqualTo(200);
    assertThat(post("event", unanswered(conversation), "not-the-signature-secret").statusCode()).isEqualTo(403);
    engine.runDueWork();

    assertThat(vonage.getRequestCount()).isEqualTo(before);
  }

  @Test
  void refuses_an_event_whose_body_is_not_the_one_signed_with_403_and_texts_nobody() throws Exception {
    int before = vonage.getRequestCount();
    String conversation = "CON-" + UUID.randomUUID();
    String signedBody = unanswered(conversation).replace("\"unanswered\"", "\"completed\"");

    assertThat(post("answer", answer(conversation, "14845552123"), SIGNATURE_SECRET).statusCode()).isEqualTo(200);
    HttpResponse<String> forged = send("event", unanswered(conversation),
        jwt(SIGNATURE_SECRET, signedBody.getBytes(StandardCharsets.UTF_8)));
    engine.runDueWork();

    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(vonage.getRequestCount()).isEqualTo(before);
  }

  /** The answer webhook Vonage posts when {@code caller} dials the business number. */
  private static String answer(String conversation, String caller) {
    return "{\"to\":\"" + BUSINESS + "\",\"from\":\"" + caller + "\",\"uuid\":\"0A0000000123ABCD1\","
        + "\"conversation_uuid\":\"" + conversation + "\"}";
  }

  /** The event of the forwarded leg (business number to the business phone) ringing out. */
  private static String unanswered(String conversation) {
    return "{\"headers\":{},\"from\":\"" + BUSINESS + "\",\"to\":\"" + BUSINESS_PHONE + "\","
        + "\"uuid\":\"0B0000000456ABCD2\",\"conversation_uuid\":\"" + conversation + "\",\"status\":\"unanswered\","
        + "\"detail\":\"unavailable\",\"direction\":\"outbound\",\"timestamp\":\"2020-07-01T20:45:54.796Z\"}";
  }

  private HttpResponse<String> post(String route, String body, String secret) throws Exception {
    return send(route, body, jwt(secret, body.getBytes(StandardCharsets.UTF_8)));
  }

  private HttpResponse<String> send(String route, String body, String token) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/vonage/" + route))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** An HS256 JWT with Vonage's claims over {@code payload}, built from strings and javax.crypto. */
  private static String jwt(String secret, byte[] payload) {
    String claims = "{\"iat\":" + Instant.now().getEpochSecond() + ",\"jti\":\"" + UUID.randomUUID()
        + "\",\"iss\":\"Vonage\",\"payload_hash\":\"" + sha256Hex(payload)
        + "\",\"api_key\":\"a1b2c3d\",\"application_id\":\"aaaaaaaa-bbbb-cccc-dddd-0123456789ab\"}";
    String signingInput = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + base64Url(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
          .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String base64Url(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
