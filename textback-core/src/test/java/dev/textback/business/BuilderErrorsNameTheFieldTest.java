package dev.textback.business;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.TextBack;
import dev.textback.policy.QuietHoursPolicy;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

/** A Java builder's error names the field to change, as the server's config loader does with its paths. */
class BuilderErrorsNameTheFieldTest {
  private static BusinessProfile.Builder summit() {
    return BusinessProfile.builder().id("summit").displayName("Summit Heating").number("+13035550100");
  }

  @Test
  void a_bad_business_number_names_number() {
    assertThatThrownBy(() -> summit().number("555-CALL-NOW"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("number: ");
  }

  @Test
  void a_bad_owner_phone_names_owner_phone() {
    assertThatThrownBy(() -> summit().ownerPhone("12"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("ownerPhone: ");
  }

  @Test
  void a_bad_ignored_caller_names_ignore() {
    assertThatThrownBy(() -> summit().ignore("+13035550101", "nobody"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("ignore: ");
  }

  @Test
  void a_help_text_with_a_typo_names_the_business_and_help_text() {
    assertThatThrownBy(() -> summit().helpText("{busines}: call us. Reply STOP to opt out.").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("business summit: helpText: unknown placeholder {busines} (did you mean {business}?)");
  }

  @Test
  void a_closing_time_before_opening_names_the_day() {
    assertThatThrownBy(() -> OpeningHours.builder().open(DayOfWeek.TUESDAY, LocalTime.of(17, 0), LocalTime.of(8, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TUESDAY: close 08:00 is not after open 17:00");
  }

  @Test
  void overlapping_ranges_name_the_day_and_both_ranges() {
    OpeningHours.Builder hours = OpeningHours.builder()
        .open(DayOfWeek.MONDAY, LocalTime.of(11, 0), LocalTime.of(17, 0))
        .open(DayOfWeek.MONDAY, LocalTime.of(8, 0), LocalTime.of(12, 0));

    assertThatThrownBy(hours::build).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("MONDAY: ranges 08:00-12:00 and 11:00-17:00 overlap");
  }

  @Test
  void engine_settings_name_the_builder_method() {
    assertThatThrownBy(() -> TextBack.builder().sendConcurrency(0))
        .hasMessage("sendConcurrency: must be at least 1, was 0");
    assertThatThrownBy(() -> TextBack.builder().routingConcurrency(0))
        .hasMessage("routingConcurrency: must be at least 1, was 0");
    assertThatThrownBy(() -> TextBack.builder().automaticMessagesPerHour(-1))
        .hasMessage("automaticMessagesPerHour: must not be negative, was -1");
    assertThatThrownBy(() -> QuietHoursPolicy.builder().maxDeferral(Duration.ofHours(-1)))
        .hasMessage("maxDeferral: must not be negative, was PT-1H");
  }
}
