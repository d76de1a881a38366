package dev.textback.phone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link PhoneNumber#mask} hides the middle of anything that may be a number, and keeps log lines whole. */
class PhoneNumberMaskTest {
  @Test
  void a_number_keeps_its_first_five_and_last_four_characters() {
    assertThat(PhoneNumber.mask("+15551234567")).isEqualTo("+1555***4567");
    assertThat(PhoneNumber.mask("+447")).isEqualTo("***");
    assertThat(PhoneNumber.mask("+4479")).isEqualTo("+4***");
    assertThat(PhoneNumber.mask(null)).isEqualTo("null");
  }

  @Test
  void a_short_number_still_hides_a_third_of_its_digits() {
    // +500 51234, a Falklands number of nine characters, and a caller ID of ten national digits
    assertThat(PhoneNumber.mask("+50051234")).isEqualTo("+50***234");
    assertThat(PhoneNumber.mask("5551234567")).isEqualTo("555***567");
    assertThat(PhoneNumber.mask("+4420794601")).isEqualTo("+44***601");
  }

  @Test
  void control_characters_among_the_kept_ones_become_question_marks() {
    // A caller ID is whatever the carrier sent; a line break in it would start a forged log line.
    assertThat(PhoneNumber.mask("x\n[main] INFO dev.textback.Forged - \nFORGED")).isEqualTo("x?[ma***RGED");
    assertThat(PhoneNumber.mask("\r\n1234")).isEqualTo("??***");
    assertThat(PhoneNumber.mask("+1555123\u2028\u0000234")).isEqualTo("+1555***?234");
    assertThat(PhoneNumber.mask("+1555\t\u2029 1234")).as("hidden in the middle").isEqualTo("+1555***1234");
  }
}
