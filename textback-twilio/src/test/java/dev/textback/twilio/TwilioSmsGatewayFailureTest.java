package dev.textback.twilio;

import static dev.textback.twilio.TwilioSmsGatewayTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.textback.message.PermanentFailureReason;
import dev.textback.spi.PermanentSendException;
import dev.textback.spi.RetriableSendException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** 400, 401, 429, 5xx and network failures, each mapped to the exception core's retry policy needs. */
class TwilioSmsGatewayFailureTest {
  private static final String REQUEST_ID = "RQ0123456789abcdef0123456789abcdef";

  private final MockWebServer server = new MockWebServer();
  private TwilioSmsGateway gateway;

  @BeforeEach
  void start() throws Exception {
    server.start();
    gateway = TwilioSmsGateway.create(TwilioFixtures.config().apiBaseUrl(server.url("/").toString())
        .readTimeout(Duration.ofMillis(300)).build());
  }

  @AfterEach
  void stop() {
    gateway.close();
    server.close();
  }

  @Test
  void refuses_an_invalid_number_for_good_without_logging_it() {
    server.enqueue(error(400, "error-21211.json"));

    PermanentSendException e = catchThrowableOfType(PermanentSendException.class, this::send);

    assertThat(e.reason()).isEqualTo(PermanentFailureReason.INVALID_NUMBER);
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.carrierCode()).contains("21211");
    assertThat(e.requestId()).contains(REQUEST_ID);
    assertThat(e.carrier()).contains("twilio");
    assertThat(e.getMessage()).contains("https://www.twilio.com/docs/errors/21211").doesNotContain("2015550123");
  }

  @Test
  void refuses_an_opted_out_recipient_for_good() {
    server.enqueue(error(400, "error-21610.json"));

    PermanentSendException e = catchThrowableOfType(PermanentSendException.class, this::send);

    assertThat(e.reason()).isEqualTo(PermanentFailureReason.OPTED_OUT);
    assertThat(e.carrierCode()).contains("21610");
  }

  @Test
  void refuses_rejected_credentials_for_good() {
    server.enqueue(error(401, "error-20003.json"));

    PermanentSendException e = catchThrowableOfType(PermanentSendException.class, this::send);

    assertThat(e.reason()).isEqualTo(PermanentFailureReason.AUTH);
    assertThat(e.httpStatus()).isEqualTo(401);
  }

  @Test
  void retries_a_rate_limited_request_after_twilios_retry_after() {
    server.enqueue(new MockResponse(429, Headers.of("Content-Type", "application/json", "Retry-After", "7"),
        TwilioFixtures.resource("error-20429.json")));

    RetriableSendException e = catchThrowableOfType(RetriableSendException.class, this::send);

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(e.carrierCode()).contains("20429");
    assertThat(e.mayHaveBeenAccepted()).isFalse();
  }

  @Test
  void retries_a_server_error_but_flags_that_the_text_may_have_gone_out() {
    server.enqueue(new MockResponse(500, Headers.of("Content-Type", "application/json"),
        "{\"code\": 20500, \"message\": \"Internal Server Error\", \"status\": 500}"));
    server.enqueue(new MockResponse(503, Headers.of("Content-Type", "text/html"), "<html>Service Unavailable</html>"));

    RetriableSendException e500 = catchThrowableOfType(RetriableSendException.class, this::send);
    RetriableSendException e503 = catchThrowableOfType(RetriableSendException.class, this::send);

    assertThat(e500.mayHaveBeenAccepted()).isTrue();
    assertThat(e500.httpStatus()).isEqualTo(500);
    assertThat(e503.mayHaveBeenAccepted()).isTrue();
    assertThat(e503.carrierCode()).isEmpty();
  }

  @Test
  void flags_a_connection_dropped_after_the_request_was_sent_as_possibly_accepted() throws Exception {
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());

    RetriableSendException e = catchThrowableOfType(RetriableSendException.class, this::send);

    assertThat(e.httpStatus()).isZero();
    assertThat(e.mayHaveBeenAccepted()).isTrue();
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getBodySize()).isPositive();
    assertThat(server.getRequestCount()).isEqualTo(1); // never repeated by the HTTP client
  }

  @Test
  void flags_an_answer_that_never_came_as_possibly_accepted() {
    server.enqueue(new MockResponse.Builder().code(201).headersDelay(5, TimeUnit.SECONDS).build());

    RetriableSendException e = catchThrowableOfType(RetriableSendException.class, this::send);

    assertThat(e.mayHaveBeenAccepted()).isTrue();
  }

  @Test
  void retries_a_failed_connection_as_never_sent() {
    String closedPort = server.url("/").toString();
    server.close();
    TwilioSmsGateway unreachable = TwilioSmsGateway.create(TwilioFixtures.config().apiBaseUrl(closedPort).build());

    RetriableSendException e = catchThrowableOfType(RetriableSendException.class,
        () -> unreachable.send(text("Hi")));

    assertThat(e.mayHaveBeenAccepted()).isFalse();
    assertThat(e.httpStatus()).isZero();
    unreachable.close();
  }

  @Test
  void flags_a_success_without_a_message_id_as_possibly_accepted() {
    server.enqueue(new MockResponse(201, Headers.of("Content-Type", "application/json"), "{\"status\":\"queued\"}"));

    RetriableSendException e = catchThrowableOfType(RetriableSendException.class, this::send);

    assertThat(e.mayHaveBeenAccepted()).isTrue();
  }

  private void send() {
    gateway.send(text("Hi"));
  }

  private static MockResponse error(int status, String resource) {
    return new MockResponse(status, Headers.of("Content-Type", "application/json", "Twilio-Request-Id", REQUEST_ID),
        TwilioFixtures.resource(resource));
  }
}
