package dev.textback.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which characters force UCS-2, what to use instead, and the smart-encoding preview. */
class SmsSegmentsLintTest {
  /** GSM 03.38 basic table, septets 0x00 to 0x7F without the escape at 0x1B. */
  private static final String BASIC_TABLE = "@£$¥èéùìòÇ\nØø\rÅå" + "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
      + " !\"#¤%&'()*+,-./" + "0123456789:;<=>?" + "¡ABCDEFGHIJKLMNO" + "PQRSTUVWXYZÄÖÑÜ§"
      + "¿abcdefghijklmno" + "pqrstuvwxyzäöñüà";
  private static final String EXTENSION_TABLE = "\f^{}\\[~]|€";

  @Test
  void sends_the_whole_basic_table_at_one_septet_each() {
    SegmentReport report = SmsSegments.analyze(BASIC_TABLE);

    assertThat(BASIC_TABLE).hasSize(127);
    assertThat(report.encoding()).isEqualTo(SmsEncoding.GSM_7);
    assertThat(report.units()).isEqualTo(127);
  }

  @Test
  void sends_the_extension_table_at_two_septets_each() {
    SegmentReport report = SmsSegments.analyze(EXTENSION_TABLE);

    assertThat(report.encoding()).isEqualTo(SmsEncoding.GSM_7);
    assertThat(report.units()).isEqualTo(20);
  }

  @ParameterizedTest
  @ValueSource(strings = {"`", "ç", "á", "í", "ó", "ú", "Á", "Í", "Ó", "Ú", "–", "—", "“", "”", "’", "…",
      "\u00a0", "\t", "\u001b", "\u2126", "😀"})
  void rejects_characters_people_assume_are_gsm7(String c) {
    assertThat(SmsSegments.isGsm7(c)).isFalse();
    assertThat(SmsSegments.isGsm7("Hi " + c + " there")).isFalse();
  }

  @Test
  void treats_empty_text_as_gsm7() {
    assertThat(SmsSegments.isGsm7("")).isTrue();
  }

  @Test
  void names_the_character_that_forced_ucs2() {
    assertThat(SmsSegments.analyze("más").nonGsmCharacters())
        .containsExactly(new NonGsmCharacter("á", 1, null));
  }

  @Test
  void lists_nothing_for_gsm7_text() {
    assertThat(SmsSegments.analyze("Sorry we missed you! Reply STOP to opt out. €5 off {today}")
        .nonGsmCharacters()).isEmpty();
  }

  @Test
  void reports_utf16_indexes_and_whole_code_points() {
    assertThat(SmsSegments.analyze("@😀–").nonGsmCharacters()).containsExactly(
        new NonGsmCharacter("😀", 1, null), new NonGsmCharacter("–", 3, "-"));
  }

  @Test
  void lists_every_occurrence() {
    assertThat(SmsSegments.analyze("“a” “b”").nonGsmCharacters()).extracting(NonGsmCharacter::index)
        .containsExactly(0, 2, 4, 6);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
      \u201C | "
      \u201D | "
      \u201E | "
      \u00AB | "
      \u00BB | "
      \u2018 | '
      \u2019 | '
      \u201A | '
      \u201B | '
      \u2039 | '
      \u203A | '
      \u00B4 | '
      \u0060 | '
      \u2010 | -
      \u2011 | -
      \u2013 | -
      \u2014 | -
      \u2015 | -
      \u2212 | -
      \u2022 | -
      \u2026 | ...
      """)
  void suggests_a_gsm7_look_alike_for_typographic_punctuation(String c, String replacement) {
    assertThat(SmsSegments.analyze("x" + c).nonGsmCharacters())
        .containsExactly(new NonGsmCharacter(c, 1, replacement));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\t", "\u00a0", "\u2000", "\u2001", "\u2002", "\u2003", "\u2007", "\u2009",
      "\u200a", "\u202f", "\u205f", "\u3000"})
  void suggests_a_single_space_for_other_spaces(String c) {
    assertThat(SmsSegments.analyze("a" + c + "b").nonGsmCharacters())
        .containsExactly(new NonGsmCharacter(c, 1, " "));
    assertThat(SmsSegments.smartEncode("a" + c + "b")).isEqualTo("a b");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u200b", "\u2060", "\ufeff"})
  void suggests_removing_zero_width_characters(String c) {
    assertThat(SmsSegments.analyze("a" + c + "b").nonGsmCharacters())
        .containsExactly(new NonGsmCharacter(c, 1, ""));
    assertThat(SmsSegments.smartEncode("a" + c + "b")).isEqualTo("ab");
  }

  @Test
  void suggests_nothing_for_emoji_and_accented_letters() {
    assertThat(SmsSegments.analyze("á😀∞").nonGsmCharacters())
        .extracting(NonGsmCharacter::replacement)
        .containsOnlyNulls();
  }

  @Test
  void smart_encodes_word_processor_punctuation_into_gsm7() {
    String encoded =
        SmsSegments.smartEncode("“Sorry we missed you” – we’re open 9\u00a0am…5\u00a0pm • call back");

    assertThat(encoded).isEqualTo("\"Sorry we missed you\" - we're open 9 am...5 pm - call back");
    assertThat(SmsSegments.isGsm7(encoded)).isTrue();
  }

  @Test
  void smart_encode_leaves_characters_without_a_look_alike() {
    assertThat(SmsSegments.smartEncode("Café ☕ “ok” ¿sí?")).isEqualTo("Café ☕ \"ok\" ¿sí?");
  }

  @Test
  void smart_encode_keeps_emoji_zwj_sequences_whole() {
    String rainbowFlag = "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08";

    assertThat(SmsSegments.smartEncode("Thanks " + rainbowFlag)).isEqualTo("Thanks " + rainbowFlag);
  }

  @Test
  void smart_encode_leaves_gsm7_text_unchanged() {
    String text = BASIC_TABLE + EXTENSION_TABLE;

    assertThat(SmsSegments.smartEncode(text)).isEqualTo(text);
  }

  @Test
  void smart_encode_turns_a_typical_template_into_one_gsm7_segment() {
    String template = "Hi, it’s Joe’s Plumbing — sorry we missed your call… Reply here or call back.";

    assertThat(SmsSegments.analyze(template).encoding()).isEqualTo(SmsEncoding.UCS_2);
    SegmentReport encoded = SmsSegments.analyze(SmsSegments.smartEncode(template));
    assertThat(encoded.encoding()).isEqualTo(SmsEncoding.GSM_7);
    assertThat(encoded.segments()).isEqualTo(1);
  }
}
