package dev.textback.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Retry-After as RFC 9110 §10.2.3 defines it: delay-seconds or an HTTP-date. */
class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-10-21T07:27:00Z");

  @Test
  void reads_a_number_of_seconds() {
    assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofMinutes(2));
    assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
  }

  @Test
  void reads_an_http_date_as_the_time_left_until_it() {
    // RFC 9110's own example date form, one minute after NOW
    assertThat(RetryAfter.parse("Wed, 21 Oct 2026 07:28:00 GMT", NOW)).contains(Duration.ofMinutes(1));
  }

  @Test
  void reads_a_date_already_past_as_no_wait() {
    assertThat(RetryAfter.parse("Wed, 21 Oct 2026 07:00:00 GMT", NOW)).contains(Duration.ZERO);
  }

  @Test
  void reads_a_wait_longer_than_a_day_as_a_day_so_the_retry_can_be_scheduled() {
    // Found by RetryAfterProperties: NOW plus Long.MAX_VALUE seconds overflows; a year-9999 date is past what
    // a store keeps. A day is the documented ceiling.
    assertThat(RetryAfter.parse("9223372036854775807", NOW)).contains(Duration.ofDays(1));
    assertThat(RetryAfter.parse("253402300800", NOW)).contains(Duration.ofDays(1));
    assertThat(RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", NOW)).contains(Duration.ofDays(1));
    assertThat(RetryAfter.parse("86400", NOW)).contains(Duration.ofDays(1));
    assertThat(RetryAfter.parse("86399", NOW)).contains(Duration.ofSeconds(86_399));
  }

  @Test
  void ignores_what_is_neither() {
    assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    assertThat(RetryAfter.parse("", NOW)).isEmpty();
    assertThat(RetryAfter.parse("-1", NOW)).isEmpty();
    assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
    assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isEmpty();
  }
}
