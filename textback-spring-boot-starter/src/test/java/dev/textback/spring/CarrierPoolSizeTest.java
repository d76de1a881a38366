package dev.textback.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.carrier.Carrier;
import dev.textback.plivo.PlivoCarrier;
import dev.textback.test.ConcurrentSends;
import dev.textback.twilio.TwilioCarrier;
import dev.textback.vonage.VonageCarrier;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Each carrier the starter wires keeps as many pooled connections as {@code textback.dispatcher.send-concurrency}:
 * after a round of four concurrent sends with the property at two, the pool closes two of the four connections, so
 * a later round of four reuses two and opens two. (With the carriers' default pool every later round would reuse
 * all four.) The pool closes connections on a thread of its own, so rounds repeat until one shows it; the bound
 * only turns a wrong pool size into a failure.
 */
class CarrierPoolSizeTest {
  private final MockWebServer api = new MockWebServer();
  private ApplicationContextRunner runner;

  @BeforeEach
  void start() throws Exception {
    api.start();
    runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(TextBackAutoConfiguration.class))
        .withPropertyValues("textback.businesses[0].id=acme", "textback.businesses[0].name=Acme Plumbing",
            "textback.businesses[0].numbers[0].number=+12025550182", "textback.dispatcher.send-concurrency=2");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void twilio_keeps_a_connection_per_concurrent_send() {
    MockResponse created = json(201, "{\"sid\":\"SM99999999999999999999999999999999\",\"status\":\"queued\","
        + "\"num_segments\":\"1\"}");
    runner.withPropertyValues("textback.twilio.account-sid=AC0123456789abcdef0123456789abcdef",
            "textback.twilio.auth-token=0123456789abcdef0123456789abcdef", "textback.twilio.api-base-url=" + baseUrl())
        .run(context -> assertPoolOfTwo(context.getBean(TwilioCarrier.class), created));
  }

  @Test
  void vonage_keeps_a_connection_per_concurrent_send() {
    MockResponse accepted = json(202, "{\"message_uuid\":\"aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab\"}");
    runner.withPropertyValues("textback.vonage.api-key=a1b2c3d", "textback.vonage.api-secret=test-api-secret",
            "textback.vonage.signature-secret=textback-test-signature-secret",
            "textback.vonage.api-base-url=" + baseUrl())
        .run(context -> assertPoolOfTwo(context.getBean(VonageCarrier.class), accepted));
  }

  @Test
  void plivo_keeps_a_connection_per_concurrent_send() {
    MockResponse queued = json(202, "{\"api_id\":\"db342550-7f1d-11e1-8ea7-1231380bc196\","
        + "\"message\":\"message(s) queued\",\"message_uuid\":[\"db3ce55a-7f1d-11e1-8ea7-1231380bc196\"]}");
    runner.withPropertyValues("textback.plivo.auth-id=MAZDQ1ZDMXYTAZMTM3NT",
            "textback.plivo.auth-token=MzQ1NjdjNGI5ZmUxYzI0NDQ1YTE1MWM0ZDFkMDEx",
            "textback.plivo.api-base-url=" + baseUrl())
        .run(context -> assertPoolOfTwo(context.getBean(PlivoCarrier.class), queued));
  }

  private void assertPoolOfTwo(Carrier carrier, MockResponse accepted) throws Exception {
    ConcurrentSends sends = new ConcurrentSends(api, () -> accepted);
    assertThat(sends.round(carrier.gateway(), 4)).as("first round: a connection per send").isEqualTo(4);
    assertThat(sends.roundsUntil(carrier.gateway(), 4, 2, Duration.ofMinutes(1)))
        .as("a later round reuses the two pooled connections and opens two").isEqualTo(2);
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + api.getPort();
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse(status, Headers.of("Content-Type", "application/json"), body);
  }
}
