package dev.textback.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageTemplatesSituationTest {
  private static final MessageTemplates TEMPLATES = MessageTemplates.builder("en")
      .add(Situation.DEFAULT, "en", "en default")
      .add(Situation.AFTER_HOURS, "en", "en after hours")
      .add(Situation.BUSY, "en", "en busy")
      .add(Situation.DEFAULT, "es", "es default")
      .add(Situation.AFTER_HOURS, "es", "es after hours")
      .add(Situation.VOICEMAIL_LEFT, "fr", "fr voicemail")
      .build();

  private static String select(Situation situation, String... preferred) {
    return TEMPLATES.select(situation, List.of(preferred)).text();
  }

  @Test
  void picks_the_situation_variant_in_the_chosen_language() {
    assertThat(select(Situation.AFTER_HOURS, "es-MX")).isEqualTo("es after hours");
    assertThat(select(Situation.BUSY, "en")).isEqualTo("en busy");
  }

  @Test
  void falls_back_to_the_language_default_when_the_variant_is_missing() {
    assertThat(select(Situation.VOICEMAIL_LEFT, "en")).isEqualTo("en default");
    assertThat(select(Situation.OPEN)).isEqualTo("en default");
  }

  @Test
  void keeps_the_caller_language_over_a_better_matching_situation() {
    assertThat(select(Situation.BUSY, "es")).isEqualTo("es default");
  }

  @Test
  void moves_on_when_a_language_has_neither_the_variant_nor_a_default() {
    assertThat(select(Situation.VOICEMAIL_LEFT, "fr")).isEqualTo("fr voicemail");
    assertThat(select(Situation.BUSY, "fr", "es")).isEqualTo("es default");
    assertThat(select(Situation.AFTER_HOURS, "fr")).isEqualTo("en after hours");
  }
}
