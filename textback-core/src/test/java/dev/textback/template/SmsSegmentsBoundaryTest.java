package dev.textback.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

/** Where segments break: hand-derived cases around 153 septets and 67 units. */
class SmsSegmentsBoundaryTest {
  private static final String ITALY = "\uD83C\uDDEE\uD83C\uDDF9";
  private static final String RAINBOW_FLAG = "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08";

  @Test
  void treats_empty_text_as_one_empty_gsm7_segment() {
    SegmentReport report = SmsSegments.analyze("");

    assertThat(report.encoding()).isEqualTo(SmsEncoding.GSM_7);
    assertThat(report.segments()).isEqualTo(1);
    assertThat(report.units()).isZero();
    assertThat(report.parts()).containsExactly("");
    assertThat(report.nonGsmCharacters()).isEmpty();
  }

  @Test
  void moves_an_escape_pair_that_would_straddle_septets_153_and_154() {
    // 152 septets, then the euro sign needs septets 153 and 154: it opens the second segment.
    SegmentReport report = SmsSegments.analyze("a".repeat(152) + "€" + "b".repeat(7));

    assertThat(report.units()).isEqualTo(161);
    assertThat(report.parts()).containsExactly("a".repeat(152), "€" + "b".repeat(7));
  }

  @Test
  void keeps_an_escape_pair_that_ends_exactly_at_septet_153() {
    SegmentReport report = SmsSegments.analyze("a".repeat(151) + "€" + "b".repeat(8));

    assertThat(report.units()).isEqualTo(161);
    assertThat(report.parts()).containsExactly("a".repeat(151) + "€", "b".repeat(8));
  }

  @Test
  void fits_an_extension_character_in_the_last_two_of_160_septets() {
    assertThat(SmsSegments.analyze("a".repeat(158) + "€").segments()).isEqualTo(1);

    SegmentReport over = SmsSegments.analyze("a".repeat(159) + "€");
    assertThat(over.units()).isEqualTo(161);
    assertThat(over.parts()).containsExactly("a".repeat(153), "a".repeat(6) + "€");
  }

  @Test
  void packs_76_braces_into_a_segment_because_the_77th_would_need_septet_154() {
    SegmentReport report = SmsSegments.analyze("{".repeat(80) + "a");

    assertThat(report.units()).isEqualTo(161);
    assertThat(report.parts()).containsExactly("{".repeat(76), "{".repeat(4) + "a");
  }

  @Test
  void needs_a_third_segment_only_past_306_septets() {
    assertThat(SmsSegments.analyze("a".repeat(306)).parts())
        .containsExactly("a".repeat(153), "a".repeat(153));
    assertThat(SmsSegments.analyze("a".repeat(307)).segments()).isEqualTo(3);
  }

  @Test
  void moves_a_surrogate_pair_that_would_straddle_units_67_and_68() {
    SegmentReport report = SmsSegments.analyze("a".repeat(66) + "😀" + "b".repeat(5));

    assertThat(report.units()).isEqualTo(73);
    assertThat(report.parts()).containsExactly("a".repeat(66), "😀" + "b".repeat(5));
  }

  @Test
  void keeps_a_surrogate_pair_that_ends_exactly_at_unit_67() {
    SegmentReport report = SmsSegments.analyze("a".repeat(65) + "😀" + "b".repeat(10));

    assertThat(report.units()).isEqualTo(77);
    assertThat(report.parts()).containsExactly("a".repeat(65) + "😀", "b".repeat(10));
  }

  @Test
  void leaves_a_66_unit_first_part_before_an_astral_character() {
    SegmentReport report = SmsSegments.analyze("☃".repeat(66) + "🐳" + "☃".repeat(3));

    assertThat(report.units()).isEqualTo(71);
    assertThat(report.parts()).containsExactly("☃".repeat(66), "🐳" + "☃".repeat(3));
  }

