package dev.textback.server;

import dev.textback.demo.TwilioSimulator;
import dev.textback.demo.Demo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server pointed at a fake Twilio API through TWILIO_API_BASE_URL, fed signed webhooks: one missed call
 * makes exactly one correct send; a forged webhook gets 403 and sends nothing.
 */
class ServerWebhookTest {
  private static final String LINE = "+13035550142";
  private TwilioSimulator carrier;
  private TextbackServer server;

  @BeforeEach
  void start() throws Exception {
    carrier = new TwilioSimulator(new PrintStream(PrintStream.nullOutputStream()));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TEXTBACK_PORT", "0");
    env.put("TEXTBACK_CONFIG", "unused-in-this-test.json");
    env.put("TEXTBACK_STORE", "memory");
    env.put("TEXTBACK_ADMIN_TOKEN", "test-token");
    env.put("TWILIO_ACCOUNT_SID", carrier.accountSid());
    env.put("TWILIO_AUTH_TOKEN", carrier.authToken());
    env.put("TWILIO_API_BASE_URL", carrier.apiBaseUrl());
    Settings settings = Settings.from(env, new String[0]);
    // A July afternoon, so quiet hours never hold the text whatever time the test runs.
    Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), Demo.STORY_START.toInstant()));
    server = TextbackServer.start(settings, Demo.sampleConfig(), clock, null);
    carrier.webhooksAt("http://127.0.0.1:" + server.port());
  }

  @AfterEach
  void stop() {
    server.close();
    carrier.close();
  }

  private void flush() {
    server.engine().runDueWork();
  }

  @Test
  void a_signed_missed_call_makes_exactly_one_correct_send_request() throws Exception {
    String callSid = carrier.call("+17205550142", LINE, "no-answer", 0);
    flush();

    assertThat(callSid).startsWith("CA");
    assertThat(carrier.sent()).hasSize(1);
    TwilioSimulator.Sent sent = carrier.sent().get(0);
    assertThat(sent.from()).isEqualTo(LINE);
    assertThat(sent.to()).isEqualTo("+17205550142");
    assertThat(sent.body()).startsWith("Hi, this is Summit Heating & Cooling.");
  }

  @Test
  void a_forged_webhook_gets_403_and_sends_nothing() throws Exception {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("CallSid", "CA0123456789abcdef0123456789abcdef");
    params.put("AccountSid", carrier.accountSid());
    params.put("From", "+17205550142");
    params.put("To", LINE);
    params.put("DialCallStatus", "no-answer");
    params.put("CallStatus", "in-progress");
    String url = "http://127.0.0.1:" + server.port() + "/webhooks/twilio/voice/dial";
    String body = "CallSid=CA0123456789abcdef0123456789abcdef&AccountSid=" + carrier.accountSid()
        + "&From=%2B17205550142&To=%2B13035550142&DialCallStatus=no-answer&CallStatus=in-progress";
    String forged = TwilioSimulator.sign("not-the-auth-token", url, params);
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", forged)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    flush();

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(carrier.sent()).isEmpty();
    assertThat(server.engine().stats("summit", Instant.EPOCH, Instant.now().plus(Duration.ofDays(400))).counts().calls())
        .isZero();
  }

  @Test
  void a_one_megabyte_webhook_gets_413_and_sends_nothing() throws Exception {
    String url = "http://127.0.0.1:" + server.port() + "/webhooks/twilio/sms";
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", "irrelevant")
        .POST(HttpRequest.BodyPublishers.ofString("Body=" + "x".repeat(1024 * 1024))).build(),
        HttpResponse.BodyHandlers.ofString());
    flush();

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("too large");
    assertThat(carrier.sent()).isEmpty();
  }

  @Test
  void health_and_api_answer_and_the_api_wants_the_token() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + server.port();
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base + "/api/stats")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> stats = http.send(HttpRequest.newBuilder(URI.create(base + "/api/stats?business=summit"))
        .header("Authorization", "Bearer test-token").build(), HttpResponse.BodyHandlers.ofString());

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"carriers\":[\"twilio\"]");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(stats.statusCode()).isEqualTo(200);
    assertThat(stats.body()).contains("\"calls\":0");
  }
}
