package dev.textback.test;

import static dev.textback.test.CarrierAdapterContract.BUSINESS_NUMBER;
import static dev.textback.test.CarrierAdapterContract.CALLER;
import static dev.textback.test.CarrierAdapterContract.READ_TIMEOUT;
import static dev.textback.test.CarrierAdapterContract.kitId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.textback.message.PermanentFailureReason;
import dev.textback.spi.PermanentSendException;
import dev.textback.spi.RetriableSendException;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import dev.textback.spi.SmsGateway;
import dev.textback.test.CarrierAdapterContract.Refusal;
import dev.textback.test.CarrierAdapterContract.SentText;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

/**
 * One send, one attempt, one request: the carrier's answers become a receipt or the exception core's retry
 * policy needs, and {@link RetriableSendException#mayHaveBeenAccepted()} is true exactly when the request may
 * have reached the carrier (a 5xx, an answer lost after the request was sent) and false when it cannot have
 * (a 429, a connection refused).
 */
abstract class SendContract extends CarrierContractGroup {
  private static final String TEXT = "Sorry we missed your call at Harbor Plumbing. Reply here & we'll call back.";
  /** Short, for the test where the answer never comes; the others use the kit's generous timeout. */
  private static final Duration SHORT_READ_TIMEOUT = Duration.ofMillis(500);
  /** Far longer than {@link #SHORT_READ_TIMEOUT}. */
  private static final long ANSWER_DELAY_SECONDS = 5;
  private static final Duration RETRY_AFTER = Duration.ofSeconds(7);

  @Test
  void sends_one_request_from_the_business_number_to_the_caller_and_returns_the_carriers_message_id() {
    String messageId = acceptNextSend();

    SendReceipt receipt = gateway().send(text());

    assertThat(receipt.messageId()).as("the carrier's message id").isEqualTo(messageId);
    SentText sent = onlySentText();
    assertThat(sent.from()).isEqualTo(BUSINESS_NUMBER);
    assertThat(sent.to()).isEqualTo(CALLER);
    assertThat(sent.body()).isEqualTo(TEXT);
  }

  @Test
  void refuses_an_invalid_number_for_good_with_the_carriers_code() {
    api().enqueue(refusal(Refusal.INVALID_NUMBER));

    PermanentSendException e = catchThrowableOfType(PermanentSendException.class, this::sendText);

    assertThat(e.reason()).isEqualTo(PermanentFailureReason.INVALID_NUMBER);
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.carrierCode()).as("the carrier's error code, read from its error body").isPresent();
    assertThat(e.carrier()).contains(main().carrier().id().name());
    assertThat(apiRequests()).hasSize(1);
  }

  @Test
  void refuses_rejected_credentials_for_good() {
    api().enqueue(refusal(Refusal.UNAUTHORIZED));

    PermanentSendException e = catchThrowableOfType(PermanentSendException.class, this::sendText);

    assertThat(e.reason()).isEqualTo(PermanentFailureReason.AUTH);
    assertThat(e.httpStatus()).isEqualTo(401);
    assertThat(apiRequests()).hasSize(1);
  }

  @Test
  void retries_a_rate_limited_send_after_the_carriers_retry_after_knowing_it_was_not_sent() {
    api().enqueue(refusal(Refusal.RATE_LIMITED).newBuilder()
        .removeHeader("Retry-After")
        .addHeader("Retry-After", Long.toString(RETRY_AFTER.toSeconds()))
        .build());

    RetriableSendException e = catchThrowableOfType(RetriableSendException.class, this::sendText);

    assertThat(e.mayHaveBeenAccepted()).isFalse();
    assertThat(e.retryAfter()).contains(RETRY_AFTER);
    assertThat(e.httpStatus()).isEqualTo(429);
    assertThat(apiRequests()).hasSize(1);
  }

  @Test
  void retries_a_server_error_flagged_as_possibly_accepted() {
    api().enqueue(refusal(Refusal.SERVER_ERROR));

    RetriableSendException e = catchThrowableOfType(RetriableSendException.class, this::sendText);

    assertThat(e.mayHaveBeenAccepted()).isTrue();
    assertThat(e.httpStatus()).isEqualTo(500);
    assertThat(apiRequests()).as("requests, never repeated by the HTTP client").hasSize(1);
  }

  @Test
  void retries_an_answer_that_never_came_flagged_as_possibly_accepted() throws Exception {
    SmsGateway slow = contract().extraCarrier(api().url("/").toString(), SHORT_READ_TIMEOUT).gateway();
    api().enqueue(contract().accepted(kitId("lost answer")).newBuilder().headersDelay(ANSWER_DELAY_SECONDS, TimeUnit.SECONDS).build());

    RetriableSendException e = catchThrowableOfType(RetriableSendException.class, () -> slow.send(text()));

    assertThat(e.mayHaveBeenAccepted()).isTrue();
    assertThat(e.httpStatus()).as("no answer, no status").isZero();
    assertThat(apiRequests()).as("requests, never repeated by the HTTP client").singleElement()
        .satisfies(r -> assertThat(r.getBodySize()).isPositive());
  }

  @Test
  void retries_a_connection_dropped_after_the_request_was_sent_flagged_as_possibly_accepted() {
    api().enqueue(contract().accepted(kitId("dropped")).newBuilder().onResponseStart(new SocketEffect.CloseSocket()).build());

    RetriableSendException e = catchThrowableOfType(RetriableSendException.class, this::sendText);

    assertThat(e.mayHaveBeenAccepted()).isTrue();
    assertThat(e.httpStatus()).isZero();
    assertThat(apiRequests()).as("requests, never repeated by the HTTP client").singleElement()
        .satisfies(r -> assertThat(r.getBodySize()).isPositive());
  }

  @Test
  void retries_a_refused_connection_knowing_it_was_not_sent() throws Exception {
    MockWebServer gone = new MockWebServer();
    gone.start();
    String closedPort = gone.url("/").toString();
    gone.close();
    SmsGateway unreachable = contract().extraCarrier(closedPort, READ_TIMEOUT).gateway();

    RetriableSendException e = catchThrowableOfType(RetriableSendException.class, () -> unreachable.send(text()));

    assertThat(e.mayHaveBeenAccepted()).isFalse();
    assertThat(e.httpStatus()).isZero();
  }

  private SmsGateway gateway() {
    return main().carrier().gateway();
  }

  private void sendText() {
    gateway().send(text());
  }

  private static SendRequest text() {
    return new SendRequest(BUSINESS_NUMBER, CALLER, TEXT, "ob-contract-1");
  }

  /** The adapter's refusal, checked to carry the status the test is about. */
  private MockResponse refusal(Refusal refusal) {
    MockResponse response = contract().refused(refusal);
    assertThat(response.getCode()).as("status of refused(%s)", refusal).isEqualTo(refusal.status());
    return response;
  }
}
