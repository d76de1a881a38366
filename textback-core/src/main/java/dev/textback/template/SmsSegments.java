package dev.textback.template;

/**
 * SMS segment arithmetic: GSM-7 versus UCS-2, 160/153 and 70/67 characters a segment, and a lint that
 * names the characters that forced UCS-2. Thread-safe and stateless.
 */
public final class SmsSegments {
  private SmsSegments() {}

  /** Analyses a text. Never throws for any string. */
  public static SegmentReport analyze(CharSequence text) {
    throw new UnsupportedOperationException("TODO");
  }

  /** True when every character is in the GSM 03.38 basic or extension table. */
  public static boolean isGsm7(CharSequence text) {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * The text with common typographic characters replaced by GSM-7 look-alikes (curly quotes, dashes,
   * ellipsis, non-breaking and other spaces). A preview for authors: textback never rewrites a text it
   * sends, so the stored text is what went out.
   */
  public static String smartEncode(CharSequence text) {
    throw new UnsupportedOperationException("TODO");
  }
}
