package dev.textback.template;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a text tells its reader how to opt out, such as "Reply STOP to opt out" or "Text END to stop
 * these messages". Carriers expect the first text to a number to say so, and US campaign vetting looks for
 * it in sample messages; {@code TextBack} warns at build time about a text-back template without it.
 *
 * <p>A text has opt-out wording when it names one of the standard opt-out keywords ({@code STOP},
 * {@code STOPALL}, {@code UNSUBSCRIBE}, {@code UNSUB}, {@code CANCEL}, {@code END}, {@code QUIT},
 * {@code REVOKE}, {@code OPTOUT}) in capitals or right after "reply", "text" or "send", or when it says
 * "opt out", "opt-out" or "unsubscribe" in any case. Lower-case keywords elsewhere do not count: "stop by"
 * and "cancel your visit" are everyday words, not instructions. Stateless and thread-safe.
 */
public final class OptOutWording {
  private static final Set<String> KEYWORDS =
      Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "UNSUB", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT");
  private static final Pattern WORD = Pattern.compile("\\p{L}+");
  private static final Pattern PHRASE = Pattern.compile("(?iu)\\b(opt[ -]?out|unsubscribe)\\b");
  private static final Set<String> VERBS = Set.of("reply", "text", "send", "respond", "responde", "envía", "envia");

  private OptOutWording() {}

  /**
   * True when {@code text} tells its reader how to opt out (see the class description).
   *
   * @param text a template or message text; placeholders such as {@code {business}} are ignored
   * @return whether the text has opt-out wording
   * @throws NullPointerException if {@code text} is null
   */
  public static boolean present(CharSequence text) {
    Objects.requireNonNull(text, "text == null");
    if (PHRASE.matcher(text).find()) return true;
    Matcher words = WORD.matcher(text);
    String previous = "";
    while (words.find()) {
      String word = words.group();
      String upper = word.toUpperCase(Locale.ROOT);
      if (KEYWORDS.contains(upper) && (word.equals(upper) || VERBS.contains(previous))) return true;
      previous = word.toLowerCase(Locale.ROOT);
    }
    return false;
  }
}
