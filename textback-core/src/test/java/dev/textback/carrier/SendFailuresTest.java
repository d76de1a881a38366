package dev.textback.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.phone.CarrierId;
import dev.textback.message.PermanentFailureReason;
import dev.textback.spi.PermanentSendException;
import dev.textback.spi.RetriableSendException;
import dev.textback.spi.SendException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

/**
 * The mapping from an HTTP outcome to core's send exceptions, with a made-up carrier whose error body is
 * {@code code|message}: the skeleton is the kit's, only the table and the reader are the carrier's.
 */
class SendFailuresTest {
  private static final Instant NOW = Instant.parse("2026-10-21T07:27:00Z");
  private static final ErrorCodes CODES = ErrorCodes.builder()
      .retriable("busy")
      .retriableAfter(Duration.ofMinutes(10), "no-credit")
      .misconfigured("no-account")
      .permanent("stop", PermanentFailureReason.OPTED_OUT)
      .permanent("landline", PermanentFailureReason.NOT_MOBILE)
      .build();
  private final SendFailures failures = SendFailures.builder(CarrierId.of("acme"))
      .displayName("Acme")
      .codes(CODES)
      .errorBody(body -> {
        String[] parts = body.split("\\|", 2);
        if (parts.length != 2) return CarrierError.none();
        return new CarrierError(parts[0], parts[1], null);
      })
      .requestIdHeader("Acme-Request")
      .clock(Clock.fixed(NOW, ZoneOffset.UTC))
      .build();

  private SendException classify(int status, String body, String... headers) {
    return failures.classify(new HttpReply(status, body, Headers.of(headers)));
  }

  @Test
  void a_request_id_with_control_characters_is_escaped_before_it_is_logged_or_kept() {
    // OkHttp reads a response's headers leniently, control characters and all; its builder would refuse them here.
    Headers headers = okhttp3.internal.Internal.addHeaderLenient(new Headers.Builder(), "Acme-Request",
        "RQ1\u001b[31m forged").build();

    SendException e = failures.classify(new HttpReply(503, "", headers));

    assertThat(e.requestId()).contains("RQ1\\u001b[31m forged");
  }

  @Test
  void retries_a_rate_limit_as_never_sent_after_the_carriers_wait_in_either_form() {
    SendException seconds = classify(429, "", "Retry-After", "7");
    SendException date = classify(429, "", "Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT");

    assertThat(seconds).isInstanceOfSatisfying(RetriableSendException.class, e -> {
      assertThat(e.mayHaveBeenAccepted()).isFalse();
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    });
    assertThat(date).isInstanceOfSatisfying(RetriableSendException.class,
        e -> assertThat(e.retryAfter()).contains(Duration.ofMinutes(1)));
  }

  @Test
  void waits_as_long_as_the_table_says_for_a_code_that_takes_a_person_to_fix_unless_the_carrier_says() {
    SendException tableWait = classify(400, "no-credit|Insufficient credit");
    SendException carrierWait = classify(400, "no-credit|Insufficient credit", "Retry-After", "30");

    assertThat(tableWait).isInstanceOfSatisfying(RetriableSendException.class, e -> {
      assertThat(e.mayHaveBeenAccepted()).isFalse();
      assertThat(e.retryAfter()).contains(Duration.ofMinutes(10));
    });
    assertThat(carrierWait).isInstanceOfSatisfying(RetriableSendException.class,
        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(30)));
    assertThat(CODES.retryDelay("busy")).isEmpty();
    assertThat(CODES.isRetriable("no-credit")).isTrue();
  }

  @Test
  void retries_a_request_timeout_from_a_proxy_as_never_sent() {
    assertThat(classify(408, "<html>Request Timeout</html>")).isInstanceOfSatisfying(RetriableSendException.class,
        e -> assertThat(e.mayHaveBeenAccepted()).isFalse());
  }

  @Test
  void retries_a_code_the_carrier_calls_temporary_as_never_sent() {
    assertThat(classify(400, "busy|queue full")).isInstanceOfSatisfying(RetriableSendException.class,
        e -> assertThat(e.mayHaveBeenAccepted()).isFalse());
  }

  @Test
  void retries_a_server_error_but_flags_it_as_possibly_accepted() {
    assertThat(classify(500, "")).isInstanceOfSatisfying(RetriableSendException.class,
        e -> assertThat(e.mayHaveBeenAccepted()).isTrue());
    assertThat(classify(503, "<html>proxy</html>", "Retry-After", "30"))
        .isInstanceOfSatisfying(RetriableSendException.class, e -> {
          assertThat(e.mayHaveBeenAccepted()).isTrue();
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
        });
  }

  @Test
  void flags_a_server_error_as_possibly_accepted_even_when_its_body_names_a_retriable_code() {
    assertThat(classify(503, "busy|queue full", "Retry-After", "12"))
        .isInstanceOfSatisfying(RetriableSendException.class, e -> {
          assertThat(e.mayHaveBeenAccepted()).isTrue();
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
          assertThat(e.carrierCode()).contains("busy");
        });
  }

  @Test
  void keeps_the_text_when_the_url_or_account_is_wrong() {
    for (SendException e : new SendException[] {classify(301, ""), classify(404, "<html>Not Found</html>"),
        classify(404, "no-account|The account was not found")}) {
      assertThat(e).isInstanceOfSatisfying(RetriableSendException.class, r -> {
        assertThat(r.mayHaveBeenAccepted()).isFalse();
        assertThat(r.retryAfter()).isEmpty();
      });
    }
  }

  @Test
  void refuses_for_good_with_the_tables_reason_else_auth_else_other() {
    assertThat(classify(400, "stop|recipient unsubscribed")).isInstanceOfSatisfying(PermanentSendException.class,
        e -> assertThat(e.reason()).isEqualTo(PermanentFailureReason.OPTED_OUT));
    assertThat(classify(401, "Unauthorized")).isInstanceOfSatisfying(PermanentSendException.class,
        e -> assertThat(e.reason()).isEqualTo(PermanentFailureReason.AUTH));
    assertThat(classify(403, "")).isInstanceOfSatisfying(PermanentSendException.class,
        e -> assertThat(e.reason()).isEqualTo(PermanentFailureReason.AUTH));
    assertThat(classify(400, "x|something else")).isInstanceOfSatisfying(PermanentSendException.class,
        e -> assertThat(e.reason()).isEqualTo(PermanentFailureReason.OTHER));
  }

  @Test
  void says_carrier_status_code_and_request_id_and_masks_numbers_the_carrier_quoted() {
    SendException e = classify(400, "landline|The number +1 (201) 555-0123 is a landline", "Acme-Request", "RQ42");

    assertThat(e.getMessage()).isEqualTo("Acme refused the text: The number *** is a landline; carrier: acme;"
        + " status: 400; code: landline; request-id: RQ42; reason: NOT_MOBILE");
  }

  @Test
  void survives_a_reader_that_fails_on_a_body_that_is_not_the_carriers() {
    SendFailures strict = SendFailures.builder(CarrierId.of("acme")).codes(CODES)
        .errorBody(body -> {
          throw new IllegalArgumentException("not json");
        }).build();

    assertThat(strict.classify(new HttpReply(502, "<html>", Headers.of())))
        .isInstanceOfSatisfying(RetriableSendException.class, e -> assertThat(e.carrierCode()).isEmpty());
  }

  @Test
  void refuses_a_table_that_lists_a_code_twice() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ErrorCodes.builder().retriable("a")
        .permanent("a", PermanentFailureReason.BLOCKED)).isInstanceOf(IllegalArgumentException.class);
  }
}
