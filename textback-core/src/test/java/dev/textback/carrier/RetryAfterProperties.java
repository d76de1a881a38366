package dev.textback.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link RetryAfter#parse} on whatever a carrier or a proxy in front of it puts in {@code Retry-After}: a wait the
 * dispatcher can schedule, or nothing, never an exception. Expected waits come from RFC 9110 §10.2.3 and dates
 * written here by hand in the IMF-fixdate form.
 */
class RetryAfterProperties {
  private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  private static final String[] MONTHS =
      {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  /** The dispatcher schedules a retry at now plus the wait and stores it; SQL timestamps end with year 9999. */
  private static final Instant LATEST_STORABLE = Instant.parse("9999-12-31T23:59:59Z");
  /** The ceiling {@link RetryAfter} documents. */
  private static final Duration DAY = Duration.ofDays(1);

  @Property(tries = 10_000)
  void reads_any_header_as_a_wait_that_can_be_scheduled_or_as_nothing(@ForAll("headers") String header,
      @ForAll("nows") Instant now) {
    Optional<Duration> wait = RetryAfter.parse(header, now);

    wait.ifPresent(w -> {
      assertThat(w.isNegative()).as("negative wait %s", w).isFalse();
      assertThat(now.plus(w)).isBeforeOrEqualTo(LATEST_STORABLE);
    });
  }

  @Property(tries = 10_000)
  void reads_delay_seconds(@ForAll("seconds") long seconds, @ForAll("padding") String before,
      @ForAll("padding") String after, @ForAll("nows") Instant now) {
    Optional<Duration> wait = RetryAfter.parse(before + seconds + after, now);

    assertThat(wait).contains(seconds > DAY.toSeconds() ? DAY : Duration.ofSeconds(seconds));
  }

  @Property(tries = 10_000)
  void reads_an_http_date_as_the_time_until_it(@ForAll("nows") Instant now,
      @ForAll("offsets") long offsetSeconds) {
    Instant at = now.plusSeconds(offsetSeconds);

    Optional<Duration> wait = RetryAfter.parse(httpDate(at), now);

    Duration expected = !at.isAfter(now) ? Duration.ZERO : at.isAfter(now.plus(DAY)) ? DAY : Duration.between(now, at);
    assertThat(wait).contains(expected);
  }

  /** IMF-fixdate, RFC 9110 §5.6.7: {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
  static String httpDate(Instant t) {
    ZonedDateTime z = t.atZone(ZoneOffset.UTC);
    return String.format(Locale.ROOT, "%s, %02d %s %04d %02d:%02d:%02d GMT", DAYS[z.getDayOfWeek().getValue() - 1],
        z.getDayOfMonth(), MONTHS[z.getMonthValue() - 1], z.getYear(), z.getHour(), z.getMinute(), z.getSecond());
  }

  // Generators

  @Provide
  Arbitrary<Instant> nows() {
    return Arbitraries.longs().between(Instant.parse("2000-01-01T00:00:00Z").getEpochSecond(),
        Instant.parse("2100-01-01T00:00:00Z").getEpochSecond()).map(Instant::ofEpochSecond);
  }

  @Provide
  Arbitrary<Long> seconds() {
    return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.longs().between(0, 86_400)),
        Tuple.of(1, Arbitraries.longs().between(0, Long.MAX_VALUE)));
  }

  @Provide
  Arbitrary<Long> offsets() {
    long tenYears = Duration.ofDays(3653).toSeconds();
    return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.longs().between(-3_600, 86_400)),
        Tuple.of(1, Arbitraries.longs().between(-tenYears, tenYears)));
  }

  @Provide
  Arbitrary<String> padding() {
    return Arbitraries.of("", "", "", " ", "\t", "  ");
  }

  /** Seconds, dates and their pieces, garbage, huge numbers, far-away dates, digits of other scripts. */
  @Provide
  Arbitrary<String> headers() {
    Arbitrary<String> pieces = Arbitraries.of("0", "1", "9", "120", " ", ",", ":", "-", "+", "GMT", "UTC", "Mon",
        "Wed, ", "Feb", "Oct", "31", "29", "2026", "99999", "07:28:00", "\u0663", "\uff11", "\u0000", "\r\n", "x")
        .list().ofMaxSize(8).map(l -> String.join("", l));
    Arbitrary<String> bigNumbers = Arbitraries.of("9223372036854775807", "9223372036854775808",
        "99999999999999999999999", "31536000000", "253402300800", "1000000000000000", "00000000000000000000001");
    Arbitrary<String> dates = Arbitraries.of("Wed, 21 Oct 2026 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
        "Mon, 01 Jan 0001 00:00:00 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "Sun, 06 Nov 1994 08:49:37 GMT",
        "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "Wed, 31 Feb 2026 07:28:00 GMT",
        "Wed, 21 Oct 2026 07:28:00 +0200", "Tue, 21 Oct 2026 07:28:00 GMT", "21 Oct 2026 07:28:00 GMT");
    return Arbitraries.frequencyOf(Tuple.of(6, pieces), Tuple.of(1, bigNumbers), Tuple.of(2, dates),
        Tuple.of(1, Arbitraries.strings().ofMaxLength(30)));
  }
}
