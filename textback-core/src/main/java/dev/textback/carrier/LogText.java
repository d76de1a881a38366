package dev.textback.carrier;

import org.jspecify.annotations.Nullable;

/**
 * Text from outside (a carrier's payload, a header) made safe for a single log line. Adapters use it for
 * anything a carrier sent that they log.
 */
public final class LogText {
  private LogText() {}

  /** Control characters as {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}, so no line is forged. */
  public static String escape(@Nullable String text) {
    if (text == null) return "null";
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isISOControl(c) && c != '\u2028' && c != '\u2029') {
        if (sb != null) sb.append(c);
        continue;
      }
      if (sb == null) sb = new StringBuilder(text.length() + 8).append(text, 0, i);
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append(String.format("\\u%04x", (int) c));
      }
    }
    return sb == null ? text : sb.toString();
  }
}
