package dev.textback.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textback.reply.ConversationMessage;
import dev.textback.spi.RoutedReply;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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

class CrmWebhookRouterTest {
  private static final String SECRET = "whsec_test";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-04T14:05:00Z"), ZoneOffset.UTC);

  private final MockWebServer server = new MockWebServer();
  private CrmWebhookRouter router;

  @BeforeEach
  void start() throws Exception {
    server.start();
    router = CrmWebhookRouter.builder()
        .url(server.url("/hooks/textback").toString())
        .secret(SECRET)
        .clock(CLOCK)
        .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void posts_reply_as_json_to_the_configured_path() throws Exception {
    server.enqueue(new MockResponse.Builder().code(204).build());
    ConversationMessage message = Fixtures.message("msg-7", "Yes, tomorrow at 9 works",
        "https://media.example/1.jpg");
    router.route(new RoutedReply(null, Fixtures.conversation(), message, new Fixtures.RecordingQueue()));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/hooks/textback");
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json; charset=utf-8");

    JsonNode json = new ObjectMapper().readTree(request.getBody().utf8());
    assertThat(json.get("event").asText()).isEqualTo("reply");
    JsonNode conversation = json.get("conversation");
    assertThat(conversation.get("id").asText()).isEqualTo("conv-1");
    assertThat(conversation.get("businessId").asText()).isEqualTo("acme");
    assertThat(conversation.get("businessNumber").asText()).isEqualTo("+15550001111");
    assertThat(conversation.get("caller").asText()).isEqualTo("+15551234567");
    assertThat(conversation.get("callId").asText()).isEqualTo("CA123");
    assertThat(conversation.get("status").asText()).isEqualTo("open");
    JsonNode msg = json.get("message");
    assertThat(msg.get("id").asText()).isEqualTo("msg-7");
    assertThat(msg.get("body").asText()).isEqualTo("Yes, tomorrow at 9 works");
    assertThat(msg.get("at").asText()).isEqualTo("2025-03-04T14:05:00Z");
    assertThat(msg.get("mediaUrls").isArray()).isTrue();
    assertThat(msg.get("mediaUrls").get(0).asText()).isEqualTo("https://media.example/1.jpg");
  }

  @Test
  void signs_timestamp_dot_raw_body_with_hmac_sha256() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build());
    router.route(Fixtures.reply("msg-1", "Hi"));

    RecordedRequest request = server.takeRequest();
    String timestamp = request.getHeaders().get("X-Textback-Timestamp");
    // 2025-03-04T14:05:00Z in Unix seconds (date -u -d 2025-03-04T14:05:00Z +%s).
    assertThat(timestamp).isEqualTo("1741097100");

    byte[] body = request.getBody().toByteArray();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
    String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
    assertThat(request.getHeaders().get("X-Textback-Signature")).isEqualTo(expected);
  }

  @Test
  void signature_on_the_wire_passes_receiver_verification() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build());
    router.route(Fixtures.reply("msg-1", "Hi"));

    RecordedRequest request = server.takeRequest();
    assertThat(CrmWebhookSignature.verify(SECRET, request.getHeaders().get("X-Textback-Timestamp"),
        request.getBody().toByteArray(), request.getHeaders().get("X-Textback-Signature"), CLOCK,
        CrmWebhookSignature.DEFAULT_TOLERANCE)).isTrue();
  }

  @Test
  void a_reply_delivered_again_says_so_and_keeps_its_message_id() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build());
    server.enqueue(new MockResponse.Builder().code(200).build());
    RoutedReply first = Fixtures.reply("msg-7", "Hi");
    RoutedReply again = new RoutedReply(first.business(), first.conversation(), first.message(), first.outbound(),
        true);

    router.route(first);
    router.route(again);

    JsonNode one = new ObjectMapper().readTree(server.takeRequest().getBody().utf8());
    JsonNode two = new ObjectMapper().readTree(server.takeRequest().getBody().utf8());
    assertThat(one.get("possibleDuplicate").asBoolean()).isFalse();
    assertThat(two.get("possibleDuplicate").asBoolean()).isTrue();
    assertThat(two.get("message").get("id").asText()).isEqualTo("msg-7");
  }

  @Test
  void sends_an_empty_media_list_when_the_reply_has_none() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build());
    router.route(Fixtures.reply("msg-1", "Hi"));

    JsonNode json = new ObjectMapper().readTree(server.takeRequest().getBody().utf8());
    assertThat(json.get("message").get("mediaUrls").isArray()).isTrue();
    assertThat(json.get("message").get("mediaUrls")).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
