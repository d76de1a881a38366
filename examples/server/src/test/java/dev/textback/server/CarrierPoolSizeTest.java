package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.carrier.Carrier;
import dev.textback.test.ConcurrentSends;
import java.util.HashMap;
import java.util.Map;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each carrier the server mounts keeps as many pooled connections as TEXTBACK_SEND_CONCURRENCY says: after a round of
 * four concurrent sends with the setting at two, the pool closes two of the four connections, so a later round of
 * four reuses two and opens two. (With the carriers' default pool, or OkHttp's own of five, every later round would
 * reuse all four.) The pool closes connections on a thread of its own, so rounds are repeated until one shows it;
 * the bound only turns a wrong pool size into a failure.
 */
class CarrierPoolSizeTest {
  private final MockWebServer api = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    api.start();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void twilio_keeps_a_connection_per_concurrent_send() throws Exception {
    MockResponse created = json(201, "{\"sid\":\"SM99999999999999999999999999999999\",\"status\":\"queued\","
        + "\"num_segments\":\"1\"}");
    assertPoolFollowsTheSetting(new TwilioModule(), created,
        "TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdef", "TWILIO_AUTH_TOKEN", "test-token",
        "TWILIO_API_BASE_URL", baseUrl());
  }

  @Test
  void vonage_keeps_a_connection_per_concurrent_send() throws Exception {
    MockResponse accepted = json(202, "{\"message_uuid\":\"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab\"}");
    assertPoolFollowsTheSetting(new VonageModule(), accepted,
        "VONAGE_API_KEY", "a1b2c3d", "VONAGE_API_SECRET", "test-api-secret",
        "VONAGE_SIGNATURE_SECRET", "test-signature-secret", "VONAGE_API_BASE_URL", baseUrl());
  }

  @Test
  void plivo_keeps_a_connection_per_concurrent_send() throws Exception {
    MockResponse queued = json(202, "{\"api_id\":\"db342550-7f1d-11e1-8ea7-1231380bc196\","
        + "\"message\":\"message(s) queued\",\"message_uuid\":[\"db3ce55a-7f1d-11e1-8ea7-1231380bc196\"]}");
    assertPoolFollowsTheSetting(new PlivoModule(), queued,
        "PLIVO_AUTH_ID", "MAZDQ1ZDMXYTAZMTM3NT", "PLIVO_AUTH_TOKEN", "MzQ1NjdjNGI5ZmUxYzI0NDQ1YTE1MWM0ZDFkMDEx",
        "PLIVO_API_BASE_URL", baseUrl());
  }

  private void assertPoolFollowsTheSetting(CarrierModule module, MockResponse accepted, String... credentials)
      throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("TEXTBACK_CONFIG", "businesses.json");
    env.put("TEXTBACK_PUBLIC_URL", "https://textback.example.com");
    env.put("TEXTBACK_SEND_CONCURRENCY", "2");
    for (int i = 0; i < credentials.length; i += 2) env.put(credentials[i], credentials[i + 1]);
    Carrier carrier = module.carrier(Settings.from(env, new String[0])).orElseThrow();
    ConcurrentSends sends = new ConcurrentSends(api, () -> accepted);
    try {
      assertThat(sends.round(carrier.gateway(), 4)).as("first round: a connection per send").isEqualTo(4);
      assertThat(sends.roundsUntil(carrier.gateway(), 4, 2, Duration.ofMinutes(1)))
          .as("a later round reuses the two pooled connections and opens two").isEqualTo(2);
    } finally {
      if (carrier instanceof AutoCloseable closeable) closeable.close();
    }
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + api.getPort();
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse(status, Headers.of("Content-Type", "application/json"), body);
  }
}
