package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textback.TextBack;
import dev.textback.TextBackListener;
import dev.textback.reply.Conversation;
import dev.textback.routing.CrmWebhookRouter;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.RetriableSendException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A CRM that fails is retried through the outbox, with the engine's backoff and clock, until it takes the reply. */
class EngineCrmRetryTest {
  /** 2 s, then 4 s, ...: resilience4j's exponential backoff, without jitter so the due times are exact. */
  private static final RetryConfig BACKOFF = RetryConfig.custom().maxAttempts(4)
      .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofSeconds(2), 2.0))
      .retryExceptions(RetriableSendException.class).build();

  private final EngineFixture f = new EngineFixture();
  private final MockWebServer crm = new MockWebServer();
  private final List<Exception> routingFailures = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    crm.start();
  }

  @AfterEach
  void stop() {
    crm.close();
  }

  private TextBack engine() {
    CrmWebhookRouter router = CrmWebhookRouter.builder().url(crm.url("/replies").toString()).secret("s3cret")
        .clock(f.clock).build();
    return f.engineBuilder().replyRouter(router).retry(BACKOFF).listener(new TextBackListener() {
      @Override
      public void onRoutingFailed(Conversation conversation, Exception failure) {
        routingFailures.add(failure);
      }
    }).build();
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).build();
  }

  private List<JsonNode> posts() throws Exception {
    List<JsonNode> bodies = new ArrayList<>();
    for (int i = crm.getRequestCount(); i > 0; i--) {
      RecordedRequest r = crm.takeRequest(5, TimeUnit.SECONDS);
      bodies.add(new ObjectMapper().readTree(r.getBody().utf8()));
    }
    return bodies;
  }

  /** Claims whatever routing work is left, due or not; called once the engine is closed. */
  private int routingWorkLeft() {
    return f.store.claimDueRouting("probe", Instant.parse("9999-01-01T00:00:00Z"), Duration.ofSeconds(1), 100,
        EnumSet.of(OutboxKind.ROUTE_REPLY, OutboxKind.NOTIFY_ESCALATION)).size();
  }

  @Test
  void a_crm_failing_twice_gets_one_successful_post_after_retries_two_and_four_seconds_apart() throws Exception {
    crm.enqueue(status(503));
    crm.enqueue(status(503));
    crm.enqueue(status(200));
    try (TextBack engine = engine()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.onInbound(f.text("SM1", EngineFixture.CALLER, "Is Thursday possible?"));
      engine.runDueWork();
      assertThat(crm.getRequestCount()).as("first attempt").isEqualTo(1);

      f.clock.advance(Duration.ofMillis(1999));
      engine.runDueWork();
      assertThat(crm.getRequestCount()).as("not before the 2 s backoff").isEqualTo(1);
      f.clock.advance(Duration.ofMillis(1));
      engine.runDueWork();
      assertThat(crm.getRequestCount()).isEqualTo(2);

      f.clock.advance(Duration.ofMillis(3999));
      engine.runDueWork();
      assertThat(crm.getRequestCount()).as("not before the 4 s backoff").isEqualTo(2);
      f.clock.advance(Duration.ofMillis(1));
      engine.runDueWork();
      assertThat(crm.getRequestCount()).isEqualTo(3);

      f.clock.advance(Duration.ofHours(1));
      engine.runDueWork();
      assertThat(crm.getRequestCount()).as("nothing after the accepted post").isEqualTo(3);
    }

    List<JsonNode> posts = posts();
    assertThat(posts).extracting(p -> p.path("message").path("id").asText()).as("one dedupe key for every attempt")
        .containsOnly(posts.get(0).path("message").path("id").asText());
    assertThat(posts).extracting(p -> p.path("message").path("body").asText())
        .containsOnly("Is Thursday possible?");
    assertThat(posts).extracting(p -> p.path("possibleDuplicate").asBoolean()).containsExactly(false, true, true);
    assertThat(routingFailures).hasSize(2);
    assertThat(routingWorkLeft()).as("routing work left").isZero();
  }

  @Test
  void a_crm_that_rejects_a_reply_is_not_asked_again() throws Exception {
    crm.enqueue(status(422));
    crm.enqueue(status(200));
    try (TextBack engine = engine()) {
      engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.onInbound(f.text("SM1", EngineFixture.CALLER, "Is Thursday possible?"));
      engine.runDueWork();
      for (int i = 0; i < 5; i++) {
        f.clock.advance(Duration.ofMinutes(10));
        engine.runDueWork();
      }
    }

    assertThat(crm.getRequestCount()).isEqualTo(1);
    assertThat(routingFailures).hasSize(1);
    assertThat(routingWorkLeft()).isZero();
  }
}
