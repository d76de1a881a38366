package dev.textback.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textback.TextBack;
import dev.textback.spring.app.TestApplication;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
 * A Spring Boot application with only the starter, textback-plivo, H2 and the {@code textback.plivo.*} settings, on
 * a real port, with Plivo's Message API played by a MockWebServer. Callbacks are signed as Plivo documents
 * {@code X-Plivo-Signature-V3}: Base64(HMAC-SHA256(auth token, URL + "?" + sorted form "namevalue…" + "." + nonce)).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("plivo")
class PlivoWebhookSpringBootTest {
  private static final String AUTH_ID = "MAZDQ1ZDMXYTAZMTM3NT"; // as in application-plivo.yml
  private static final String AUTH_TOKEN = "MzQ1NjdjNGI5ZmUxYzI0NDQ1YTE1MWM0ZDFkMDEx";
  private static final String BUSINESS = "12025550182";
  private static final HttpClient http = HttpClient.newHttpClient();
  private static final ObjectMapper json = new ObjectMapper();
  private static final MockWebServer plivo = startPlivo();

  @LocalServerPort
  int port;
  @Autowired
  TextBack engine;

  private static MockWebServer startPlivo() {
    MockWebServer server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        // The Message API queueing a text.
        return new MockResponse(202, Headers.of("Content-Type", "application/json"),
            "{\"api_id\":\"db342550-7f1d-11e1-8ea7-1231380bc196\",\"message\":\"message(s) queued\","
                + "\"message_uuid\":[\"db3ce55a-7f1d-11e1-8ea7-1231380bc196\"]}");
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
  static void plivoApi(DynamicPropertyRegistry registry) {
    registry.add("textback.plivo.api-base-url", () -> plivo.url("/").toString());
  }

  @AfterAll
  static void stopPlivo() {
    plivo.close();
  }

  private String dialUrl() {
    return "http://localhost:" + port + "/webhooks/plivo/dial";
  }

  @Test
  void texts_the_caller_once_from_the_dialled_number_after_a_signed_no_answer_dial_action() throws Exception {
    int before = plivo.getRequestCount();
    Map<String, String> dial = dialNoAnswer(UUID.randomUUID().toString(), "12015550123");

    HttpResponse<String> response = post(dialUrl(), dial, sign(AUTH_TOKEN, dialUrl(), dial, "05429567804466091622"),
        "05429567804466091622");
    assertThat(response.statusCode()).isEqualTo(200);

    RecordedRequest sent = plivo.takeRequest(10, TimeUnit.SECONDS);
    assertThat(sent).isNotNull();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/Account/" + AUTH_ID + "/Message/");
    JsonNode message = json.readTree(sent.getBody().utf8());
    assertThat(message.path("src").asText()).isEqualTo(BUSINESS);
    assertThat(message.path("dst").asText()).isEqualTo("12015550123");
    assertThat(message.path("text").asText()).isEqualTo("Sorry we missed your call at Acme Plumbing. How can we help?");
    engine.runDueWork();
    assertThat(plivo.getRequestCount() - before).isEqualTo(1);
  }

  @Test
  void refuses_a_dial_action_signed_with_another_token_with_403_and_texts_nobody() throws Exception {
    int before = plivo.getRequestCount();
    Map<String, String> dial = dialNoAnswer(UUID.randomUUID().toString(), "12015550124");
    String forged = sign("ZGVhZGJlZWZkZWFkYmVlZmRlYWRiZWVmZGVhZGJl", dialUrl(), dial, "31415926535897932384");

    assertThat(post(dialUrl(), dial, forged, "31415926535897932384").statusCode()).isEqualTo(403);
    engine.runDueWork();

    assertThat(plivo.getRequestCount()).isEqualTo(before);
  }

  @Test
  void refuses_a_dial_action_signed_for_another_caller_with_403_and_texts_nobody() throws Exception {
    int before = plivo.getRequestCount();
    String call = UUID.randomUUID().toString();
    Map<String, String> dial = dialNoAnswer(call, "12015550125");
    String signedForAnother = sign(AUTH_TOKEN, dialUrl(), dialNoAnswer(call, "12015550126"), "27182818284590452353");

    assertThat(post(dialUrl(), dial, signedForAnother, "27182818284590452353").statusCode()).isEqualTo(403);
    engine.runDueWork();

    assertThat(plivo.getRequestCount()).isEqualTo(before);
  }

  /** The Dial action Plivo posts when the forwarded call rang out, from {@code caller}. */
  private static Map<String, String> dialNoAnswer(String callUuid, String caller) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("CallStatus", "in-progress");
    params.put("CallUUID", callUuid);
    params.put("DialALegUUID", callUuid);
    params.put("DialBLegUUID", "");
    params.put("DialHangupCause", "NO_ANSWER");
    params.put("DialRingStatus", "true");
    params.put("DialStatus", "no-answer");
    params.put("Direction", "inbound");
    params.put("From", caller);
    params.put("To", BUSINESS);
    return params;
  }

  /** V3 for a POST without a query: the URL, "?", every parameter as name + value sorted by name, ".", the nonce. */
  private static String sign(String token, String url, Map<String, String> params, String nonce) {
    String sortedForm = new TreeMap<>(params).entrySet().stream().map(e -> e.getKey() + e.getValue())
        .collect(Collectors.joining());
    String data = url + "?" + sortedForm + "." + nonce;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> post(String url, Map<String, String> params, String signature, String nonce)
      throws IOException, InterruptedException {
    String form = params.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Plivo-Signature-V3", signature)
        .header("X-Plivo-Signature-V3-Nonce", nonce)
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
