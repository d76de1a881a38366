package dev.textback.plivo;

import static dev.textback.plivo.PlivoSmsGatewayTest.text;
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

/** 400, 401, 403, 404, 429, 5xx and network failures, each mapped to the exception core's retry policy needs. */
class PlivoSmsGatewayFailureTest {
  private final MockWebServer server = new MockWebServer();
  private PlivoSmsGateway gateway;

  @BeforeEach
  void start() throws Exception {
    server.start();
    gateway = PlivoSmsGateway.create(PlivoFixtures.config().apiBaseUrl(server.url("/").toString())
        .readTimeout(Duration.ofMillis(300)).build());
  }

  @AfterEach
  void stop() {
    gateway.close();
    server.close();
  }

  @Test
  void refuses_an_invalid_number_for_good_without_logging_it() {
    server.enqueue(error(400, "error-invalid-number.json"));

    PermanentSendException e = catchThrowableOfType(PermanentSendException.class, this::send);

    assertThat(e.reason()).isEqualTo(PermanentFailureReason.INVALID_NUMBER);
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.carrierCode()).contains("50");
    assertThat(e.carrier()).contains("plivo");
    assertThat(e.getMessage()).contains("is not a valid phone number", "df5d4304-66af-11eb-91d8-0242ac110004")
        .doesNotContain("2015550123");
  }

  @Test
  void refuses_rejected_credentials_and_a_barred_destination_for_good() {
    server.enqueue(error(401, "error-authentication.json"));
    server.enqueue(new MockResponse(403, Headers.of("Content-Type", "application/json"),
        "{\"api_id\":\"c25a6f7e-8192-11f0-9ecf-0242ac110004\",\"error\":\"destination country is not allowed\"}"));

    PermanentSendException unauthorized = catchThrowableOfType(PermanentSendException.class, this::send);
    PermanentSendException forbidden = catchThrowableOfType(PermanentSendException.class, this::send);

    assertThat(unauthorized.reason()).isEqualTo(PermanentFailureReason.AUTH);
    assertThat(unauthorized.httpStatus()).isEqualTo(401);
    assertThat(unauthorized.carrierCode()).contains("authentication_failed");
    assertThat(forbidden.httpStatus()).isEqualTo(403);
    // Plivo answers 403 on Send Message for a destination its geo permissions bar (plivo-java maps it to
    // GeoPermissionException): blocked, not a credentials problem.
    assertThat(forbidden.reason()).isEqualTo(PermanentFailureReason.BLOCKED);
    assertThat(forbidden.carrierCode()).contains(PlivoErrorClassifier.GEO_PERMISSION);
    assertThat(forbidden.getMessage()).contains("destination country is not allowed");
  }

  @Test
  void reads_a_403_without_a_body_as_a_barred_destination_too() {
    server.enqueue(new MockResponse(403, Headers.of(), ""));

    PermanentSendException forbidden = catchThrowableOfType(PermanentSendException.class, this::send);

    assertThat(forbidden.reason()).isEqualTo(PermanentFailureReason.BLOCKED);
    assertThat(forbidden.httpStatus()).isEqualTo(403);
  }

  @Test
  void keeps_the_text_when_the_account_in_the_url_is_not_found() {
    server.enqueue(new MockResponse(404, Headers.of("Content-Type", "application/json"),
        "{\"api_id\":\"d36b7080-92a3-11f0-8fd0-0242ac110004\",\"error\":\"not found\"}"));

    RetriableSendException e = catchThrowableOfType(RetriableSendException.class, this::send);

    assertThat(e.mayHaveBeenAccepted()).isFalse();
    assertThat(e.httpStatus()).isEqualTo(404);
  }

  @Test
  void retries_a_rate_limited_request_after_plivos_retry_after_or_the_engines_backoff() {
    server.enqueue(new MockResponse(429, Headers.of("Content-Type", "application/json", "Retry-After", "7"),
        PlivoFixtures.resource("error-rate-limited.json")));
    server.enqueue(error(429, "error-rate-limited.json"));

    RetriableSendException withHeader = catchThrowableOfType(RetriableSendException.class, this::send);
    RetriableSendException without = catchThrowableOfType(RetriableSendException.class, this::send);

    assertThat(withHeader.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(withHeader.mayHaveBeenAccepted()).isFalse();
    assertThat(without.retryAfter()).isEmpty();
    assertThat(without.carrierCode()).contains("rate_limit_exceeded");
  }

  @Test
  void waits_a_quarter_of_an_hour_when_the_account_is_out_of_credit() {
    server.enqueue(error(400, "error-no-credit.json"));

    RetriableSendException e = catchThrowableOfType(RetriableSendException.class, this::send);

    assertThat(e.carrierCode()).contains("900");
    assertThat(e.mayHaveBeenAccepted()).isFalse();
    assertThat(e.retryAfter()).contains(Duration.ofMinutes(15));
  }

  @Test
  void retries_a_server_error_but_flags_that_the_text_may_have_gone_out() {
    server.enqueue(error(500, "error-server.json"));
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
    server.enqueue(new MockResponse.Builder().code(202).headersDelay(5, TimeUnit.SECONDS).build());

    RetriableSendException e = catchThrowableOfType(RetriableSendException.class, this::send);

    assertThat(e.mayHaveBeenAccepted()).isTrue();
  }

  @Test
  void retries_a_failed_connection_as_never_sent() {
    String closedPort = server.url("/").toString();
    server.close();
    PlivoSmsGateway unreachable = PlivoSmsGateway.create(PlivoFixtures.config().apiBaseUrl(closedPort).build());

    RetriableSendException e = catchThrowableOfType(RetriableSendException.class, () -> unreachable.send(text("Hi")));

    assertThat(e.mayHaveBeenAccepted()).isFalse();
    assertThat(e.httpStatus()).isZero();
    unreachable.close();
  }

  @Test
  void flags_a_success_without_a_message_uuid_as_possibly_accepted() {
    server.enqueue(new MockResponse(202, Headers.of("Content-Type", "application/json"),
        "{\"api_id\":\"x\",\"message\":\"message(s) queued\",\"message_uuid\":[]}"));

    RetriableSendException e = catchThrowableOfType(RetriableSendException.class, this::send);

    assertThat(e.mayHaveBeenAccepted()).isTrue();
  }

  private void send() {
    gateway.send(text("Hi"));
  }

  private static MockResponse error(int status, String resource) {
    return new MockResponse(status, Headers.of("Content-Type", "application/json"), PlivoFixtures.resource(resource));
  }
}