  @Test
  void never_splits_a_flag_between_its_two_regional_indicators() {
    assertThat(SmsSegments.analyze("a".repeat(65) + ITALY + "b").segments()).isEqualTo(1);

    // 65 + 2 would still fit the first regional indicator, but the flag is one grapheme of 4 units.
    SegmentReport report = SmsSegments.analyze("a".repeat(65) + ITALY + "bb");
    assertThat(report.units()).isEqualTo(71);
    assertThat(report.parts()).containsExactly("a".repeat(65), ITALY + "bb");
  }

  @Test
  void never_splits_a_zwj_sequence() {
    SegmentReport report = SmsSegments.analyze("a".repeat(63) + RAINBOW_FLAG + "b".repeat(5));

    assertThat(report.units()).isEqualTo(74);
    assertThat(report.parts()).containsExactly("a".repeat(63), RAINBOW_FLAG + "b".repeat(5));
  }

  @Test
  void never_splits_a_letter_from_its_combining_marks() {
    String accented = "e\u0301\u0301\u0301";

    SegmentReport report = SmsSegments.analyze("a".repeat(65) + accented + "a".repeat(10));

    assertThat(report.units()).isEqualTo(79);
    assertThat(report.parts()).containsExactly("a".repeat(65), accented + "a".repeat(10));
  }

  @Test
  void splits_a_grapheme_longer_than_a_segment_between_code_points() {
    SegmentReport report = SmsSegments.analyze("e" + "\u0301".repeat(100));

    assertThat(report.units()).isEqualTo(101);
    assertThat(report.parts()).containsExactly("e" + "\u0301".repeat(66), "\u0301".repeat(34));
  }

  @Test
  void may_split_cr_from_lf_like_the_calculator() {
    SegmentReport gsm = SmsSegments.analyze("a".repeat(152) + "\r\n" + "b".repeat(10));
    SegmentReport ucs2 = SmsSegments.analyze("✓" + "a".repeat(65) + "\r\n" + "b".repeat(10));

    assertThat(gsm.parts()).containsExactly("a".repeat(152) + "\r", "\n" + "b".repeat(10));
    assertThat(ucs2.parts()).containsExactly("✓" + "a".repeat(65) + "\r", "\n" + "b".repeat(10));
  }

  @Test
  void costs_extension_characters_one_unit_once_one_character_forces_ucs2() {
    SegmentReport gsm = SmsSegments.analyze("{".repeat(100));
    SegmentReport ucs2 = SmsSegments.analyze("{".repeat(100) + "–");

    assertThat(gsm.encoding()).isEqualTo(SmsEncoding.GSM_7);
    assertThat(gsm.units()).isEqualTo(200);
    assertThat(gsm.parts()).containsExactly("{".repeat(76), "{".repeat(24));
    assertThat(ucs2.encoding()).isEqualTo(SmsEncoding.UCS_2);
    assertThat(ucs2.units()).isEqualTo(101);
    assertThat(ucs2.parts()).containsExactly("{".repeat(67), "{".repeat(33) + "–");
  }

  @Test
  void analyses_an_unpaired_surrogate_as_one_ucs2_unit() {
    SegmentReport report = SmsSegments.analyze("\uD83Dabc");

    assertThat(report.encoding()).isEqualTo(SmsEncoding.UCS_2);
    assertThat(report.units()).isEqualTo(4);
    assertThat(report.nonGsmCharacters()).containsExactly(new NonGsmCharacter("\uD83D", 0, null));
  }

  @Test
  void accepts_any_char_sequence() {
    assertThat(SmsSegments.analyze(new StringBuilder("Hi {name}")).units()).isEqualTo(11);
  }

  @Test
  void rejects_null() {
    assertThatNullPointerException().isThrownBy(() -> SmsSegments.analyze(null));
    assertThatNullPointerException().isThrownBy(() -> SmsSegments.isGsm7(null));
    assertThatNullPointerException().isThrownBy(() -> SmsSegments.smartEncode(null));
  }
}
