package dev.textback.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Published vectors from Twilio's message-segment-calculator test suite. Its "messageSize" is in bits
 * without headers, so our units are messageSize / 7 for GSM-7 and messageSize / 16 for UCS-2.
 */
class SmsSegmentsCalculatorVectorsTest {
  private static final String RAINBOW_FLAG = "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      GSM-7 in one segment    | 1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890 | GSM_7 | 1 | 160
      GSM-7 in two segments   | 12345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901 | GSM_7 | 2 | 161
      GSM-7 in three segments | 1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567 | GSM_7 | 3 | 307
      UCS-2 in one segment    | 😜23456789012345678901234567890123456789012345678901234567890123456789 | UCS_2 | 1 | 70
      UCS-2 in two segments   | 😜234567890123456789012345678901234567890123456789012345678901234567890 | UCS_2 | 2 | 71
      UCS-2 in three segments | 😜2345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234 | UCS_2 | 3 | 135
      flag in one segment     | 🇮🇹234567890123456789012345678901234567890123456789012345678901234567 | UCS_2 | 1 | 70
      flag in two segments    | 🇮🇹2345678901234567890123456789012345678901234567890123456789012345678 | UCS_2 | 2 | 71
      """)
  void counts_segments_and_units_like_the_calculator(String name, String text, SmsEncoding encoding,
      int segments, int units) {
    SegmentReport report = SmsSegments.analyze(text);

    assertThat(report.encoding()).isEqualTo(encoding);
    assertThat(report.segments()).isEqualTo(segments);
    assertThat(report.units()).isEqualTo(units);
    assertThat(report.parts()).hasSize(segments);
  }

  @Test
  void counts_a_zwj_flag_as_six_units_in_one_or_two_segments() {
    SegmentReport one = SmsSegments.analyze(
        RAINBOW_FLAG + "2345678901234567890123456789012345678901234567890123456789012345");
    SegmentReport two = SmsSegments.analyze(
        RAINBOW_FLAG + "23456789012345678901234567890123456789012345678901234567890123456");

    assertThat(one.encoding()).isEqualTo(SmsEncoding.UCS_2);
    assertThat(one.segments()).isEqualTo(1);
    assertThat(one.units()).isEqualTo(70);
    assertThat(two.segments()).isEqualTo(2);
    assertThat(two.units()).isEqualTo(71);
    // 6 + 61 digits = 67 units, then the last four digits.
    assertThat(two.parts()).containsExactly(
        RAINBOW_FLAG + "2345678901234567890123456789012345678901234567890123456789012", "3456");
  }

  @Test
  void puts_the_last_character_alone_in_the_third_segment() {
    String gsm = "1234567890".repeat(30) + "1234567";
    String ucs2 = "😜" + "234567890" + "1234567890".repeat(12) + "1234";

    assertThat(SmsSegments.analyze(gsm).parts()).containsExactly(
        "1234567890".repeat(15) + "123", "4567890" + "1234567890".repeat(14) + "123456", "7");
    assertThat(SmsSegments.analyze(ucs2).parts()).containsExactly(
        "😜" + "234567890" + "1234567890".repeat(5) + "123456",
        "7890" + "1234567890".repeat(6) + "123", "4");
  }

  @Test
  void splits_161_letters_into_153_and_8() {
    assertThat(SmsSegments.analyze("A".repeat(161)).parts())
        .containsExactly("A".repeat(153), "A".repeat(8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"|", "^", "€", "{", "}", "[", "]", "~", "\\"})
  void counts_an_extension_character_as_two_septets(String c) {
    SegmentReport fits = SmsSegments.analyze(c + "1234567890".repeat(15) + "12345678");
    SegmentReport spills = SmsSegments.analyze(c + "1234567890".repeat(15) + "123456789");

    assertThat(fits.encoding()).isEqualTo(SmsEncoding.GSM_7);
    assertThat(fits.segments()).isEqualTo(1);
    assertThat(fits.units()).isEqualTo(160);
    assertThat(spills.encoding()).isEqualTo(SmsEncoding.GSM_7);
    assertThat(spills.segments()).isEqualTo(2);
    assertThat(spills.units()).isEqualTo(161);
    assertThat(spills.parts()).containsExactly(c + "1234567890".repeat(15) + "1", "23456789");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Á", "Ú", "ú", "ç", "í", "Í", "ó", "Ó"})
  void sends_accents_outside_the_alphabet_as_ucs2_with_70_to_a_segment(String c) {
    SegmentReport seventy = SmsSegments.analyze(c.repeat(70));
    SegmentReport seventyOne = SmsSegments.analyze(c.repeat(71));

    assertThat(SmsSegments.isGsm7(c)).isFalse();
    assertThat(seventy.encoding()).isEqualTo(SmsEncoding.UCS_2);
    assertThat(seventy.segments()).isEqualTo(1);
    assertThat(seventyOne.segments()).isEqualTo(2);
    assertThat(seventyOne.parts()).containsExactly(c.repeat(67), c.repeat(4));
  }

  @Test
  void counts_an_extension_character_as_one_unit_in_ucs2() {
    SegmentReport fits = SmsSegments.analyze("😀" + "]".repeat(68));
    SegmentReport spills = SmsSegments.analyze("😀" + "]".repeat(69));

    assertThat(fits.encoding()).isEqualTo(SmsEncoding.UCS_2);
    assertThat(fits.segments()).isEqualTo(1);
    assertThat(fits.units()).isEqualTo(70);
    assertThat(spills.segments()).isEqualTo(2);
    assertThat(spills.units()).isEqualTo(71);
    assertThat(spills.parts()).containsExactly("😀" + "]".repeat(65), "]".repeat(4));
  }

  @Test
  void counts_each_combining_mark_as_a_unit() {
    String accented = "e\u0301\u0301\u0301";

    SegmentReport fits = SmsSegments.analyze(accented + "a".repeat(66));
    SegmentReport spills = SmsSegments.analyze(accented + "a".repeat(67));

    assertThat(fits.encoding()).isEqualTo(SmsEncoding.UCS_2);
    assertThat(fits.segments()).isEqualTo(1);
    assertThat(fits.units()).isEqualTo(70);
    assertThat(spills.segments()).isEqualTo(2);
    assertThat(spills.units()).isEqualTo(71);
  }

  @Test
  void counts_line_breaks_one_septet_each() {
    assertThat(SmsSegments.analyze("\rabcde\r\n123").units()).isEqualTo(11);
    assertThat(SmsSegments.analyze("\nabcde\n\n123\n").units()).isEqualTo(12);
  }

  @Test
  void keeps_issue_57_text_in_one_ucs2_segment() {
    SegmentReport report =
        SmsSegments.analyze("||||||||||||||||||||||||{||||||||||||||||||||||||||||∞||||||||||^|||||");

    assertThat(report.encoding()).isEqualTo(SmsEncoding.UCS_2);
    assertThat(report.units()).isEqualTo(70);
    assertThat(report.segments()).isEqualTo(1);
    // 24 bars, '{', 28 bars, then the infinity sign.
    assertThat(report.nonGsmCharacters()).containsExactly(new NonGsmCharacter("∞", 53, null));
  }

  @Test
  void keeps_lower_case_e_acute_in_gsm7() {
    String text = "Hi I am john, this is my message in MY sms format é, this should generate to 2 segments"
        + " and be formatted in UCS-2";

    SegmentReport report = SmsSegments.analyze(text);

    assertThat(report.encoding()).isEqualTo(SmsEncoding.GSM_7);
    assertThat(report.segments()).isEqualTo(1);
    assertThat(report.units()).isEqualTo(113);
  }

  @Test
  void splits_152_gsm_characters_and_one_unicode_character_into_three() {
    SegmentReport report = SmsSegments.analyze("a".repeat(152) + "✓");

    assertThat(report.encoding()).isEqualTo(SmsEncoding.UCS_2);
    assertThat(report.units()).isEqualTo(153);
    assertThat(report.segments()).isEqualTo(3);
    assertThat(report.parts()).containsExactly("a".repeat(67), "a".repeat(67), "a".repeat(18) + "✓");
  }
}
