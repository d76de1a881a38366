package dev.textback.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.phone.PhoneNumber;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * Quiet hours across the 2026 US clock changes: 2026-03-08 02:00 EST (07:00Z) becomes 03:00 EDT, and
 * 2026-11-01 02:00 EDT (06:00Z) becomes 01:00 EST. Expected instants are worked out by hand from those
 * offsets (EST = UTC-5, EDT = UTC-4).
 */
class QuietHoursDstTest {
  private static final PhoneNumber NEW_YORK = PhoneNumber.of("+12125550123");
  private static final ZoneId BUSINESS = ZoneId.of("America/Chicago");
  private final QuietHoursPolicy policy = QuietHoursPolicy.defaults();

  @Test
  void defers_an_early_call_on_spring_forward_day_to_eight_edt() {
    // 07:30 EDT = 11:30Z; 08:00 EDT = 12:00Z
    QuietHoursCheck check = policy.check(NEW_YORK, BUSINESS, Instant.parse("2026-03-08T11:30:00Z"));

    assertThat(check.open()).isFalse();
    assertThat(check.nextOpening()).isEqualTo(Instant.parse("2026-03-08T12:00:00Z"));
    assertThat(check.zones()).containsExactly(ZoneId.of("America/New_York"));
    assertThat(check.windowStart()).isEqualTo(LocalTime.of(8, 0));
    assertThat(check.windowEnd()).isEqualTo(LocalTime.of(21, 0));
  }

  @Test
  void a_late_call_before_spring_forward_opens_at_eight_edt_not_nine_hours_thirty_later() {
    // 22:30 EST on 03-07 = 03:30Z on 03-08; the night is an hour short, so 08:00 EDT = 12:00Z
    QuietHoursCheck check = policy.check(NEW_YORK, BUSINESS, Instant.parse("2026-03-08T03:30:00Z"));

    assertThat(check.open()).isFalse();
    assertThat(check.nextOpening()).isEqualTo(Instant.parse("2026-03-08T12:00:00Z"));
  }

  @Test
  void defers_an_early_call_on_fall_back_day_to_eight_est() {
    // 07:30 EST = 12:30Z; 08:00 EST = 13:00Z
    QuietHoursCheck check = policy.check(NEW_YORK, BUSINESS, Instant.parse("2026-11-01T12:30:00Z"));

    assertThat(check.open()).isFalse();
    assertThat(check.nextOpening()).isEqualTo(Instant.parse("2026-11-01T13:00:00Z"));
  }

  @Test
  void a_late_call_before_fall_back_opens_at_eight_est() {
    // 22:30 EDT on 10-31 = 02:30Z on 11-01; the night is an hour long, so 08:00 EST = 13:00Z
    QuietHoursCheck check = policy.check(NEW_YORK, BUSINESS, Instant.parse("2026-11-01T02:30:00Z"));

    assertThat(check.nextOpening()).isEqualTo(Instant.parse("2026-11-01T13:00:00Z"));
  }

  @Test
  void is_open_from_the_first_instant_of_the_window() {
    Instant eightEdt = Instant.parse("2026-03-08T12:00:00Z");

    QuietHoursCheck check = policy.check(NEW_YORK, BUSINESS, eightEdt);

    assertThat(check.open()).isTrue();
    assertThat(check.nextOpening()).isEqualTo(eightEdt);
  }

  @Test
  void a_window_starting_inside_the_spring_gap_opens_when_the_clock_jumps() {
    // 02:30 does not exist on 2026-03-08 in New York; at 07:00Z the clock reads 03:00, already past 02:30.
    QuietHoursPolicy earlyBird = QuietHoursPolicy.builder().window(LocalTime.of(2, 30), LocalTime.of(5, 0)).build();

    QuietHoursCheck check = earlyBird.check(NEW_YORK, BUSINESS, Instant.parse("2026-03-08T06:45:00Z"));

    assertThat(check.open()).isFalse();
    assertThat(check.nextOpening()).isEqualTo(Instant.parse("2026-03-08T07:00:00Z"));
  }

  @Test
  void a_window_start_repeated_by_fall_back_opens_again_at_its_second_occurrence() {
    // 01:40 EDT (05:40Z) is open; at 06:00Z the clock falls back to 01:00 EST, before 01:30, so closed
    // until 01:30 EST = 06:30Z.
    QuietHoursPolicy nightOwl = QuietHoursPolicy.builder().window(LocalTime.of(1, 30), LocalTime.of(21, 0)).build();

    assertThat(nightOwl.check(NEW_YORK, BUSINESS, Instant.parse("2026-11-01T05:40:00Z")).open()).isTrue();
    QuietHoursCheck check = nightOwl.check(NEW_YORK, BUSINESS, Instant.parse("2026-11-01T06:10:00Z"));
    assertThat(check.open()).isFalse();
    assertThat(check.nextOpening()).isEqualTo(Instant.parse("2026-11-01T06:30:00Z"));
  }
}
