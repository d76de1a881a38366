package dev.textback.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Time zones, regions, {@code require} and masking. Zones are the compliance notes' probe results (§4.3). */
class PhoneNumbersLookupTest {

  @Test
  void a_single_zone_area_code_maps_to_its_zone() {
    assertThat(PhoneNumbers.timeZones(PhoneNumber.of("+14155552671")))
        .containsExactly(ZoneId.of("America/Los_Angeles"));
  }

  @Test
  void idaho_area_code_208_maps_to_two_zones() {
    assertThat(PhoneNumbers.timeZones(PhoneNumber.of("+12085551234")))
        .containsExactlyInAnyOrder(ZoneId.of("America/Boise"), ZoneId.of("America/Los_Angeles"));
  }

  @Test
  void an_area_code_split_by_exchange_maps_by_exchange() {
    assertThat(PhoneNumbers.timeZones(PhoneNumber.of("+18505551234"))).containsExactly(ZoneId.of("America/New_York"));
    assertThat(PhoneNumbers.timeZones(PhoneNumber.of("+18504321234"))).containsExactly(ZoneId.of("America/Chicago"));
  }

  @Test
  void toll_free_premium_and_personal_numbers_map_to_no_zone() {
    assertThat(PhoneNumbers.timeZones(PhoneNumber.of("+18005550199"))).isEmpty();
    assertThat(PhoneNumbers.timeZones(PhoneNumber.of("+19005550199"))).isEmpty();
    assertThat(PhoneNumbers.timeZones(PhoneNumber.of("+15005550006"))).isEmpty();
  }

  @Test
  void an_invalid_number_maps_to_no_zone() {
    assertThat(PhoneNumbers.timeZones(PhoneNumber.of("+15555550123"))).isEmpty();
    assertThat(PhoneNumbers.timeZones(PhoneNumber.of("+266696687"))).isEmpty();
  }

  @Test
  void a_uk_mobile_maps_to_its_country_zones() {
    assertThat(PhoneNumbers.timeZones(PhoneNumber.of("+447911123456"))).contains(ZoneId.of("Europe/London"));
  }

  @Test
  void region_is_the_iso_code_of_the_number() {
    assertThat(PhoneNumbers.region(PhoneNumber.of("+14155552671"))).contains("US");
    assertThat(PhoneNumbers.region(PhoneNumber.of("+16045550123"))).contains("CA");
    assertThat(PhoneNumbers.region(PhoneNumber.of("+442079460000"))).contains("GB");
    assertThat(PhoneNumbers.region(PhoneNumber.of("+15555550123"))).isEmpty();
  }

  @Test
  void nanp_area_code_is_the_three_digits_after_plus_one() {
    assertThat(PhoneNumbers.nanpAreaCode(PhoneNumber.of("+13055550123"))).contains("305");
    assertThat(PhoneNumbers.nanpAreaCode(PhoneNumber.of("+442079460000"))).isEmpty();
  }

  @Test
  void require_returns_the_e164_number_of_a_national_form() {
    assertThat(PhoneNumbers.require("(415) 555-2671", "US")).isEqualTo(PhoneNumber.of("+14155552671"));
  }

  @Test
  void require_names_the_masked_value_and_the_reason() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> PhoneNumbers.require("+15555550123", "US"))
        .withMessageContaining("+1555***0123")
        .withMessageContaining("no numbering plan")
        .withMessageNotContaining("+15555550123");
  }

  @Test
  void require_rejects_withheld_and_short_codes() {
    assertThatIllegalArgumentException().isThrownBy(() -> PhoneNumbers.require("anonymous", "US"))
        .withMessageContaining("ANONYMOUS");
    assertThatIllegalArgumentException().isThrownBy(() -> PhoneNumbers.require("22395", "US"))
        .withMessageContaining("SHORT_CODE");
    assertThatIllegalArgumentException().isThrownBy(() -> PhoneNumbers.require(null, "US"));
  }

  @Test
  void caller_id_and_number_mask_the_middle_digits_in_to_string() {
    CallerId id = PhoneNumbers.parse("+14155552671", "US");

    assertThat(id.number().toString()).isEqualTo("+1415***2671");
    assertThat(id.toString()).isEqualTo("CallerId[VALID +1415***2671, FIXED_LINE_OR_MOBILE]");
    assertThat(PhoneNumbers.parse("+15555550123", "US").toString()).isEqualTo("CallerId[INVALID, UNKNOWN]");
  }
}
