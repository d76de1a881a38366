package dev.textback.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.phone.PhoneNumber;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Window edges, windows across midnight, strict area codes and the business-zone fallback. All dates are
 * in June 2026: New York is UTC-4 (EDT), Boise UTC-6 (MDT), Los Angeles UTC-7 (PDT), London UTC+1 (BST).
 */
class QuietHoursWindowTest {
  private static final PhoneNumber NEW_YORK = PhoneNumber.of("+12125550123");
  private static final PhoneNumber MIAMI = PhoneNumber.of("+13055550123");
  private static final PhoneNumber TOLL_FREE = PhoneNumber.of("+18005550199");
  private static final ZoneId BUSINESS = ZoneId.of("America/Chicago");
  private final QuietHoursPolicy policy = QuietHoursPolicy.defaults();

  @Test
  void the_window_end_is_exclusive() {
    // 20:59 EDT = 00:59Z, 21:00 EDT = 01:00Z; next 08:00 EDT = 12:00Z
    assertThat(policy.check(NEW_YORK, BUSINESS, Instant.parse("2026-06-17T00:59:00Z")).open()).isTrue();
    QuietHoursCheck closed = policy.check(NEW_YORK, BUSINESS, Instant.parse("2026-06-17T01:00:00Z"));
    assertThat(closed.open()).isFalse();
    assertThat(closed.nextOpening()).isEqualTo(Instant.parse("2026-06-17T12:00:00Z"));
  }

  @Test
  void a_window_across_midnight_is_open_late_and_early() {
    QuietHoursPolicy night = QuietHoursPolicy.builder().window(LocalTime.of(22, 0), LocalTime.of(6, 0)).build();

    // 23:00 EDT and 05:59 EDT
    assertThat(night.check(NEW_YORK, BUSINESS, Instant.parse("2026-06-17T03:00:00Z")).open()).isTrue();
    assertThat(night.check(NEW_YORK, BUSINESS, Instant.parse("2026-06-17T09:59:00Z")).open()).isTrue();
    // 06:00 EDT and 12:00 EDT on 06-17 both wait for 22:00 EDT = 02:00Z on 06-18
    for (String at : new String[] {"2026-06-17T10:00:00Z", "2026-06-17T16:00:00Z"}) {
      QuietHoursCheck check = night.check(NEW_YORK, BUSINESS, Instant.parse(at));
      assertThat(check.open()).as(at).isFalse();
      assertThat(check.nextOpening()).as(at).isEqualTo(Instant.parse("2026-06-18T02:00:00Z"));
    }
  }

  @Test
  void equal_start_and_end_is_always_open() {
    QuietHoursPolicy always = QuietHoursPolicy.builder().window(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT).build();
    Instant threeAm = Instant.parse("2026-06-17T07:00:00Z");

    QuietHoursCheck check = always.check(NEW_YORK, BUSINESS, threeAm);

    assertThat(check.open()).isTrue();
    assertThat(check.nextOpening()).isEqualTo(threeAm);
  }

  @Test
  void a_florida_area_code_closes_at_eight_pm() {
    // 19:59 EDT = 23:59Z; 20:30 EDT = 00:30Z
    assertThat(policy.check(MIAMI, BUSINESS, Instant.parse("2026-06-16T23:59:00Z")).open()).isTrue();
    QuietHoursCheck late = policy.check(MIAMI, BUSINESS, Instant.parse("2026-06-17T00:30:00Z"));
    assertThat(late.open()).isFalse();
    assertThat(late.windowEnd()).isEqualTo(LocalTime.of(20, 0));
    assertThat(late.nextOpening()).isEqualTo(Instant.parse("2026-06-17T12:00:00Z"));
    // the same instant is fine for New York, same zone but not a strict area code
    assertThat(policy.check(NEW_YORK, BUSINESS, Instant.parse("2026-06-17T00:30:00Z")).open()).isTrue();
  }

