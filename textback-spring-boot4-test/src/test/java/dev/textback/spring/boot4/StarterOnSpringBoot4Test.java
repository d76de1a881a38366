package dev.textback.spring.boot4;

import static dev.textback.spring.boot4.TwilioWebhooks.MESSAGES_PATH;
import static dev.textback.spring.boot4.TwilioWebhooks.dialNoAnswer;
import static dev.textback.spring.boot4.TwilioWebhooks.post;
import static dev.textback.spring.boot4.TwilioWebhooks.postSigned;
import static dev.textback.spring.boot4.TwilioWebhooks.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textback.TextBack;
import dev.textback.jdbc.JdbcTextBackStore;
import dev.textback.spi.TextBackStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The starter jar, built against Spring Boot 3.5, in a Spring Boot 4.0 application on a real port. */
@SpringBootTest(classes = Boot4Application.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("twilio")
class StarterOnSpringBoot4Test {
  private static final MockWebServer twilio = startTwilio();

  @Autowired
  Environment environment;
  @Autowired
  TextBack engine;
  @Autowired
  TextBackStore store;
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

  private String dialUrl() {
    return "http://localhost:" + environment.getProperty("local.server.port") + "/webhooks/twilio/voice/dial";
  }

  @Test
  void runs_on_spring_boot_4() {
    assertThat(SpringBootVersion.getVersion()).startsWith("4.");
  }

  @Test
  void health_shows_textback_through_boot_4s_health_api() throws Exception {
    String url = "http://localhost:" + environment.getProperty("local.server.port") + "/actuator/health";
    JsonNode textback = new ObjectMapper().readTree(TwilioWebhooks.get(url).body()).path("components")
        .path("textback");

    assertThat(textback.path("status").asText()).isEqualTo("UP");
    assertThat(textback.path("details").path("store").asText()).isEqualTo("reachable");
    assertThat(textback.path("details").has("oldestDueAge")).isTrue();
  }

  @Test
  void keeps_its_state_in_the_applications_database() {
    assertThat(store).isInstanceOf(JdbcTextBackStore.class);
  }

  @Test
  void texts_once_for_a_signed_missed_call_delivered_twice_and_counts_it() throws Exception {
    int before = twilio.getRequestCount();
    Map<String, String> call = dialNoAnswer("CA00000000000000000000000000000041", "+12015550123");

    assertThat(postSigned(dialUrl(), call).statusCode()).isEqualTo(200);
    assertThat(postSigned(dialUrl(), call).statusCode()).isEqualTo(200);
    RecordedRequest sent = twilio.takeRequest(10, TimeUnit.SECONDS);
    engine.runDueWork();

    assertThat(sent).isNotNull();
    assertThat(sent.getTarget()).isEqualTo(MESSAGES_PATH);
    assertThat(twilio.getRequestCount() - before).isEqualTo(1);
    assertThat(registry.get("textback.texts.sent").tags("carrier", "twilio", "kind", "text_back").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void refuses_a_forged_webhook_with_403() throws Exception {
    int before = twilio.getRequestCount();
    Map<String, String> call = dialNoAnswer("CA00000000000000000000000000000042", "+12015550125");

    assertThat(post(dialUrl(), call, sign(dialUrl(), Map.of("CallSid", "forged"))).statusCode()).isEqualTo(403);
    engine.runDueWork();

    assertThat(twilio.getRequestCount()).isEqualTo(before);
  }
}
