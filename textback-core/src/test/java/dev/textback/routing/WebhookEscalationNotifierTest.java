package dev.textback.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textback.spi.Escalation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookEscalationNotifierTest {
  private static final String SECRET = "esc-secret";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T14:17:00Z"), ZoneOffset.UTC);

  private final MockWebServer server = new MockWebServer();
  private WebhookEscalationNotifier notifier;

  @BeforeEach
  void start() throws Exception {
    server.start();
    notifier = WebhookEscalationNotifier.builder()
        .url(server.url("/escalations").toString())
        .secret(SECRET)
        .clock(CLOCK)
        .maxAttempts(3)
        .initialBackoff(Duration.ofMillis(1))
        .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Escalation escalation() {
    return new Escalation(null, Fixtures.conversation(), Duration.ofMinutes(12), "Are you still there?",
        new Fixtures.RecordingQueue());
  }

  @Test
  void posts_escalation_json_with_waited_seconds_and_last_reply() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build());

    notifier.escalate(escalation());

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/escalations");
    JsonNode json = new ObjectMapper().readTree(request.getBody().utf8());
    assertThat(json.get("event").asText()).isEqualTo("escalation");
    assertThat(json.get("conversation").get("id").asText()).isEqualTo("conv-1");
    assertThat(json.get("conversation").get("caller").asText()).isEqualTo("+15551234567");
    assertThat(json.get("waitedSeconds").asLong()).isEqualTo(720);
    assertThat(json.get("lastReply").asText()).isEqualTo("Are you still there?");
    // Fixtures: the caller's reply arrived at 14:05 UTC; a hand-built escalation is named after it.
    assertThat(json.get("id").asText()).isEqualTo("conv-1@2025-03-04T14:05:00Z");
    assertThat(json.get("possibleDuplicate").asBoolean()).isFalse();
  }

  @Test
  void an_escalation_delivered_again_keeps_its_id_and_says_so() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build());
    Escalation e = escalation();

    notifier.escalate(new Escalation(e.business(), e.conversation(), e.waited(), e.lastReply(), e.outbound(),
        "rt_42", true));

    JsonNode json = new ObjectMapper().readTree(server.takeRequest().getBody().utf8());
    assertThat(json.get("id").asText()).isEqualTo("rt_42");
    assertThat(json.get("possibleDuplicate").asBoolean()).isTrue();
  }

  @Test
  void a_quick_retry_after_a_5xx_keeps_the_id_and_says_it_may_be_a_repeat() throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(new MockResponse.Builder().code(200).build());

    notifier.escalate(escalation());

    JsonNode first = new ObjectMapper().readTree(server.takeRequest().getBody().utf8());
    JsonNode second = new ObjectMapper().readTree(server.takeRequest().getBody().utf8());
    assertThat(first.get("possibleDuplicate").asBoolean()).isFalse();
    assertThat(second.get("possibleDuplicate").asBoolean()).isTrue();
    assertThat(second.get("id").asText()).isEqualTo(first.get("id").asText());
  }

  @Test
  void signs_the_escalation_like_the_reply_webhook() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build());

    notifier.escalate(escalation());

    RecordedRequest request = server.takeRequest();
    // 2025-03-04T14:17:00Z in Unix seconds.
    assertThat(request.getHeaders().get("X-Textback-Timestamp")).isEqualTo("1741097820");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update("1741097820.".getBytes(StandardCharsets.UTF_8));
    String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(request.getBody().toByteArray()));
    assertThat(request.getHeaders().get("X-Textback-Signature")).isEqualTo(expected);
  }

  @Test
  void retries_503_then_throws_on_a_rejection() {
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(new MockResponse.Builder().code(422).build());

    assertThatThrownBy(() -> notifier.escalate(escalation()))
        .isInstanceOf(WebhookDeliveryException.class)
        .satisfies(e -> assertThat(((WebhookDeliveryException) e).attempts()).isEqualTo(2))
        .satisfies(e -> assertThat(((WebhookDeliveryException) e).permanent()).as("422: the engine gives up")
            .isTrue());
    assertThat(server.getRequestCount()).isEqualTo(2);
  }
}
