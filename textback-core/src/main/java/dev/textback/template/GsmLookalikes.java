package dev.textback.template;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * GSM-7 look-alikes for typographic characters that word processors and phone keyboards insert and that
 * would otherwise push a whole text into UCS-2. Every replacement is itself GSM-7.
 */
final class GsmLookalikes {
  private static final Map<Integer, String> REPLACEMENTS = new HashMap<>();

  static {
    // Double quotation marks, guillemets, double prime.
    map("\"", 0x201C, 0x201D, 0x201E, 0x201F, 0x00AB, 0x00BB, 0x02BA, 0x2033);
    // Single quotation marks, single guillemets, apostrophe look-alikes, acute accent, backtick, prime.
    map("'", 0x2018, 0x2019, 0x201A, 0x201B, 0x2039, 0x203A, 0x02B9, 0x02BC, 0x00B4, 0x0060, 0x2032);
    // Hyphens, dashes, minus sign, bullets.
    map("-", 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0x2022, 0x2043);
    map("...", 0x2026);
    // Spaces of every width, tab. One space each: the reader sees a gap either way.
    map(" ", 0x0009, 0x00A0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007,
        0x2008, 0x2009, 0x200A, 0x202F, 0x205F, 0x3000);
    // Line and paragraph separators mean a line break, which GSM-7 has.
    map("\n", 0x2028, 0x2029);
    // Invisible characters. Zero-width joiners stay: emoji sequences and some scripts need them.
    map("", 0x200B, 0x2060, 0xFEFF, 0x00AD);
  }

  private GsmLookalikes() {}

  private static void map(String replacement, int... codePoints) {
    for (int codePoint : codePoints) {
      REPLACEMENTS.put(codePoint, replacement);
    }
  }

  /** The look-alike for a code point outside GSM-7, or null when there is none. */
  static @Nullable String replacement(int codePoint) {
    return REPLACEMENTS.get(codePoint);
  }
}
