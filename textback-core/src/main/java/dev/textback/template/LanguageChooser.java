package dev.textback.template;

import java.util.List;
import java.util.Map;

/**
 * Picks the languages to try for a caller: the caller's known language (from a CRM), else the usual
 * language of the caller's country, else the business default. Immutable and thread-safe.
 */
public final class LanguageChooser {
  private final Map<String, String> languageByRegion;

  private LanguageChooser(Map<String, String> languageByRegion) {
    this.languageByRegion = Map.copyOf(languageByRegion);
  }

  /** A chooser with a built-in region → language table (e.g. MX → es-MX, FR → fr, BR → pt-BR). */
  public static LanguageChooser defaults() {
    throw new UnsupportedOperationException("TODO");
  }

  /** A chooser with your own region → BCP-47 language table. */
  public static LanguageChooser of(Map<String, String> languageByRegion) {
    return new LanguageChooser(languageByRegion);
  }

  /**
   * @param callerLanguage BCP-47 tag a caller directory knows, or null
   * @param callerRegion ISO 3166 region of the caller's number, or null
   * @param businessDefault the business's default language
   * @return languages to try, most preferred first, without duplicates; ends with {@code businessDefault}
   */
  public List<String> preferences(String callerLanguage, String callerRegion, String businessDefault) {
    throw new UnsupportedOperationException("TODO");
  }
}
