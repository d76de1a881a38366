package dev.textback.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A business's text-back templates: variants by {@link Situation} and language. Validated when built, so
 * a bad template fails at start-up rather than when a customer calls. Immutable and thread-safe.
 *
 * <p>Placeholders: {@code {business}}, {@code {booking_link}}, {@code {caller_name}},
 * {@code {business_phone}}, {@code {location}}, {@code {call_time}} (the missed call's local time, e.g.
 * {@code 2:05 PM}), {@code {next_open}} (when the business next opens, e.g. {@code Monday 8:00 AM}).
 * A placeholder may carry a fallback for when its value is unknown: {@code {caller_name|there}}. The
 * fallback is plain text up to the closing brace and cannot itself contain braces.
 *
 * <p>Braces: write {@code {{}} and {@code }}} for a literal {@code {} and {@code }}. Any other brace
 * that does not open or close a placeholder is an error when the templates are built.
 *
 * <p>Rendering: values are inserted literally and never read as template text, so a caller named
 * {@code "{business}"} is greeted as exactly that. A placeholder with no value and no fallback renders as
 * nothing, and only the spaces of the template's own text next to it are tidied: a space right after it
 * is dropped when the text before it already ends in a space or line break (or it starts the message),
 * and a space right before it is dropped when what follows starts with one of {@code , . ! ? ; : )}, a
 * line break or the end of the message. So {@code "Hi {caller_name}, thanks"} renders as
 * {@code "Hi, thanks"} and {@code "Hi {caller_name} - thanks"} as {@code "Hi - thanks"}. Nothing else is
 * rewritten; use a fallback where a sentence would not read well without the value.
 *
 * <p>Languages are BCP-47 tags ({@code en}, {@code es-MX}), compared in canonical form, so
 * {@code es-mx} and {@code es-MX} are the same language.
 */
public final class MessageTemplates {
  /** Every placeholder name a template may use. */
  public static final Set<String> PLACEHOLDERS =
      Set.of("business", "booking_link", "caller_name", "business_phone", "location", "call_time", "next_open");

  private final String defaultLanguage;
  private final List<Template> all;
  private final Map<String, Map<Situation, Template>> byLanguage;

  private MessageTemplates(String defaultLanguage, List<Template> templates) {
    this.defaultLanguage = defaultLanguage;
    this.all = List.copyOf(templates);
    Map<String, Map<Situation, Template>> index = new LinkedHashMap<>();
    for (Template t : all) {
      index.computeIfAbsent(t.language(), l -> new EnumMap<>(Situation.class)).put(t.situation(), t);
    }
    index.replaceAll((language, variants) -> Collections.unmodifiableMap(variants));
    this.byLanguage = Collections.unmodifiableMap(index);
  }

  public static Builder builder(String defaultLanguage) {
    return new Builder(defaultLanguage);
  }

  /**
   * English defaults that name the business, invite a reply and say how to opt out, plus Spanish
   * ({@code es}) variants; all GSM-7 and one segment for business names up to about 35 characters.
   * Default language {@code en}.
   */
  public static MessageTemplates defaults() {
    return Defaults.INSTANCE;
  }

  /** The canonical BCP-47 tag of the language whose {@link Situation#DEFAULT} is the last resort. */
  public String defaultLanguage() {
    return defaultLanguage;
  }

  /** Every template, in the order added. */
  public List<Template> all() {
    return all;
  }

  /**
   * The template for exactly this situation and language tag, if defined. No fallback is applied; an
   * ill-formed tag finds nothing.
   */
  public Optional<Template> find(Situation situation, String language) {
    Objects.requireNonNull(situation, "situation == null");
    Objects.requireNonNull(language, "language == null");
    return LanguageTags.normalise(language)
        .map(byLanguage::get)
        .map(variants -> variants.get(situation));
  }

  /**
   * Chooses the template for a situation. For each language in {@code preferredLanguages}, then its
   * parents ({@code es-MX} → {@code es}), then the default language: the situation's variant, else that
   * language's {@link Situation#DEFAULT}. Language wins over situation, because a caller who cannot read
   * the text gains nothing from the right variant. Ill-formed or null tags in the list are skipped, since
   * they often come from caller directories.
   *
   * @param preferredLanguages BCP-47 tags, most preferred first; may be empty
   * @return never null: the default language's DEFAULT always exists
   */
  public Template select(Situation situation, List<? extends @Nullable String> preferredLanguages) {
    Objects.requireNonNull(situation, "situation == null");
    Objects.requireNonNull(preferredLanguages, "preferredLanguages == null");
    Set<String> candidates = new LinkedHashSet<>();
    for (String preferred : preferredLanguages) {
      LanguageTags.normalise(preferred).ifPresent(tag -> candidates.addAll(LanguageTags.withParents(tag)));
    }
    candidates.add(defaultLanguage);
    for (String language : candidates) {
      Map<Situation, Template> variants = byLanguage.get(language);
      if (variants == null) continue;
      Template variant = variants.get(situation);
      if (variant != null) return variant;
      variant = variants.get(Situation.DEFAULT);
      if (variant != null) return variant;
    }
    // build() guarantees this template; reaching here would mean the index is broken.
    throw new IllegalStateException("no DEFAULT template in " + defaultLanguage);
  }

