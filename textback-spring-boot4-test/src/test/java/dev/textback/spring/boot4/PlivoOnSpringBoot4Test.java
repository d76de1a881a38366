package dev.textback.spring.boot4;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textback.TextBack;
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
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter with textback-plivo in a Spring Boot 4.0 application on a real port: Plivo wired from
 * {@code textback.plivo.*}, a Dial action signed with {@code X-Plivo-Signature-V3} texting the caller once.
 */
@SpringBootTest(classes = Boot4Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("plivo")
class PlivoOnSpringBoot4Test {
  private static final String AUTH_ID = "MAZDQ1ZDMXYTAZMTM3NT"; // as in application-plivo.yml
  private static final String AUTH_TOKEN = "MzQ1NjdjNGI5ZmUxYzI0NDQ1YTE1MWM0ZDFkMDEx";
  private static final String NONCE = "05429567804466091622";
  private static final HttpClient http = HttpClient.newHttpClient();
  private static final MockWebServer plivo = startPlivo();

  @Autowired
  Environment environment;
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
    return "http://localhost:" + environment.getProperty("local.server.port") + "/webhooks/plivo/dial";
  }

  @Test
  void texts_the_caller_once_from_the_dialled_number_after_a_signed_no_answer_dial_action() throws Exception {
    int before = plivo.getRequestCount();
    Map<String, String> dial = dialNoAnswer("6f8f3b8a-1d2c-4e5f-8a9b-0c1d2e3f4a51", "12015550123");

    assertThat(post(dial, sign(AUTH_TOKEN, dialUrl(), dial)).statusCode()).isEqualTo(200);
    RecordedRequest sent = plivo.takeRequest(10, TimeUnit.SECONDS);
    engine.runDueWork();

    assertThat(sent).isNotNull();
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/Account/" + AUTH_ID + "/Message/");
    JsonNode message = new ObjectMapper().readTree(sent.getBody().utf8());
    assertThat(message.path("src").asText()).isEqualTo("12025550182");
    assertThat(message.path("dst").asText()).isEqualTo("12015550123");
    assertThat(plivo.getRequestCount() - before).isEqualTo(1);
  }

  @Test
  void refuses_a_dial_action_signed_with_another_token_with_403() throws Exception {
    int before = plivo.getRequestCount();
    Map<String, String> dial = dialNoAnswer("6f8f3b8a-1d2c-4e5f-8a9b-0c1d2e3f4a52", "12015550124");

    assertThat(post(dial, sign("ZGVhZGJlZWZkZWFkYmVlZmRlYWRiZWVmZGVhZGJl", dialUrl(), dial)).statusCode())
        .isEqualTo(403);
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
    params.put("To", "12025550182");
    return params;
  }

  /** V3 for a POST without a query: the URL, "?", every parameter as name + value sorted by name, ".", the nonce. */
  private static String sign(String token, String url, Map<String, String> params) {
    String sortedForm = new TreeMap<>(params).entrySet().stream().map(e -> e.getKey() + e.getValue())
        .collect(Collectors.joining());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(
          mac.doFinal((url + "?" + sortedForm + "." + NONCE).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> post(Map<String, String> params, String signature)
      throws IOException, InterruptedException {
    String form = params.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return http.send(HttpRequest.newBuilder(URI.create(dialUrl()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Plivo-Signature-V3", signature)
        .header("X-Plivo-Signature-V3-Nonce", NONCE)
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
