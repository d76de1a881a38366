package dev.textback.template;

import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** BCP-47 tag checks shared by {@link MessageTemplates} and {@link LanguageChooser}. */
final class LanguageTags {
  private static final Set<String> ISO_639_1 = Set.of(Locale.getISOLanguages());

  /**
   * Canonical tags by input, for inputs that are tags (at most {@value #KEPT_INPUT_LENGTH} characters). Each call
   * chooses its template by language, and reading the same few tags with {@link Locale.Builder} for every call was a
   * noticeable share of its work. Only well-formed tags are kept, as the input may come from a caller directory.
   */
  private static final BoundedMemo<String, Optional<String>> NORMALISED = new BoundedMemo<>(1_024);

  /** An input this long or shorter may be kept; RFC 5646 asks implementations to take tags up to 35 characters. */
  private static final int KEPT_INPUT_LENGTH = 64;

  /** {@link #withParents} by canonical tag, for the same reason. */
  private static final BoundedMemo<String, List<String>> WITH_PARENTS = new BoundedMemo<>(1_024);

  private LanguageTags() {}

  /**
   * The canonical form of a tag ({@code es-mx} → {@code es-MX}), or empty when it is ill-formed, names no
   * language ({@code und}, {@code x-private}) or uses a two-letter language code ISO 639-1 does not know.
   * Underscores are not accepted: {@code en_US} is a Java locale name, not a language tag.
   */
  static Optional<String> normalise(@Nullable String tag) {
    if (tag == null) return Optional.empty();
    Optional<String> known = NORMALISED.known(tag);
    if (known != null) return known;
    Optional<String> canonical = normaliseOnce(tag);
    if (canonical.isPresent() && tag.length() <= KEPT_INPUT_LENGTH) NORMALISED.remember(tag, canonical);
    return canonical;
  }

  /** How many inputs are kept with their canonical tag. */
  static int keptTags() {
    return NORMALISED.size();
  }

  private static Optional<String> normaliseOnce(String tag) {
    if (tag.isBlank()) return Optional.empty();
    String trimmed = tag.trim();
    String language;
    try {
      // Locale.forLanguageTag silently drops everything after the first bad subtag; the builder refuses.
      language = new Locale.Builder().setLanguageTag(trimmed).build().getLanguage();
    } catch (IllformedLocaleException e) {
      return Optional.empty();
    }
    if (language.length() < 2 || language.length() > 3) return Optional.empty();
    if (language.length() == 2 && !ISO_639_1.contains(language)) return Optional.empty();
    return Optional.of(Locale.forLanguageTag(trimmed).toLanguageTag());
  }

  /** {@code tag} followed by ever broader tags: {@code zh-Hant-TW} → {@code zh-Hant} → {@code zh}. */
  static List<String> withParents(String tag) {
    List<String> known = WITH_PARENTS.known(tag);
    if (known != null) return known;
    List<String> chain = withParentsOnce(tag);
    WITH_PARENTS.remember(tag, chain);
    return chain;
  }

  private static List<String> withParentsOnce(String tag) {
    List<String> chain = new ArrayList<>();
    chain.add(tag);
    Locale locale = Locale.forLanguageTag(tag);
    Locale.Builder builder = new Locale.Builder().setLocale(locale);
    if (!locale.getExtensionKeys().isEmpty()) addIfNew(chain, builder.clearExtensions().build());
    if (!locale.getVariant().isEmpty()) addIfNew(chain, builder.setVariant("").build());
    if (!locale.getCountry().isEmpty()) addIfNew(chain, builder.setRegion("").build());
    if (!locale.getScript().isEmpty()) addIfNew(chain, builder.setScript("").build());
    return List.copyOf(chain);
  }

  private static void addIfNew(List<String> chain, Locale locale) {
    String tag = locale.toLanguageTag();
    if (!chain.contains(tag)) chain.add(tag);
  }
}
