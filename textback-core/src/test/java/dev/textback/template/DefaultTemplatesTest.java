package dev.textback.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultTemplatesTest {
  /** The GSM 03.38 basic character set (3GPP TS 23.038), without the escape-table characters. */
  private static final String GSM_BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

  /** 35 characters: the length the defaults promise to fit in one segment. */
  private static final String LONG_NAME = "Northside Plumbing and Heating, LLC";

  private static final MessageTemplates DEFAULTS = MessageTemplates.defaults();

  private static TemplateValues values(String nextOpen) {
    return TemplateValues.builder()
        .put("business", LONG_NAME)
        .put("caller_name", "Alexandra")
        .put("call_time", "12:00 PM")
        .put("next_open", nextOpen)
        .build();
  }

  @Test
  void the_long_name_is_as_long_as_promised() {
    assertThat(LONG_NAME).hasSize(35);
  }

  @Test
  void every_default_renders_to_one_gsm_segment_for_a_35_character_name() {
    for (Template t : DEFAULTS.all()) {
      for (String nextOpen : new String[] {"Wednesday 10:30 AM", null}) {
        String text = t.render(values(nextOpen));
        assertThat(text.length()).as("%s: %s", t.name(), text).isLessThanOrEqualTo(160);
      }
    }
  }

  @Test
  void every_default_uses_only_basic_gsm_characters() {
    for (Template t : DEFAULTS.all()) {
      String text = t.render(values("Wednesday 10:30 AM"));
      for (char c : text.toCharArray()) {
        assertThat(GSM_BASIC.indexOf(c)).as("%s: '%s' (U+%04X)", t.name(), c, (int) c).isNotNegative();
      }
    }
  }

  @Test
  void the_whitelist_rejects_the_usual_suspects() {
    for (char c : "’“”–—…`áíóúç\t\u00a0{}".toCharArray()) {
      assertThat(GSM_BASIC.indexOf(c)).as("U+%04X", (int) c).isNegative();
    }
  }

  @Test
  void every_default_names_the_business_first_and_says_how_to_opt_out() {
    for (Template t : DEFAULTS.all()) {
      String text = t.render(values(null));
      assertThat(text.indexOf(LONG_NAME)).as(t.name()).isBetween(0, 12);
      assertThat(text).as(t.name()).contains("STOP");
    }
  }

  @Test
  void the_english_default_reads_as_documented() {
    String text = DEFAULTS.select(Situation.DEFAULT, List.of()).render(
        TemplateValues.builder().put("business", "Acme Plumbing").build());
    assertThat(text).isEqualTo("Hi, this is Acme Plumbing. Sorry we missed your call! "
        + "Reply here and we'll get right back to you. Reply STOP to opt out.");
  }

  @Test
  void after_hours_reads_well_with_and_without_the_opening_time() {
    Template afterHours = DEFAULTS.select(Situation.AFTER_HOURS, List.of("en"));
    assertThat(afterHours.render(values("Monday 8:00 AM"))).contains("when we open Monday 8:00 AM.");
    assertThat(afterHours.render(values(null))).contains("when we open again.");
  }

  @Test
  void covers_every_missed_call_situation_in_english_and_the_default_in_spanish() {
    assertThat(DEFAULTS.defaultLanguage()).isEqualTo("en");
    for (Situation s : List.of(Situation.DEFAULT, Situation.AFTER_HOURS, Situation.VOICEMAIL_LEFT, Situation.BUSY)) {
      assertThat(DEFAULTS.find(s, "en")).as(s.name()).isPresent();
    }
    assertThat(DEFAULTS.select(Situation.DEFAULT, List.of("es-MX")).language()).isEqualTo("es");
  }
}
