package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.routing.CrmWebhookRouter;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A caller's reply goes from the engine to a CRM webhook, signed so the CRM can trust it. */
class EngineCrmRoutingTest {
  private static final String SECRET = "crm-shared-secret";
  private final EngineFixture f = new EngineFixture();
  private final MockWebServer crm = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    crm.start();
  }

  @AfterEach
  void stop() {
    crm.close();
  }

  @Test
  void a_caller_reply_reaches_the_crm_webhook_with_a_verifiable_signature() throws Exception {
    crm.enqueue(new MockResponse.Builder().code(200).build());
    CrmWebhookRouter router = CrmWebhookRouter.builder()
        .url(crm.url("/textback/replies").toString())
        .secret(SECRET)
        .clock(f.clock)
        .build();
    try (TextBack engine = f.engineBuilder().replyRouter(router).build()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.onInbound(f.text("SM1", EngineFixture.CALLER, "AC is blowing warm air"));

      RecordedRequest request = crm.takeRequest(30, TimeUnit.SECONDS);
      assertThat(request).as("the CRM got the reply").isNotNull();
      byte[] body = request.getBody().toByteArray();
      String timestamp = request.getHeaders().get("X-Textback-Timestamp");
      assertThat(timestamp).isEqualTo(String.valueOf(EngineFixture.AFTERNOON.getEpochSecond()));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      assertThat(request.getHeaders().get("X-Textback-Signature"))
          .isEqualTo("v1=" + HexFormat.of().formatHex(mac.doFinal(body)));

      JsonNode json = new ObjectMapper().readTree(body);
      assertThat(json.path("event").asText()).isEqualTo("reply");
      assertThat(json.path("conversation").path("id").asText()).isEqualTo(d.conversationId());
      assertThat(json.path("conversation").path("caller").asText()).isEqualTo(EngineFixture.CALLER);
      assertThat(json.path("conversation").path("callId").asText()).isEqualTo("CA1");
      assertThat(json.path("message").path("body").asText()).isEqualTo("AC is blowing warm air");
    }
  }
}
