package dev.textback.vonage;

import static dev.textback.vonage.VonageCallWebhookTest.handle;
import static dev.textback.vonage.VonageFixtures.SIGNATURE_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.internal.StoredPendingCalls;
import dev.textback.jdbc.JdbcTextBackStore;
import dev.textback.webhook.WebhookRequest;
import dev.textback.webhook.WebhookResponse;
import java.sql.Connection;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * A multi-part SMS API text reassembled in a JDBC store, whose pending-call values are bounded (4,000 characters).
 * vonage.md 4.1: "concat, concat-ref, concat-total, concat-part: only for multipart ... reassemble"; 3a: Vonage
 * accepts texts up to 3200 characters, and a UCS-2 part holds 67 characters. The adapter keeps up to 20 parts.
 */
class VonageMultipartJdbcTest {
  private final FakeEngine engine = new FakeEngine();

  @Test
  void reassembles_a_seven_part_chinese_text_when_the_engine_keeps_parts_in_a_jdbc_store() throws Exception {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:vonage-parts-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    try (Connection keepAlive = h2.getConnection()) {
      JdbcTextBackStore store = new JdbcTextBackStore(h2);
      store.migrate();
      engine.pending = new StoredPendingCalls(store, VonageCarrier.ID.name(),
          Clock.fixed(FakeEngine.NOW, ZoneOffset.UTC));
      VonageWebhooks webhooks = new VonageWebhooks(VonageFixtures.config().build(), engine);

      int total = 7;
      StringBuilder whole = new StringBuilder();
      List<Integer> statuses = new ArrayList<>();
      for (int part = 1; part <= total; part++) {
        String text = "您好我们明天上午可以过来修理水管吗请告诉我具体的时间和地址谢谢".repeat(3).substring(0, 67);
        whole.append(text);
        WebhookResponse r = handle(webhooks, VonageWebhooks.SMS_INBOUND,
            smsPart(String.format("02000000000000%02d", part), part, total, text));
        statuses.add(r.status());
      }

      assertThat(statuses).as("each part acknowledged").containsOnly(204);
      assertThat(engine.inbound).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo(whole.toString()));
    }
  }

  private static WebhookRequest smsPart(String messageId, int part, int total, String text) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("msisdn", "14845552121");
    p.put("to", "16105553939");
    p.put("messageId", messageId);
    p.put("concat", "true");
    p.put("concat-ref", "17");
    p.put("concat-total", Integer.toString(total));
    p.put("concat-part", Integer.toString(part));
    p.put("text", text);
    p.put("type", "unicode");
    p.put("timestamp", Long.toString(FakeEngine.NOW.getEpochSecond()));
    p.put("sig", VonageFixtures.md5hash(p, SIGNATURE_SECRET));
    return WebhookRequest.formPost(VonageFixtures.url("sms/inbound"), Map.of(), VonageFixtures.form(p));
  }
}
