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
   * Canonical tags by input. Each call chooses its template by language, and reading the same few tags with
   * {@link Locale.Builder} for every call was a noticeable share of its work. The input may come from a caller
   * directory, so only plain tags are kept (see {@link #keepable}).
   */
  private static final BoundedMemo<String, Optional<String>> NORMALISED = new BoundedMemo<>(1_024);

  /** {@link #withParents} by canonical tag, for the same reason and on the same terms. */
  private static final BoundedMemo<String, List<String>> WITH_PARENTS = new BoundedMemo<>(1_024);

  /**
   * A language with at most a script and a region ({@code es}, {@code es-MX}, {@code zh-Hant-TW}), as written or
   * with spaces around it. Variants, extensions and private use ({@code en-x-ana-lopez}) take free text, which may be
   * a name, so inputs with those are worked out every time instead.
   */
  private static final java.util.regex.Pattern KEEPABLE =
      java.util.regex.Pattern.compile("\\s*[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?\\s*");

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
    if (canonical.isPresent() && keepable(tag)) NORMALISED.remember(tag, canonical);
    return canonical;
  }

  private static boolean keepable(String tag) {
    return tag.length() <= 20 && KEEPABLE.matcher(tag).matches();
  }

  /** Whether the canonical form of {@code tag} is kept. */
  static boolean isKept(String tag) {
    return NORMALISED.known(tag) != null;
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
    if (keepable(tag)) WITH_PARENTS.remember(tag, chain);
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
