package dev.textback.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMS segment arithmetic: GSM-7 versus UCS-2, 160/153 and 70/67 characters a segment, and a lint that
 * names the characters that forced UCS-2. Thread-safe and stateless.
 *
 * <p>A text is GSM-7 when every character is in the GSM 03.38 basic or extension table; extension
 * characters ({@code ^ { } \ [ ~ ] | €} and form feed) cost two septets. One character outside the
 * alphabet sends the whole text as UCS-2, counted in UTF-16 code units, where every character costs one
 * unit and a surrogate pair two. A text that fits in one SMS (160 septets or 70 units) is one segment;
 * a longer one is split into segments of 153 septets or 67 units, each carrying a concatenation header.
 *
 * <p>Segments are filled greedily and a new one starts when the next piece does not fit. A piece is never
 * split: not an escape pair, not a surrogate pair, and not a user-perceived character (a grapheme cluster
 * such as a flag, an emoji with a skin tone or a letter with combining accents), matching the way
 * Twilio's segment calculator counts. Like that calculator, a CR LF line break counts as two pieces. A
 * grapheme cluster longer than a whole segment is the one exception: it is split between code points.
 */
public final class SmsSegments {
  private static final int GSM7_SINGLE = 160;
  private static final int GSM7_SEGMENT = 153;
  private static final int UCS2_SINGLE = 70;
  private static final int UCS2_SEGMENT = 67;

  private static final Pattern GRAPHEME = Pattern.compile("\\X");

  private SmsSegments() {}

  /**
   * Analyses a text. Never throws for any string, including one with unpaired surrogates.
   *
   * @throws NullPointerException if {@code text} is null
   */
  public static SegmentReport analyze(CharSequence text) {
    Objects.requireNonNull(text, "text == null");
    String s = text.toString();
    boolean gsm7 = isGsm7(s);
    List<Piece> pieces = gsm7 ? gsm7Pieces(s) : ucs2Pieces(s);
    int units = 0;
    for (Piece piece : pieces) {
      units += piece.cost();
    }
    List<String> parts;
    if (units <= (gsm7 ? GSM7_SINGLE : UCS2_SINGLE)) {
      parts = List.of(s);
    } else {
      parts = split(s, pieces, gsm7 ? GSM7_SEGMENT : UCS2_SEGMENT);
    }
    return new SegmentReport(gsm7 ? SmsEncoding.GSM_7 : SmsEncoding.UCS_2, parts.size(), units, parts,
        gsm7 ? List.of() : nonGsmCharacters(s));
  }

  /**
   * True when every character is in the GSM 03.38 basic or extension table. The empty text is GSM-7.
   *
   * @throws NullPointerException if {@code text} is null
   */
  public static boolean isGsm7(CharSequence text) {
    Objects.requireNonNull(text, "text == null");
    for (int i = 0; i < text.length(); i++) {
      if (Gsm7Alphabet.septets(text.charAt(i)) == 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The text with common typographic characters replaced by GSM-7 look-alikes (curly quotes, dashes,
   * ellipsis, non-breaking and other spaces). A preview for authors: textback never rewrites a text it
   * sends, so the stored text is what went out.
   *
   * <p>Only characters that have a look-alike are replaced (those whose {@link NonGsmCharacter#replacement()}
   * is not null), so the result is GSM-7 only when every non-GSM character had one.
   *
   * @throws NullPointerException if {@code text} is null
   */
  public static String smartEncode(CharSequence text) {
    Objects.requireNonNull(text, "text == null");
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      int codePoint = Character.codePointAt(text, i);
      String replacement = Gsm7Alphabet.contains(codePoint) ? null : GsmLookalikes.replacement(codePoint);
      if (replacement == null) {
        out.appendCodePoint(codePoint);
      } else {
        out.append(replacement);
      }
      i += Character.charCount(codePoint);
    }
    return out.toString();
  }

  private static List<NonGsmCharacter> nonGsmCharacters(String s) {
    List<NonGsmCharacter> found = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      int codePoint = s.codePointAt(i);
      int width = Character.charCount(codePoint);
      if (!Gsm7Alphabet.contains(codePoint)) {
        found.add(new NonGsmCharacter(s.substring(i, i + width), i, GsmLookalikes.replacement(codePoint)));
      }
      i += width;
    }
    return found;
  }

  /** In a GSM-7 text every char is a piece of its own: nothing in the alphabet combines. */
  private static List<Piece> gsm7Pieces(String s) {
    List<Piece> pieces = new ArrayList<>(s.length());
    for (int i = 0; i < s.length(); i++) {
      pieces.add(new Piece(i, Gsm7Alphabet.septets(s.charAt(i))));
    }
    return pieces;
  }

  private static List<Piece> ucs2Pieces(String s) {
    List<Piece> pieces = new ArrayList<>(s.length());
    Matcher grapheme = GRAPHEME.matcher(s);
    while (grapheme.find()) {
      int start = grapheme.start();
      int length = grapheme.end() - start;
      if (length > UCS2_SEGMENT || (length == 2 && s.startsWith("\r\n", start))) {
        int i = start;
        while (i < grapheme.end()) {
          int width = Character.charCount(s.codePointAt(i));
          pieces.add(new Piece(i, width));
          i += width;
        }
      } else {
        pieces.add(new Piece(start, length));
      }
    }
    return pieces;
  }

  private static List<String> split(String s, List<Piece> pieces, int perSegment) {
    List<String> parts = new ArrayList<>();
    int segmentStart = 0;
    int used = 0;
    for (Piece piece : pieces) {
      if (used + piece.cost() > perSegment && used > 0) {
        parts.add(s.substring(segmentStart, piece.start()));
        segmentStart = piece.start();
        used = 0;
      }
      used += piece.cost();
    }
    parts.add(s.substring(segmentStart));
    return parts;
  }

  /** An indivisible run of text starting at a UTF-16 index, with its cost in septets or code units. */
  private record Piece(int start, int cost) {}
}
