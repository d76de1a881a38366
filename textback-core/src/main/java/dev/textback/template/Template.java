package dev.textback.template;

import java.util.Objects;

/**
 * One message text for a situation and language, with {@code {placeholder}} slots. Validated when its
 * {@link MessageTemplates} is built. Immutable.
 *
 * @param situation the variant it serves
 * @param language BCP-47 tag, e.g. {@code en}, {@code es-MX}
 * @param text the text with placeholders
 */
public record Template(Situation situation, String language, String text) {
  public Template {
    Objects.requireNonNull(situation, "situation == null");
    Objects.requireNonNull(language, "language == null");
    Objects.requireNonNull(text, "text == null");
  }

  /** A name for error messages and logs, e.g. {@code AFTER_HOURS/es-MX}. */
  public String name() {
    return situation + "/" + language;
  }

  /**
   * Fills the placeholders. Values are inserted literally: a value containing braces is never read as a
   * placeholder. A placeholder with no value uses its inline fallback ({@code {caller_name|there}}) or
   * becomes empty, and the doubled spaces that leaves are collapsed.
   */
  public String render(TemplateValues values) {
    return TemplateEngine.render(this, values);
  }
}
