package dev.textback.spring;

import static dev.textback.spring.TwilioWebhooks.dialNoAnswer;
import static dev.textback.spring.TwilioWebhooks.postSigned;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textback.TextBack;
import dev.textback.spring.app.TestApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpResponse;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The health indicator and the meters, seen through Actuator after a missed call on a real port. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("twilio")
class ActuatorSpringBootTest {
  private static final MockWebServer twilio = startTwilio();

  @LocalServerPort
  int port;
  @Autowired
  TextBack engine;
  @Autowired
  MeterRegistry registry;

  private static MockWebServer startTwilio() {
    MockWebServer server = new MockWebServer();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return TwilioWebhooks.messageCreated();
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
  static void twilioApi(DynamicPropertyRegistry registry) {
    registry.add("textback.twilio.api-base-url", () -> twilio.url("/").toString());
  }

  @AfterAll
  static void stopTwilio() {
    twilio.close();
  }

  @Test
  void health_shows_textback_with_its_store_and_outbox() throws Exception {
    HttpResponse<String> health = TwilioWebhooks.get("http://localhost:" + port + "/actuator/health");

    JsonNode textback = new ObjectMapper().readTree(health.body()).path("components").path("textback");
    assertThat(textback.path("status").asText()).isEqualTo("UP");
    assertThat(textback.path("details").path("store").asText()).isEqualTo("reachable");
    assertThat(textback.path("details").has("pending")).isTrue();
    assertThat(textback.path("details").path("oldestDueAge").asText()).isEqualTo("PT0S");
  }

  @Test
  void counts_the_missed_call_and_its_text_in_the_meter_registry() throws Exception {
    String url = "http://localhost:" + port + "/webhooks/twilio/voice/dial";

    assertThat(postSigned(url, dialNoAnswer("CA00000000000000000000000000000011", "+12015550123")).statusCode())
        .isEqualTo(200);
    engine.runDueWork();

    assertThat(registry.get("textback.calls").tags("outcome", "no_answer", "action", "queued", "reason", "text")
        .counter().count()).isEqualTo(1.0);
    assertThat(registry.get("textback.texts.queued").tags("carrier", "twilio", "kind", "text_back").counter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("textback.texts.sent").tags("carrier", "twilio", "kind", "text_back").counter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("textback.send.duration").tags("carrier", "twilio", "result", "sent").timer().count())
        .isEqualTo(1);
    assertThat(registry.get("textback.outbox.pending").gauge().value()).isEqualTo(0.0);
  }
}
