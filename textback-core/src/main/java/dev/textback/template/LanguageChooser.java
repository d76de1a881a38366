package dev.textback.template;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the languages to try for a caller: the caller's known language (from a CRM), else the usual
 * language of the caller's country, else the business default. Immutable and thread-safe.
 */
public final class LanguageChooser {
  private static final Logger log = LoggerFactory.getLogger(LanguageChooser.class);

  /**
   * Countries where one language is what nearly every caller reads. Countries with several common
   * languages (Belgium, Switzerland, Canada, India, ...) or where English is usual (US, GB, AU, PH, ...)
   * are left out, so callers from there get the business default.
   */
  private static final Map<String, String> DEFAULT_TABLE = defaultTable();

  private final Map<String, String> languageByRegion;

  private LanguageChooser(Map<String, String> languageByRegion) {
    Objects.requireNonNull(languageByRegion, "languageByRegion == null");
    Map<String, String> table = new HashMap<>();
    languageByRegion.forEach((region, language) -> {
      Objects.requireNonNull(region, "region == null");
      Objects.requireNonNull(language, "language of region " + region + " == null");
      String key = region.trim().toUpperCase(Locale.ROOT);
      if (!key.matches("[A-Z]{2}|[0-9]{3}")) {
        throw new IllegalArgumentException("region '" + region + "' is not an ISO 3166 code (e.g. MX)");
      }
      String tag = LanguageTags.normalise(language).orElseThrow(() -> new IllegalArgumentException(
          "language '" + language + "' for region " + key + " is not a BCP-47 language tag (e.g. es-MX)"));
      table.put(key, tag);
    });
    this.languageByRegion = Map.copyOf(table);
  }

  /** A chooser with a built-in region → language table (e.g. MX → es-MX, FR → fr, BR → pt-BR). */
  public static LanguageChooser defaults() {
    return new LanguageChooser(DEFAULT_TABLE);
  }

  /**
   * A chooser with your own region → BCP-47 language table.
   *
   * @throws IllegalArgumentException when a key is not an ISO 3166 code or a value not a language tag
   */
  public static LanguageChooser of(Map<String, String> languageByRegion) {
    return new LanguageChooser(languageByRegion);
  }

  /**
   * @param callerLanguage BCP-47 tag a caller directory knows, or null; an ill-formed tag is ignored
   *     ({@code es_MX} is read as {@code es-MX})
   * @param callerRegion ISO 3166 region of the caller's number, or null
   * @param businessDefault the business's default language
   * @return languages to try in canonical form, most preferred first, without duplicates; always
   *     contains {@code businessDefault}, last unless the caller's own language is the same
   * @throws IllegalArgumentException when {@code businessDefault} is not a language tag
   */
  public List<String> preferences(@Nullable String callerLanguage, @Nullable String callerRegion,
      String businessDefault) {
    Objects.requireNonNull(businessDefault, "businessDefault == null");
    String fallback = LanguageTags.normalise(businessDefault).orElseThrow(() -> new IllegalArgumentException(
        "business default language '" + businessDefault + "' is not a BCP-47 language tag"));
    Set<String> languages = new LinkedHashSet<>();
    if (callerLanguage != null && !callerLanguage.isBlank()) {
      // Caller directories often hold Java locale names such as es_MX.
      LanguageTags.normalise(callerLanguage.replace('_', '-')).ifPresentOrElse(languages::add,
          () -> log.debug("ignoring caller language '{}': not a BCP-47 language tag", callerLanguage));
    }
    if (callerRegion != null && !callerRegion.isBlank()) {
      String language = languageByRegion.get(callerRegion.trim().toUpperCase(Locale.ROOT));
      if (language != null) languages.add(language);
    }
    languages.add(fallback);
    return List.copyOf(languages);
  }

  private static Map<String, String> defaultTable() {
    Map<String, String> table = new HashMap<>();
    table.put("MX", "es-MX");
    table.put("ES", "es-ES");
    for (String region : List.of("AR", "BO", "CL", "CO", "CR", "CU", "DO", "EC", "GT", "HN", "NI", "PA",
        "PE", "PR", "PY", "SV", "UY", "VE")) {
      table.put(region, "es");
    }
    table.put("FR", "fr");
    table.put("DE", "de");
    table.put("AT", "de");
    table.put("IT", "it");
    table.put("NL", "nl");
    table.put("PL", "pl");
    table.put("TR", "tr");
    table.put("BR", "pt-BR");
    table.put("PT", "pt-PT");
    table.put("CN", "zh-CN");
    table.put("TW", "zh-TW");
    table.put("JP", "ja");
    table.put("KR", "ko");
    table.put("VN", "vi");
    return Map.copyOf(table);
  }
}
