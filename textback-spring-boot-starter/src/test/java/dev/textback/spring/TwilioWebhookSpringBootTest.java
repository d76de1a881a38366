package dev.textback.spring;

import static dev.textback.spring.TwilioWebhooks.MESSAGES_PATH;
import static dev.textback.spring.TwilioWebhooks.dialNoAnswer;
import static dev.textback.spring.TwilioWebhooks.post;
import static dev.textback.spring.TwilioWebhooks.postSigned;
import static dev.textback.spring.TwilioWebhooks.sign;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.TextBack;
import dev.textback.jdbc.JdbcTextBackStore;
import dev.textback.spi.TextBackStore;
import dev.textback.spring.app.TestApplication;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

/**
 * A Spring Boot application with only the starter, H2 and the Twilio settings, on a real port, with Twilio's
 * Messages API played by a MockWebServer.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("twilio")
class TwilioWebhookSpringBootTest {
  private static final MockWebServer twilio = startTwilio();

  @LocalServerPort
  int port;
  @Autowired
  TextBack engine;
  @Autowired
  TextBackStore store;

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
    return "http://localhost:" + port + "/webhooks/twilio/voice/dial";
  }

  @Test
  void keeps_its_state_in_the_applications_database() {
    assertThat(store).isInstanceOf(JdbcTextBackStore.class);
  }

  @Test
  void texts_the_caller_once_after_a_signed_missed_call_webhook() throws Exception {
    int before = twilio.getRequestCount();
    Map<String, String> call = dialNoAnswer("CA00000000000000000000000000000001", "+12015550123");

    assertThat(postSigned(dialUrl(), call).statusCode()).isEqualTo(200);

    RecordedRequest sent = twilio.takeRequest(10, TimeUnit.SECONDS);
    assertThat(sent).isNotNull();
    assertThat(sent.getTarget()).isEqualTo(MESSAGES_PATH);
    String form = URLDecoder.decode(sent.getBody().utf8(), StandardCharsets.UTF_8);
    assertThat(form).contains("To=+12015550123", "From=+12025550182",
        "Body=Sorry we missed your call at Acme Plumbing. How can we help?");
    engine.runDueWork();
    assertThat(twilio.getRequestCount() - before).isEqualTo(1);
  }

  @Test
  void texts_once_when_twilio_delivers_the_same_webhook_twice() throws Exception {
    int before = twilio.getRequestCount();
    Map<String, String> call = dialNoAnswer("CA00000000000000000000000000000002", "+12015550124");

    assertThat(postSigned(dialUrl(), call).statusCode()).isEqualTo(200);
    assertThat(postSigned(dialUrl(), call).statusCode()).isEqualTo(200);
    engine.runDueWork(); // waits for every send claimed so far

    assertThat(twilio.getRequestCount() - before).isEqualTo(1);
  }

  @Test
  void refuses_a_forged_webhook_with_403_and_texts_nobody() throws Exception {
    int before = twilio.getRequestCount();
    Map<String, String> call = dialNoAnswer("CA00000000000000000000000000000003", "+12015550125");
    String signedForAnotherCaller = sign(dialUrl(), dialNoAnswer("CA00000000000000000000000000000003",
        "+12015550126"));

    assertThat(post(dialUrl(), call, signedForAnotherCaller).statusCode()).isEqualTo(403);
    engine.runDueWork();

    assertThat(twilio.getRequestCount()).isEqualTo(before);
  }

  @Test
  void checks_the_signature_against_the_public_url_a_proxy_forwards() throws Exception {
    int before = twilio.getRequestCount();
    Map<String, String> call = dialNoAnswer("CA00000000000000000000000000000004", "+12015550127");
    String publicUrl = "https://crm.example.com/webhooks/twilio/voice/dial";

    assertThat(post(dialUrl(), call, sign(publicUrl, call), "X-Forwarded-Proto", "https", "X-Forwarded-Host",
        "crm.example.com").statusCode()).isEqualTo(200);
    assertThat(post(dialUrl(), call, sign(publicUrl, call)).statusCode()).isEqualTo(403);
    engine.runDueWork();

    assertThat(twilio.getRequestCount() - before).isEqualTo(1);
  }

  @Test
  void exposes_only_the_carriers_routes_under_webhooks() throws Exception {
    Map<String, String> call = dialNoAnswer("CA00000000000000000000000000000005", "+12015550128");
    String unknown = "http://localhost:" + port + "/webhooks/twilio/admin";

    assertThat(postSigned(unknown, call).statusCode()).isEqualTo(404);
  }
}