  /**
   * Checks a free-standing text (such as a help reply) with the same rules as a template.
   *
   * @param name what to call the text in the error message
   * @throws IllegalArgumentException naming {@code name} when the text is empty, uses an unknown
   *     placeholder or has unbalanced braces
   */
  public static void validateText(String name, String text) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(text, "text == null");
    List<String> problems = problems(text);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(name + ": " + String.join("; ", problems));
    }
  }

  /** Renders a free-standing text with the same rules as {@link Template#render}. */
  public static String renderText(String text, TemplateValues values) {
    Objects.requireNonNull(text, "text == null");
    return TemplateEngine.render(text, values);
  }

  /** What is wrong with a text, each problem as a phrase; empty when it is fine. */
  private static List<String> problems(String text) {
    List<String> problems = new ArrayList<>();
    if (text.isBlank()) {
      problems.add("text is empty");
      return problems;
    }
    Set<String> names;
    try {
      names = TemplateEngine.placeholders(text);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return problems;
    }
    for (String placeholder : names) {
      if (!PLACEHOLDERS.contains(placeholder)) {
        String hint = closestKnown(placeholder).map(k -> " (did you mean {" + k + "}?)").orElse("");
        problems.add("unknown placeholder {" + placeholder + "}" + hint);
      }
    }
    return problems;
  }

  /** The known placeholder within two edits of a misspelt one, if exactly one is that close. */
  private static Optional<String> closestKnown(String unknown) {
    String best = null;
    int bestDistance = 3;
    for (String known : PLACEHOLDERS) {
      int d = editDistance(unknown.toLowerCase(Locale.ROOT), known);
      if (d < bestDistance) {
        best = known;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) previous[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** Collects and validates templates. Not thread-safe. */
  public static final class Builder {
    private final String defaultLanguage;
    /** Keyed by situation and language (canonical when well-formed), so a re-add replaces in place. */
    private final Map<String, Template> templates = new LinkedHashMap<>();

    private Builder(String defaultLanguage) {
      this.defaultLanguage = Objects.requireNonNull(defaultLanguage, "defaultLanguage == null");
    }

    /**
     * Adds (or replaces) the variant for a situation and BCP-47 language tag. Problems with the text or
     * tag are reported together by {@link #build()}.
     */
    public Builder add(Situation situation, String language, String text) {
      Objects.requireNonNull(situation, "situation == null");
      Objects.requireNonNull(language, "language == null");
      Objects.requireNonNull(text, "text == null");
      String tag = LanguageTags.normalise(language).orElse(language);
      Template template = new Template(situation, tag, text);
      templates.put(template.name(), template);
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the template (e.g. {@code AFTER_HOURS/es}) when a text is
     *     empty, uses an unknown placeholder or has unbalanced braces, or when the default language lacks a
     *     {@link Situation#DEFAULT} variant; every problem found is listed, separated by {@code "; "}
     */
    public MessageTemplates build() {
      List<String> problems = new ArrayList<>();
      Optional<String> language = LanguageTags.normalise(defaultLanguage);
      if (language.isEmpty()) {
        problems.add("default language '" + defaultLanguage + "' is not a BCP-47 language tag (e.g. en, es-MX)");
      }
      for (Template t : templates.values()) {
        String prefix = "template " + t.name() + ": ";
        if (LanguageTags.normalise(t.language()).isEmpty()) {
          problems.add(prefix + "'" + t.language() + "' is not a BCP-47 language tag (e.g. en, es-MX)");
        }
        for (String problem : problems(t.text())) problems.add(prefix + problem);
      }
      language.ifPresent(tag -> {
        String required = Situation.DEFAULT + "/" + tag;
        if (!templates.containsKey(required)) {
          problems.add("template " + required + ": missing; the default language needs a DEFAULT variant");
        }
      });
      if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
      for (Template t : templates.values()) TemplateEngine.keepParsed(t.text());
      return new MessageTemplates(language.orElseThrow(), new ArrayList<>(templates.values()));
    }
  }

  /** Built on first use, after {@link #PLACEHOLDERS} exists. */
  private static final class Defaults {
    static final MessageTemplates INSTANCE = MessageTemplates.builder("en")
        .add(Situation.DEFAULT, "en", "Hi, this is {business}. Sorry we missed your call! "
            + "Reply here and we'll get right back to you. Reply STOP to opt out.")
        .add(Situation.AFTER_HOURS, "en", "Hi, this is {business}. We're closed right now, "
            + "but we'll text you back when we open {next_open|again}. Reply STOP to opt out.")
        .add(Situation.VOICEMAIL_LEFT, "en", "Hi, this is {business}. Thanks for your voicemail! "
            + "We got it and will get back to you soon. Reply STOP to opt out.")
        .add(Situation.BUSY, "en", "Hi, this is {business}. Sorry our line was busy! "
            + "Reply here and we'll get right back to you. Reply STOP to opt out.")
        // Spanish avoids accented a, i, o and u: they are not GSM-7 and would cut a segment to 70 characters.
        .add(Situation.DEFAULT, "es", "Hola, somos {business}. Sentimos no haber atendido su llamada. "
            + "Responda y le contestaremos pronto. Responda STOP para darse de baja.")
        .add(Situation.AFTER_HOURS, "es", "Hola, somos {business}. Ahora estamos cerrados; "
            + "le contestaremos cuando abramos. Responda STOP para darse de baja.")
        .add(Situation.VOICEMAIL_LEFT, "es", "Hola, somos {business}. Gracias por su mensaje de voz; "
            + "le contestaremos pronto. Responda STOP para darse de baja.")
        .build();
  }
}
