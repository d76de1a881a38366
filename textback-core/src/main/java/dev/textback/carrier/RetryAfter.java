package dev.textback.carrier;

import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): a number of seconds or an HTTP date. */
public final class RetryAfter {
  /**
   * The longest wait read from a header. No carrier means more for a text, and the retry time the dispatcher
   * computes from it must fit in a timestamp a store can keep ({@code Retry-After: 9223372036854775807} does not).
   */
  public static final Duration MAX_WAIT = Duration.ofDays(1);

  private RetryAfter() {}

  /**
   * The wait a {@code Retry-After} value asks for, measured from {@code now} for the date form; a date in
   * the past is a wait of zero, and a wait longer than {@link #MAX_WAIT} is read as {@code MAX_WAIT}. Empty when
   * the header is absent or unreadable.
   */
  public static Optional<Duration> parse(@Nullable String header, Instant now) {
    if (header == null || header.isBlank()) return Optional.empty();
    String v = header.trim();
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(atMostMaxWait(Duration.ofSeconds(Long.parseLong(v))));
      } catch (NumberFormatException tooLong) {
        return Optional.empty();
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(at.isAfter(now) ? atMostMaxWait(Duration.between(now, at)) : Duration.ZERO);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Duration atMostMaxWait(Duration wait) {
    return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
  }
}
