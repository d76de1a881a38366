package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server with Plivo mounted from PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN, its sends pointed at a fake Send Message
 * API through PLIVO_API_BASE_URL: a signed {@code <Dial>} action that rang out, sent over HTTP, makes exactly one
 * send from the dialled number; the same callback again makes none, and a forged one gets 403.
 */
class PlivoServerTest {
  private static final String AUTH_ID = "MAZDQ1ZDMXYTAZMTM3NT";
  private static final String AUTH_TOKEN = "MzQ1NjdjNGI5ZmUxYzI0NDQ1YTE1MWM0ZDFkMDEx";
  private static final String CONFIG = "{\"businesses\": [{\"id\": \"summit\", \"name\": \"Summit Heating\","
      + " \"timeZone\": \"America/Denver\", \"numbers\": [{\"number\": \"+13035550142\","
      + " \"forwardTo\": \"+13035550199\"}]}]}";
  /** A Tuesday, 14:00 in Denver: inside opening hours and outside quiet hours. */
  private static final Instant AFTERNOON = Instant.parse("2026-07-14T20:00:00Z");

  private final List<String> sends = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private HttpServer api;
  private TextbackServer server;

  @BeforeEach
  void start() throws IOException {
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext("/v1/Account/" + AUTH_ID + "/Message/", exchange -> {
      sends.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
          + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] body = ("{\"api_id\":\"db342550-7f1d-11e1-8ea7-1231380bc196\",\"message\":\"message(s) queued\","
          + "\"message_uuid\":[\"db3ce55a-7f1d-11e1-8ea7-1231380bc196\"]}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(202, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    api.start();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TEXTBACK_PORT", "0");
    env.put("TEXTBACK_CONFIG", "unused-in-this-test.json");
    env.put("TEXTBACK_STORE", "memory");
    env.put("TEXTBACK_ADMIN_TOKEN", "test-token");
    env.put("PLIVO_AUTH_ID", AUTH_ID);
    env.put("PLIVO_AUTH_TOKEN", AUTH_TOKEN);
    env.put("PLIVO_API_BASE_URL", "http://127.0.0.1:" + api.getAddress().getPort());
    server = TextbackServer.start(Settings.from(env, new String[0]), ServerConfig.parse(CONFIG),
        Clock.fixed(AFTERNOON, ZoneOffset.UTC), null);
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
    if (api != null) api.stop(0);
  }

  @Test
  void a_signed_dial_action_that_rang_out_makes_one_send_from_the_dialled_number() throws Exception {
    Map<String, String> dial = new LinkedHashMap<>();
    dial.put("CallUUID", "6f8f3b8a-1d2c-4e5f-8a9b-0c1d2e3f4a5b");
    dial.put("DialALegUUID", "6f8f3b8a-1d2c-4e5f-8a9b-0c1d2e3f4a5b");
    dial.put("DialBLegUUID", "");
    dial.put("DialStatus", "no-answer");
    dial.put("DialRingStatus", "true");
    dial.put("Direction", "inbound");
    dial.put("From", "17205550142");
    dial.put("To", "13035550142");
    // The URL as the server sees it (the Host header's port is part of what Plivo signs).
    String url = "http://127.0.0.1:" + server.port() + "/webhooks/plivo/dial";

    HttpResponse<String> first = post(url, dial, sign(AUTH_TOKEN, url, dial));
    server.engine().runDueWork();
    HttpResponse<String> again = post(url, dial, sign(AUTH_TOKEN, url, dial));
    HttpResponse<String> forged = post(url, dial, sign("ZGVhZGJlZWZkZWFkYmVlZmRlYWRiZWVmZGVhZGJl", url, dial));
    server.engine().runDueWork();

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/xml"));
    assertThat(first.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Hangup/></Response>");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(sends).singleElement().asString()
        .startsWith("POST /v1/Account/" + AUTH_ID + "/Message/ {\"src\":\"13035550142\",\"dst\":\"17205550142\"");
  }

  private HttpResponse<String> post(String url, Map<String, String> params, String signature)
      throws IOException, InterruptedException {
    String body = params.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Plivo-Signature-V3", signature)
        .header("X-Plivo-Signature-V3-Nonce", "05429567804466091622")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Plivo's V3 for a POST without query: the URL, "?", the form sorted by name as name+value, "." and the nonce. */
  private static String sign(String token, String url, Map<String, String> params) throws GeneralSecurityException {
    StringBuilder data = new StringBuilder(url).append('?');
    new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
    data.append(".05429567804466091622");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
