package dev.textback.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.TextBackException;
import java.io.IOException;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CrmWebhookRouterRetryTest {
  private final MockWebServer server = new MockWebServer();
  private CrmWebhookRouter router;

  @BeforeEach
  void start() throws Exception {
    server.start();
    router = CrmWebhookRouter.builder()
        .url(server.url("/crm").toString())
        .secret("s3cret")
        .client(new OkHttpClient())
        .maxAttempts(3)
        .initialBackoff(Duration.ofMillis(1))
        .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).build();
  }

  @Test
  void retries_after_503_and_succeeds_on_the_second_request() throws Exception {
    server.enqueue(status(503));
    server.enqueue(status(200));

    router.route(Fixtures.reply("msg-1", "Hi"));

    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void retries_after_429() throws Exception {
    server.enqueue(status(429));
    server.enqueue(status(200));

    router.route(Fixtures.reply("msg-1", "Hi"));

    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void a_retried_request_carries_the_same_reply_flagged_as_a_possible_duplicate() throws Exception {
    server.enqueue(status(500));
    server.enqueue(status(200));

    router.route(Fixtures.reply("msg-1", "Hi"));

    // The 500 may have come after the receiver stored the reply: the repeat says so, as the class promises.
    String first = server.takeRequest().getBody().utf8();
    String second = server.takeRequest().getBody().utf8();
    assertThat(first).contains("\"possibleDuplicate\":false");
    assertThat(second).isEqualTo(first.replace("\"possibleDuplicate\":false", "\"possibleDuplicate\":true"));
  }

  @Test
  void retries_a_408_as_the_receiver_timing_out_not_refusing() throws Exception {
    server.enqueue(status(408));
    server.enqueue(status(200));

    router.route(Fixtures.reply("msg-1", "Hi"));

    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void does_not_retry_400_and_reports_the_status() {
    server.enqueue(status(400));
    server.enqueue(status(200));

    assertThatThrownBy(() -> router.route(Fixtures.reply("msg-1", "Hi")))
        .isInstanceOf(WebhookDeliveryException.class)
        .isInstanceOf(TextBackException.class)
        .satisfies(e -> {
          WebhookDeliveryException w = (WebhookDeliveryException) e;
          assertThat(w.httpStatus()).isEqualTo(400);
          assertThat(w.attempts()).isEqualTo(1);
          assertThat(w.permanent()).as("the engine does not try a rejected reply again").isTrue();
        });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void does_not_retry_401() {
    server.enqueue(status(401));
    server.enqueue(status(200));

    assertThatThrownBy(() -> router.route(Fixtures.reply("msg-1", "Hi")))
        .isInstanceOf(WebhookDeliveryException.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void gives_up_after_max_attempts_with_the_last_status() {
    server.enqueue(status(500));
    server.enqueue(status(502));
    server.enqueue(status(503));
    server.enqueue(status(200));

    assertThatThrownBy(() -> router.route(Fixtures.reply("msg-1", "Hi")))
        .isInstanceOf(WebhookDeliveryException.class)
        .hasMessageContaining("after 3 attempts")
        .satisfies(e -> {
          WebhookDeliveryException w = (WebhookDeliveryException) e;
          assertThat(w.httpStatus()).isEqualTo(503);
          assertThat(w.attempts()).isEqualTo(3);
          assertThat(w.permanent()).as("the engine tries again later").isFalse();
        });
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void retries_a_dropped_connection() throws Exception {
    server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(status(200));

    router.route(Fixtures.reply("msg-1", "Hi"));

    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void wraps_the_io_failure_when_every_connection_drops() {
    server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());

    assertThatThrownBy(() -> router.route(Fixtures.reply("msg-1", "Hi")))
        .isInstanceOf(WebhookDeliveryException.class)
        .hasCauseInstanceOf(IOException.class)
        .satisfies(e -> assertThat(((WebhookDeliveryException) e).httpStatus()).isZero())
        .satisfies(e -> assertThat(((WebhookDeliveryException) e).permanent()).isFalse());
  }

  @Test
  void does_not_follow_a_redirect() {
    server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/elsewhere").build());
    server.enqueue(status(200));

    assertThatThrownBy(() -> router.route(Fixtures.reply("msg-1", "Hi")))
        .isInstanceOf(WebhookDeliveryException.class)
        .satisfies(e -> assertThat(((WebhookDeliveryException) e).httpStatus()).isEqualTo(302))
        .satisfies(e -> assertThat(((WebhookDeliveryException) e).permanent()).isTrue());
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void failure_message_names_the_host_but_not_the_path() {
    server.enqueue(status(404));

    assertThatThrownBy(() -> router.route(Fixtures.reply("msg-1", "Hi")))
        .hasMessageContaining(server.getHostName())
        .hasMessageNotContaining("/crm");
  }
}
