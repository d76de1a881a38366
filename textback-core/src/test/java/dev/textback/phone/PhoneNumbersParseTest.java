package dev.textback.phone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.phone.CallerId.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Caller-ID classification. Expected types are libphonenumber 9.0.23's published metadata, as probed in the
 * compliance notes (§4.3); the withheld spellings are the carriers' keypad placeholders (§4.5).
 */
class PhoneNumbersParseTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "anonymous", "Anonymous", "ANONYMOUS", " anonymous ", "restricted",
      "RESTRICTED", "unknown", "Unknown", "private", "unavailable", "blocked", "Withheld"})
  void withheld_words_and_empty_values_are_anonymous(String raw) {
    CallerId id = PhoneNumbers.parse(raw, "US");

    assertThat(id.kind()).isEqualTo(Kind.ANONYMOUS);
    assertThat(id.number()).isNull();
    assertThat(id.lineType()).isEqualTo(LineType.UNKNOWN);
    assertThat(id.detail()).isNotBlank();
  }

  @Test
  void null_is_treated_as_empty() {
    CallerId id = PhoneNumbers.parse(null, "US");

    assertThat(id.kind()).isEqualTo(Kind.ANONYMOUS);
    assertThat(id.raw()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"+266696687", "+7378742833", "+7378742883", "+86282452253",
      "+2562533", "+8656696", "+12562533", "266696687"})
  void keypad_placeholders_are_anonymous(String raw) {
    CallerId id = PhoneNumbers.parse(raw, "US");

    assertThat(id.kind()).isEqualTo(Kind.ANONYMOUS);
    assertThat(id.detail()).doesNotContain(raw.replace("+", ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"+17378742833", "+17378742883", "7378742833"})
  void a_keypad_spelling_that_is_also_a_real_number_is_that_number(String raw) {
    // +1 737 is Austin, Texas: RESTRICTED spelled after +1, or as ten national digits, is a caller's number there.
    // Twilio's placeholder is +7378742833, country code 7, which no numbering plan holds.
    assertThat(PhoneNumbers.parse(raw, "US").kind()).isEqualTo(Kind.VALID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"22395", "123", "898211", "898-211", "911"})
  void three_to_six_digits_without_plus_are_short_codes(String raw) {
    assertThat(PhoneNumbers.parse(raw, "US").kind()).isEqualTo(Kind.SHORT_CODE);
  }

  @ParameterizedTest
  @CsvSource({
      "+15555550123, no numbering plan",
      "+1415555267, too short",
      "+141555526712, too long",
      "hello, not a phone number",
      "12, too short"})
  void unusable_numbers_are_invalid_with_a_reason(String raw, String reason) {
    CallerId id = PhoneNumbers.parse(raw, "US");

    assertThat(id.kind()).isEqualTo(Kind.INVALID);
    assertThat(id.number()).isNull();
    assertThat(id.detail()).contains(reason);
  }

  @Test
  void a_national_number_without_a_default_region_is_invalid_not_an_exception() {
    CallerId id = PhoneNumbers.parse("(415) 555-2671", null);

    assertThat(id.kind()).isEqualTo(Kind.INVALID);
    assertThat(id.detail()).contains("country code");
  }

  @Test
  void an_unknown_default_region_is_invalid_not_an_exception() {
    assertThat(PhoneNumbers.parse("(415) 555-2671", "XX").kind()).isEqualTo(Kind.INVALID);
  }

  @ParameterizedTest
  @CsvSource({
      "+14155552671,  US, +14155552671,  FIXED_LINE_OR_MOBILE",
      "(415) 555-2671, US, +14155552671, FIXED_LINE_OR_MOBILE",
      "415.555.2671,  US, +14155552671,  FIXED_LINE_OR_MOBILE",
      "+1 415 555 2671, GB, +14155552671, FIXED_LINE_OR_MOBILE",
      "+18005550199,  US, +18005550199,  TOLL_FREE",
      "+19005550199,  US, +19005550199,  PREMIUM_RATE",
      "+15005550006,  US, +15005550006,  PERSONAL_NUMBER",
      "+447911123456, US, +447911123456, MOBILE",
      "07911 123456,  GB, +447911123456, MOBILE",
      "+442079460000, US, +442079460000, FIXED_LINE"})
  void valid_numbers_are_normalised_to_e164_with_their_line_type(String raw, String region, String e164,
      LineType type) {
    CallerId id = PhoneNumbers.parse(raw, region);

    assertThat(id.kind()).isEqualTo(Kind.VALID);
    assertThat(id.number()).isEqualTo(PhoneNumber.of(e164));
    assertThat(id.lineType()).isEqualTo(type);
    assertThat(id.raw()).isEqualTo(raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {"+14155552671", "+15555550123", "+1415555267", "+18005550199"})
  void detail_never_holds_the_full_number(String raw) {
    assertThat(PhoneNumbers.parse(raw, "US").detail()).doesNotContain(raw.substring(1));
  }
}
