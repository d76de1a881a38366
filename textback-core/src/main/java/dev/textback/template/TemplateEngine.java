package dev.textback.template;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Parses and renders templates. Package-private: the public face is {@link Template#render}. */
final class TemplateEngine {
  /** Characters that sit right after a word, so a space before them is dropped when a gap precedes them. */
  private static final String CLOSING_PUNCTUATION = ",.!?;:)";

  /**
   * Template texts parsed, by text: a business has a handful, and parsing one again for every call was wasted work.
   * Bounded, as businesses may be built again and again in a long-running process.
   */
  private static final BoundedMemo<String, List<Part>> TEMPLATE_TEXTS = new BoundedMemo<>(1_024);

  private TemplateEngine() {}

  /** Whether the parsed form of {@code text} is kept. */
  static boolean isKeptParsed(String text) {
    return TEMPLATE_TEXTS.known(text) != null;
  }

  /** A parsed piece of template text. */
  sealed interface Part permits Literal, Slot {}

  /** Text copied as is (escaped braces already resolved). */
  record Literal(String text) implements Part {}

  /** A placeholder; {@code fallback} is null when the template gives none. */
  record Slot(String name, @Nullable String fallback) implements Part {}

  /** The placeholder names used by a template text, in order. @throws IllegalArgumentException on a syntax error */
  static Set<String> placeholders(String text) {
    Set<String> names = new LinkedHashSet<>();
    for (Part part : parse(text)) {
      if (part instanceof Slot slot) names.add(slot.name());
    }
    return names;
  }

  static String render(Template template, TemplateValues values) {
    return render(template.text(), values);
  }

  static String render(String text, TemplateValues values) {
    Objects.requireNonNull(values, "values == null");
    List<Chunk> chunks = new ArrayList<>();
    for (Part part : parsed(text)) {
      if (part instanceof Literal literal) {
        chunks.add(new Chunk(Kind.TEXT, literal.text()));
      } else {
        Slot slot = (Slot) part;
        String value = values.get(slot.name()).orElse(slot.fallback());
        if (value == null || value.isEmpty()) {
          chunks.add(new Chunk(Kind.GAP, ""));
        } else {
          chunks.add(new Chunk(Kind.VALUE, value));
        }
      }
    }
    tidyGaps(chunks);
    StringBuilder out = new StringBuilder(text.length() + 32);
    for (Chunk chunk : chunks) out.append(chunk.text);
    return out.toString();
  }

  /**
   * {@link #parse}, read from the texts of built {@link MessageTemplates} when it is one of them, as each call
   * renders one. @throws IllegalArgumentException on a syntax error
   */
  static List<Part> parsed(String text) {
    Objects.requireNonNull(text, "text == null");
    List<Part> known = TEMPLATE_TEXTS.known(text);
    return known != null ? known : parse(text);
  }

  /**
   * Keeps the parsed form of a template text that {@link MessageTemplates.Builder#build} accepted. Only those: a
   * text rendered through {@link Template#render} or {@link MessageTemplates#renderText} may have been put together
   * with a caller's details, which must not stay in memory.
   */
  static void keepParsed(String templateText) {
    if (TEMPLATE_TEXTS.known(templateText) == null) {
      TEMPLATE_TEXTS.remember(templateText, List.copyOf(parse(templateText)));
    }
  }

  static List<Part> parse(String text) {
    Objects.requireNonNull(text, "text == null");
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '{') {
        if (i + 1 < n && text.charAt(i + 1) == '{') {
          literal.append('{');
          i += 2;
          continue;
        }
        int close = closingBrace(text, i);
        String body = text.substring(i + 1, close);
        int bar = body.indexOf('|');
        String name = bar < 0 ? body : body.substring(0, bar);
        if (name.isEmpty()) {
          throw new IllegalArgumentException("placeholder at index " + i + " has no name");
        }
        if (literal.length() > 0) {
          parts.add(new Literal(literal.toString()));
          literal.setLength(0);
        }
        parts.add(new Slot(name, bar < 0 ? null : body.substring(bar + 1)));
        i = close + 1;
      } else if (c == '}') {
        if (i + 1 < n && text.charAt(i + 1) == '}') {
          literal.append('}');
          i += 2;
          continue;
        }
        throw new IllegalArgumentException(
            "unbalanced '}' at index " + i + " (write }} for a literal brace)");
      } else {
        literal.append(c);
        i++;
      }
    }
    if (literal.length() > 0) parts.add(new Literal(literal.toString()));
    return parts;
  }

  private static int closingBrace(String text, int open) {
    for (int j = open + 1; j < text.length(); j++) {
      char d = text.charAt(j);
      if (d == '}') return j;
      if (d == '{') {
        throw new IllegalArgumentException("unbalanced '{' at index " + open
            + ": another '{' at index " + j + " before it is closed (write {{ for a literal brace)");
      }
    }
    throw new IllegalArgumentException(
        "unbalanced '{' at index " + open + " is never closed (write {{ for a literal brace)");
  }

  /**
   * Removes the stray spaces an empty placeholder leaves in the template's own text. Inserted values are
   * never changed, so what a caller's CRM supplied appears exactly as supplied.
   */
  private static void tidyGaps(List<Chunk> chunks) {
    for (int g = 0; g < chunks.size(); g++) {
      if (chunks.get(g).kind != Kind.GAP) continue;
      int prev = neighbour(chunks, g, -1);
      int next = neighbour(chunks, g, +1);
      boolean openBefore = prev < 0 || endsWithBlank(chunks.get(prev).text);
      // "Hi {caller_name} - " → "Hi - ": the space after the gap duplicates the one before it.
      while (openBefore && next >= 0 && chunks.get(next).kind == Kind.TEXT
          && chunks.get(next).text.startsWith(" ")) {
        Chunk chunk = chunks.get(next);
        chunk.text = stripLeadingSpaces(chunk.text);
        if (!chunk.text.isEmpty()) break;
        next = neighbour(chunks, next, +1);
      }
      // "Hi {caller_name}!" → "Hi!": no space belongs before closing punctuation or the end of a line.
      boolean closedAfter = next < 0 || startsClosed(chunks.get(next).text);
      if (closedAfter && prev >= 0 && chunks.get(prev).kind == Kind.TEXT) {
        Chunk chunk = chunks.get(prev);
        chunk.text = stripTrailingSpaces(chunk.text);
      }
    }
  }

  /** The nearest chunk in {@code direction} that holds text, or -1. */
  private static int neighbour(List<Chunk> chunks, int from, int direction) {
    for (int i = from + direction; i >= 0 && i < chunks.size(); i += direction) {
      if (!chunks.get(i).text.isEmpty()) return i;
    }
    return -1;
  }

  private static boolean endsWithBlank(String s) {
    char last = s.charAt(s.length() - 1);
    return last == ' ' || last == '\n' || last == '\r';
  }

  private static boolean startsClosed(String s) {
    char first = s.charAt(0);
    return CLOSING_PUNCTUATION.indexOf(first) >= 0 || first == '\n' || first == '\r';
  }

  private static String stripLeadingSpaces(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == ' ') i++;
    return s.substring(i);
  }

  private static String stripTrailingSpaces(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') end--;
    return s.substring(0, end);
  }

  private enum Kind { TEXT, VALUE, GAP }

  private static final class Chunk {
    final Kind kind;
    String text;

    Chunk(Kind kind, String text) {
      this.kind = kind;
      this.text = text;
    }
  }
}
