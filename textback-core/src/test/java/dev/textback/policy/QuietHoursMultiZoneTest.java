package dev.textback.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.phone.PhoneNumber;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * A number whose prefix spans two zones (+1 208: America/Boise and America/Los_Angeles) may only be texted
 * when the window is open in both. June 2026: Boise UTC-6 (MDT), Los Angeles UTC-7 (PDT).
 */
class QuietHoursMultiZoneTest {
  private static final PhoneNumber IDAHO = PhoneNumber.of("+12085551234");
  private static final ZoneId BUSINESS = ZoneId.of("America/New_York");
  private final QuietHoursPolicy policy = QuietHoursPolicy.defaults();

  @Test
  void checks_both_zones() {
    QuietHoursCheck check = policy.check(IDAHO, BUSINESS, Instant.parse("2026-06-17T18:00:00Z"));

    assertThat(check.zones()).containsExactlyInAnyOrder(ZoneId.of("America/Boise"), ZoneId.of("America/Los_Angeles"));
    assertThat(check.open()).isTrue();
  }

  @Test
  void waits_for_eight_in_the_later_zone() {
    // 08:30 MDT = 07:30 PDT = 14:30Z; 08:00 PDT = 15:00Z
    QuietHoursCheck check = policy.check(IDAHO, BUSINESS, Instant.parse("2026-06-17T14:30:00Z"));

    assertThat(check.open()).isFalse();
    assertThat(check.nextOpening()).isEqualTo(Instant.parse("2026-06-17T15:00:00Z"));
    assertThat(policy.check(IDAHO, BUSINESS, Instant.parse("2026-06-17T15:00:00Z")).open()).isTrue();
  }

  @Test
  void closes_at_nine_in_the_earlier_zone() {
    // 20:59 MDT = 02:59Z open; 21:00 MDT = 20:00 PDT = 03:00Z closed until 08:00 PDT = 15:00Z
    assertThat(policy.check(IDAHO, BUSINESS, Instant.parse("2026-06-18T02:59:00Z")).open()).isTrue();
    QuietHoursCheck check = policy.check(IDAHO, BUSINESS, Instant.parse("2026-06-18T03:00:00Z"));
    assertThat(check.open()).isFalse();
    assertThat(check.nextOpening()).isEqualTo(Instant.parse("2026-06-18T15:00:00Z"));
  }

  @Test
  void a_window_too_narrow_to_be_open_in_both_zones_falls_back_to_the_business_zone() {
    // 08:00-08:30 never overlaps across a one-hour difference; New York 07:00 EDT = 11:00Z, opens 12:00Z
    QuietHoursPolicy narrow = QuietHoursPolicy.builder().window(LocalTime.of(8, 0), LocalTime.of(8, 30)).build();

    QuietHoursCheck check = narrow.check(IDAHO, BUSINESS, Instant.parse("2026-06-17T11:00:00Z"));

    assertThat(check.zones()).containsExactly(BUSINESS);
    assertThat(check.nextOpening()).isEqualTo(Instant.parse("2026-06-17T12:00:00Z"));
  }
}
