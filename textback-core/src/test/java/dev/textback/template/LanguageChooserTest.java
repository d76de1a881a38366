package dev.textback.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LanguageChooserTest {
  private final LanguageChooser chooser = LanguageChooser.defaults();

  @Test
  void caller_language_beats_region_beats_business_default() {
    assertThat(chooser.preferences("fr", "MX", "en")).containsExactly("fr", "es-MX", "en");
  }

  @Test
  void uses_the_region_language_when_the_caller_language_is_unknown() {
    assertThat(chooser.preferences(null, "MX", "en")).containsExactly("es-MX", "en");
    assertThat(chooser.preferences(null, "CO", "en")).containsExactly("es", "en");
    assertThat(chooser.preferences(null, "br", "en")).containsExactly("pt-BR", "en");
  }

  @Test
  void gives_only_the_business_default_for_english_speaking_or_unknown_regions() {
    assertThat(chooser.preferences(null, "US", "en")).containsExactly("en");
    assertThat(chooser.preferences(null, "GB", "en")).containsExactly("en");
    assertThat(chooser.preferences(null, null, "en")).containsExactly("en");
  }

  @Test
  void removes_duplicates_after_normalising() {
    assertThat(chooser.preferences("ES-mx", "MX", "en")).containsExactly("es-MX", "en");
    assertThat(chooser.preferences("en", "MX", "EN")).containsExactly("en", "es-MX");
  }

  @Test
  void reads_java_locale_names_from_caller_directories() {
    assertThat(chooser.preferences("es_MX", null, "en")).containsExactly("es-MX", "en");
  }

  @Test
  void ignores_an_ill_formed_caller_language() {
    assertThat(chooser.preferences("Spanish please", "FR", "en")).containsExactly("fr", "en");
    assertThat(chooser.preferences("und", null, "en")).containsExactly("en");
  }

  @Test
  void rejects_an_ill_formed_business_default() {
    assertThatIllegalArgumentException().isThrownBy(() -> chooser.preferences(null, null, "und"));
  }

  @Test
  void uses_a_custom_table() {
    LanguageChooser custom = LanguageChooser.of(Map.of("us", "es-us"));
    assertThat(custom.preferences(null, "US", "en")).containsExactly("es-US", "en");
    assertThat(custom.preferences(null, "MX", "en")).containsExactly("en");
  }

  @Test
  void rejects_a_custom_table_with_bad_entries() {
    assertThatIllegalArgumentException().isThrownBy(() -> LanguageChooser.of(Map.of("Mexico", "es")))
        .withMessageContaining("Mexico");
    assertThatIllegalArgumentException().isThrownBy(() -> LanguageChooser.of(Map.of("MX", "es_MX")))
        .withMessageContaining("es_MX");
  }

  @Test
  void a_caller_from_mexico_gets_the_spanish_default() {
    Template t = MessageTemplates.defaults()
        .select(Situation.DEFAULT, chooser.preferences(null, "MX", "en"));
    assertThat(t.language()).isEqualTo("es");
  }
}
