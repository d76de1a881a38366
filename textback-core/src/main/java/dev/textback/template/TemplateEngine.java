package dev.textback.template;

import java.util.Set;

/** Parses and renders templates. Package-private: the public face is {@link Template#render}. */
final class TemplateEngine {
  private TemplateEngine() {}

  /** The placeholder names used by a template text, in order. @throws IllegalArgumentException on a syntax error */
  static Set<String> placeholders(String text) {
    throw new UnsupportedOperationException("TODO");
  }

  static String render(Template template, TemplateValues values) {
    throw new UnsupportedOperationException("TODO");
  }
}
