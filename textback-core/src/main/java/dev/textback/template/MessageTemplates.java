package dev.textback.template;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A business's text-back templates: variants by {@link Situation} and language. Validated when built, so
 * a bad template fails at start-up rather than when a customer calls. Immutable and thread-safe.
 *
 * <p>Placeholders: {@code {business}}, {@code {booking_link}}, {@code {caller_name}},
 * {@code {business_phone}}, {@code {location}}, {@code {call_time}} (the missed call's local time, e.g.
 * {@code 2:05 PM}), {@code {next_open}} (when the business next opens, e.g. {@code Monday 8:00 AM}).
 * A placeholder may carry a fallback for when its value is unknown: {@code {caller_name|there}}.
 */
public final class MessageTemplates {
  /** Every placeholder name a template may use. */
  public static final Set<String> PLACEHOLDERS =
      Set.of("business", "booking_link", "caller_name", "business_phone", "location", "call_time", "next_open");

  private MessageTemplates() {
    throw new UnsupportedOperationException("TODO");
  }

  public static Builder builder(String defaultLanguage) {
    return new Builder(defaultLanguage);
  }

  /**
   * English defaults that name the business, invite a reply and say how to opt out; one GSM-7 segment
   * for business names up to about 40 characters.
   */
  public static MessageTemplates defaults() {
    throw new UnsupportedOperationException("TODO");
  }

  public String defaultLanguage() {
    throw new UnsupportedOperationException("TODO");
  }

  /** Every template, in the order added. */
  public List<Template> all() {
    throw new UnsupportedOperationException("TODO");
  }

  /** The template for exactly this situation and language tag, if defined. */
  public Optional<Template> find(Situation situation, String language) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Chooses the template for a situation. For each language in {@code preferredLanguages}, then its
   * parents ({@code es-MX} → {@code es}), then the default language: the situation's variant, else that
   * language's {@link Situation#DEFAULT}. Language wins over situation, because a caller who cannot read
   * the text gains nothing from the right variant.
   *
   * @param preferredLanguages BCP-47 tags, most preferred first; may be empty
   * @return never null: the default language's DEFAULT always exists
   */
  public Template select(Situation situation, List<String> preferredLanguages) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Checks a free-standing text (such as a help reply) with the same rules as a template.
   *
   * @param name what to call the text in the error message
   * @throws IllegalArgumentException naming {@code name} when the text is empty, uses an unknown
   *     placeholder or has unbalanced braces
   */
  public static void validateText(String name, String text) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Renders a free-standing text with the same rules as {@link Template#render}. */
  public static String renderText(String text, TemplateValues values) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Collects and validates templates. Not thread-safe. */
  public static final class Builder {
    private final String defaultLanguage;

    private Builder(String defaultLanguage) {
      this.defaultLanguage = Objects.requireNonNull(defaultLanguage, "defaultLanguage == null");
    }

    /** Adds (or replaces) the variant for a situation and BCP-47 language tag. */
    public Builder add(Situation situation, String language, String text) {
      throw new UnsupportedOperationException("TODO");
    }

    /**
     * @throws IllegalArgumentException naming the template (e.g. {@code AFTER_HOURS/es}) when a text is
     *     empty, uses an unknown placeholder or has unbalanced braces, or when the default language lacks a
     *     {@link Situation#DEFAULT} variant
     */
    public MessageTemplates build() {
      throw new UnsupportedOperationException("TODO");
    }
  }
}
