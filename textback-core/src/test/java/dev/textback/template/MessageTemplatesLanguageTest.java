package dev.textback.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageTemplatesLanguageTest {
  private static final MessageTemplates TEMPLATES = MessageTemplates.builder("en")
      .add(Situation.DEFAULT, "en", "en default")
      .add(Situation.AFTER_HOURS, "en", "en after hours")
      .add(Situation.DEFAULT, "es", "es default")
      .add(Situation.DEFAULT, "fr", "fr default")
      .add(Situation.DEFAULT, "zh", "zh default")
      .build();

  private static String select(Situation situation, String... preferred) {
    return TEMPLATES.select(situation, List.of(preferred)).text();
  }

  @Test
  void falls_back_from_a_regional_tag_to_its_language() {
    assertThat(select(Situation.DEFAULT, "es-MX")).isEqualTo("es default");
    assertThat(select(Situation.DEFAULT, "zh-Hant-TW")).isEqualTo("zh default");
  }

  @Test
  void prefers_the_regional_variant_when_it_exists() {
    MessageTemplates templates = MessageTemplates.builder("en")
        .add(Situation.DEFAULT, "en", "en default")
        .add(Situation.DEFAULT, "es", "es default")
        .add(Situation.DEFAULT, "es-MX", "es-MX default")
        .build();
    assertThat(templates.select(Situation.DEFAULT, List.of("es-MX")).text()).isEqualTo("es-MX default");
    assertThat(templates.select(Situation.DEFAULT, List.of("es-AR")).text()).isEqualTo("es default");
  }

  @Test
  void falls_back_to_the_default_language_when_no_preference_has_templates() {
    assertThat(select(Situation.DEFAULT, "de-AT", "ja")).isEqualTo("en default");
    assertThat(select(Situation.DEFAULT)).isEqualTo("en default");
  }

  @Test
  void tries_preferences_in_order() {
    assertThat(select(Situation.DEFAULT, "fr-CA", "es-MX")).isEqualTo("fr default");
    assertThat(select(Situation.DEFAULT, "de", "es-MX", "fr")).isEqualTo("es default");
  }

  @Test
  void skips_ill_formed_preferences() {
    assertThat(select(Situation.DEFAULT, "not a tag", "und", "es")).isEqualTo("es default");
  }

  @Test
  void matches_tags_regardless_of_case() {
    assertThat(select(Situation.DEFAULT, "ES-mx")).isEqualTo("es default");
  }

  @Test
  void normalises_the_tags_it_stores() {
    MessageTemplates templates = MessageTemplates.builder("EN-us")
        .add(Situation.DEFAULT, "en-us", "en-US default")
        .add(Situation.DEFAULT, "es-mx", "es-MX default")
        .build();
    assertThat(templates.defaultLanguage()).isEqualTo("en-US");
    assertThat(templates.all()).extracting(Template::language).containsExactly("en-US", "es-MX");
    assertThat(templates.find(Situation.DEFAULT, "es-MX")).map(Template::text).hasValue("es-MX default");
    assertThat(templates.find(Situation.DEFAULT, "es")).isEmpty();
  }

  @Test
  void keeps_templates_in_insertion_order_and_replaces_in_place() {
    MessageTemplates templates = MessageTemplates.builder("en")
        .add(Situation.BUSY, "en", "busy 1")
        .add(Situation.DEFAULT, "en", "default")
        .add(Situation.AFTER_HOURS, "es", "after hours")
        .add(Situation.BUSY, "en", "busy 2")
        .build();
    assertThat(templates.all()).extracting(Template::name)
        .containsExactly("BUSY/en", "DEFAULT/en", "AFTER_HOURS/es");
    assertThat(templates.find(Situation.BUSY, "en")).map(Template::text).hasValue("busy 2");
  }
}