  @Test
  void a_florida_caller_gets_texts_only_inside_both_the_business_window_and_the_states() {
    QuietHoursPolicy nineToFive = QuietHoursPolicy.builder().window(LocalTime.of(9, 0), LocalTime.of(17, 0)).build();

    // 08:30 EDT = 12:30Z: the state allows it, the business does not; it opens at 09:00 EDT = 13:00Z
    QuietHoursCheck early = nineToFive.check(MIAMI, BUSINESS, Instant.parse("2026-06-17T12:30:00Z"));
    assertThat(early.open()).isFalse();
    assertThat(early.nextOpening()).isEqualTo(Instant.parse("2026-06-17T13:00:00Z"));
    assertThat(early.windowStart()).isEqualTo(LocalTime.of(9, 0));
    assertThat(early.windowEnd()).isEqualTo(LocalTime.of(17, 0));
    // 19:00 EDT = 23:00Z: closed until 09:00 EDT the next day = 13:00Z
    QuietHoursCheck evening = nineToFive.check(MIAMI, BUSINESS, Instant.parse("2026-06-17T23:00:00Z"));
    assertThat(evening.open()).isFalse();
    assertThat(evening.nextOpening()).isEqualTo(Instant.parse("2026-06-18T13:00:00Z"));
    // 12:00 EDT = 16:00Z: open in both
    assertThat(nineToFive.check(MIAMI, BUSINESS, Instant.parse("2026-06-17T16:00:00Z")).open()).isTrue();
  }

  @Test
  void a_business_window_across_midnight_is_narrowed_to_where_it_meets_the_states() {
    // 18:00-10:00 meets 08:00-20:00 in 08:00-10:00 and 18:00-20:00 (EDT)
    QuietHoursPolicy overnight = QuietHoursPolicy.builder().window(LocalTime.of(18, 0), LocalTime.of(10, 0)).build();

    // 10:30 EDT = 14:30Z: next 18:00 EDT = 22:00Z
    assertThat(overnight.check(MIAMI, BUSINESS, Instant.parse("2026-06-17T14:30:00Z")).nextOpening())
        .isEqualTo(Instant.parse("2026-06-17T22:00:00Z"));
    // 20:30 EDT = 00:30Z: next 08:00 EDT = 12:00Z
    assertThat(overnight.check(MIAMI, BUSINESS, Instant.parse("2026-06-18T00:30:00Z")).nextOpening())
        .isEqualTo(Instant.parse("2026-06-18T12:00:00Z"));
  }

  @Test
  void a_business_window_that_never_meets_the_states_never_opens_for_its_callers() {
    QuietHoursPolicy late = QuietHoursPolicy.builder().window(LocalTime.of(20, 30), LocalTime.of(23, 0)).build();
    Instant at = Instant.parse("2026-06-18T01:00:00Z"); // 21:00 EDT: inside the business's hours, not the state's

    QuietHoursCheck check = late.check(MIAMI, BUSINESS, at);

    assertThat(check.open()).isFalse();
    // Past any maximum deferral, so a deferred text is dropped rather than sent at an hour nobody allowed.
    assertThat(check.nextOpening()).isAfter(at.plus(java.time.Duration.ofDays(7)));
    // New York is not a strict area code: the business's own window holds.
    assertThat(late.check(NEW_YORK, BUSINESS, at).open()).isTrue();
  }

  @Test
  void strict_area_codes_and_window_are_configurable() {
    QuietHoursPolicy custom = QuietHoursPolicy.builder()
        .strictWindow(Set.of("212"), LocalTime.of(9, 0), LocalTime.of(20, 0)).build();

    // 08:30 EDT = 12:30Z; 09:00 EDT = 13:00Z
    QuietHoursCheck ny = custom.check(NEW_YORK, BUSINESS, Instant.parse("2026-06-17T12:30:00Z"));
    assertThat(ny.open()).isFalse();
    assertThat(ny.nextOpening()).isEqualTo(Instant.parse("2026-06-17T13:00:00Z"));
    assertThat(custom.check(MIAMI, BUSINESS, Instant.parse("2026-06-17T12:30:00Z")).open()).isTrue();
  }

  @Test
  void a_toll_free_caller_is_checked_in_the_business_zone() {
    ZoneId london = ZoneId.of("Europe/London");

    // 07:00 BST = 06:00Z: closed until 08:00 BST = 07:00Z
    QuietHoursCheck early = policy.check(TOLL_FREE, london, Instant.parse("2026-06-17T06:00:00Z"));
    assertThat(early.zones()).containsExactly(london);
    assertThat(early.open()).isFalse();
    assertThat(early.nextOpening()).isEqualTo(Instant.parse("2026-06-17T07:00:00Z"));
    // 13:00 BST is 02:00 in Honolulu: open only because the NANP zones are not used
    assertThat(policy.check(TOLL_FREE, london, Instant.parse("2026-06-17T12:00:00Z")).open()).isTrue();
  }
}
