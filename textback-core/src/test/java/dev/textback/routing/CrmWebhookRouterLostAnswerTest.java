package dev.textback.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request the CRM received whole, whose answer was lost with its connection, is not posted again inside the same
 * call: that repeat would say {@code "possibleDuplicate":false}. The call fails instead, and the engine's retry says
 * it may repeat.
 */
class CrmWebhookRouterLostAnswerTest {
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void a_request_on_a_pooled_connection_whose_answer_was_lost_is_not_repeated_inside_the_call() throws Exception {
    CrmWebhookRouter router = CrmWebhookRouter.builder().url(server.url("/crm").toString()).secret("s3cret").build();
    server.enqueue(new MockResponse.Builder().code(200).build());
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(new MockResponse.Builder().code(200).build());
    router.route(Fixtures.reply("msg-0", "First")); // leaves its connection in the pool
    server.takeRequest();

    WebhookDeliveryException e = catchThrowableOfType(WebhookDeliveryException.class,
        () -> router.route(Fixtures.reply("msg-1", "Hi")));

    assertThat(e).isNotNull();
    assertThat(e.permanent()).isFalse();
    assertThat(server.takeRequest(1, TimeUnit.SECONDS).getBody().utf8()).contains("\"possibleDuplicate\":false");
    assertThat(server.takeRequest(200, TimeUnit.MILLISECONDS)).as("a second request in the same call").isNull();
  }

  @Test
  void a_url_holding_a_user_and_password_is_refused_without_echoing_the_password() {
    String url = server.url("/crm").newBuilder().username("textback").password("hunter2").build().toString();

    assertThatIllegalArgumentException().isThrownBy(() -> CrmWebhookRouter.builder().url(url))
        .withMessageNotContaining("hunter2");
  }
}
