package dev.textback.policy;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Recognises opt-out, opt-in and help requests in inbound texts. Whole-message keywords are matched after
 * trimming, case folding, collapsing spaces and stripping surrounding punctuation: {@code STOP},
 * {@code STOPALL}, {@code UNSUBSCRIBE}, {@code CANCEL}, {@code END}, {@code QUIT}, {@code REVOKE},
 * {@code OPTOUT} (and {@code STOP ALL}, {@code OPT OUT}, {@code OPT-OUT}) opt out; {@code START},
 * {@code UNSTOP} and {@code YES} (only after an opt-out) opt back in; {@code HELP} and {@code INFO} ask for
 * help. Phrases such as "stop texting me" or "unsubscribe me" opt out too, unless turned off, as does a message
 * of nothing but opt-out keywords and courtesies ("Stop, please", "STOP. Thank you"), or a sentence of an opt-out
 * keyword and a courtesy anywhere in one ("Hi. Stop, please."). Immutable and thread-safe.
 *
 * <p>Consent may be revoked "by any reasonable means", so phrases are matched anywhere in a message, as
 * whole words. A phrase match is reported with {@link KeywordMatch#phrase()} set: honour it, and have a
 * person look at it. A few phrases that are also everyday English ("please stop", as in "please stop by")
 * only count when they end a sentence. Keywords are never matched inside a longer message: "Can you stop
 * by tomorrow?" is an ordinary message.
 */
public final class OptOutKeywords {
  private static final Map<String, KeywordIntent> KEYWORDS = keywords();

  /** Opt-out phrases matched anywhere, as whole words. */
  static final List<String> DEFAULT_PHRASES = List.of(
      "stop texting", "stop texting me", "stop text", "stop txting", "stop sending me", "stop messaging",
      "stop contacting me", "unsubscribe me", "remove me", "take me off", "opt me out", "don't text",
      "dont text", "do not text", "don't message", "dont message", "do not message", "don't contact me",
      "dont contact me", "do not contact me", "no more texts", "no more text", "no more messages",
      "leave me alone", "wrong number",
      // Words that mean nothing else, wherever they stand: "I want to unsubscribe". "Opt out" and "revoke" do
      // ("opt out of the maintenance plan", "revoke the old permit"), so only with what marks them as about texts.
      "unsubscribe", "unsub", "optout", "stopall", "opt out my", "opt out of these", "opt out of this",
      "opt out of texts", "opt out of text messages", "opt out of messages", "opt out of your texts",
      "opt out of your messages", "revoke my consent", "revoke consent", "i revoke");

  /**
   * Opt-out phrases that are also everyday English ("please stop by", "stop now, the leak is worse"), so
   * they count only at the end of a sentence or the message.
   */
  static final List<String> DEFAULT_SENTENCE_END_PHRASES = List.of(
      "please stop", "stop please", "stop thanks", "stop thank you", "please unsubscribe", "unsubscribe please");

  /** Common opt-outs in Spanish; only as the whole message, because "para" and "alto" are everyday words. */
  static final Set<String> DEFAULT_WHOLE_MESSAGE_PHRASES = Set.of("alto", "baja", "no mas", "no más", "para", "parar");

  /**
   * Courtesies that leave an opt-out keyword's meaning as it is: a message of nothing but keywords and these ("Stop,
   * please", "STOP. Thank you", "unsubscribe thx") opts out, whatever their order and punctuation.
   */
  static final Set<String> COURTESIES = Set.of("please", "pls", "plz", "thanks", "thank", "you", "thx", "ty", "now");

  /** Greetings a sentence of an opt-out keyword and a courtesy may also hold ("Guys, please stop."). */
  static final Set<String> GREETINGS = Set.of("hi", "hey", "hello", "ok", "okay", "guys");

  private static final OptOutKeywords DEFAULTS = new Builder().build();

  private final boolean phrasesEnabled;
  private final List<List<String>> anywhere;
  private final List<List<String>> atSentenceEnd;

  private OptOutKeywords(Builder b) {
    this.phrasesEnabled = b.phrases;
    this.anywhere = List.copyOf(b.anywhere);
    this.atSentenceEnd = List.copyOf(b.atSentenceEnd);
  }

  private static Map<String, KeywordIntent> keywords() {
    Map<String, KeywordIntent> m = new LinkedHashMap<>();
    for (String k : List.of("stop", "stopall", "unsubscribe", "unsub", "cancel", "end", "quit", "revoke", "optout")) {
      m.put(k, KeywordIntent.OPT_OUT);
    }
    m.put("start", KeywordIntent.OPT_IN);
    m.put("unstop", KeywordIntent.OPT_IN);
    m.put("yes", KeywordIntent.OPT_IN);
    m.put("help", KeywordIntent.HELP);
    m.put("info", KeywordIntent.HELP);
    return Map.copyOf(m);
  }

  /** The standard keywords and phrases, phrases enabled. */
  public static OptOutKeywords defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Classifies a message.
   *
   * @param body the message text; null is treated as empty
   * @param optedOut whether the sender is currently opted out (decides whether {@code YES} opts in)
   */
  public KeywordMatch classify(@Nullable String body, boolean optedOut) {
    String message = body == null ? "" : body;
    KeywordMatch whole = classifyText(normalize(message), optedOut);
    if (whole.intent() != KeywordIntent.NONE || !phrasesEnabled) return whole;
    // "Please stop" over a signature line ("Mark", "Sent from my Galaxy") ends its sentence where the line does.
    // Tried only when the whole message is no keyword, so the cut can find an opt-out but never lose one.
    String unsigned = withoutSignature(message);
    if (unsigned.equals(message)) return whole;
    KeywordMatch cut = classifyText(normalize(unsigned), optedOut);
    // Only a phrase: a lone keyword left by the cut ("Cancel" over "Tuesday") was a longer message.
    return cut.intent() == KeywordIntent.OPT_OUT && cut.phrase() ? cut : whole;
  }

  private KeywordMatch classifyText(String text, boolean optedOut) {
    if (text.isEmpty()) return KeywordMatch.NONE;
    List<String> tokens = tokenize(text);

    // Separators inside a keyword are forgiven: "OPT-OUT", "opt out", "STOP ALL", "un-subscribe".
    String joined = lettersAndDigits(text);
    KeywordIntent intent = KEYWORDS.get(joined);
    if (intent != null) return keyword(intent, joined, optedOut);

    // "STOP STOP", "stop. unsubscribe": nothing but opt-out keywords is as clear as one.
    List<String> words = words(tokens);
    if (!words.isEmpty() && words.stream().allMatch(w -> KEYWORDS.get(w) == KeywordIntent.OPT_OUT)) {
      return new KeywordMatch(KeywordIntent.OPT_OUT, words.get(0), false);
    }

    if (!phrasesEnabled) return KeywordMatch.NONE;
    String wholeMessage = String.join(" ", words);
    if (DEFAULT_WHOLE_MESSAGE_PHRASES.contains(wholeMessage)) {
      return new KeywordMatch(KeywordIntent.OPT_OUT, wholeMessage, true);
    }
    // A phrase found anywhere may run over a line break; one at a sentence's end may not, nor does a line break
    // after it end the sentence.
    List<String> overLines = tokens.stream().filter(t -> !t.equals(LINE)).toList();
    for (List<String> phrase : anywhere) {
      if (find(overLines, phrase, false)) {
        return new KeywordMatch(KeywordIntent.OPT_OUT, String.join(" ", phrase), true);
      }
    }
    for (List<String> phrase : atSentenceEnd) {
      if (find(tokens, phrase, true)) return new KeywordMatch(KeywordIntent.OPT_OUT, String.join(" ", phrase), true);
    }
    // The whole message of keywords and courtesies ("STOP. Thank you"), or one sentence of a keyword and a
    // courtesy anywhere in it ("Hi. Stop, please.": a comma does not end the sentence here). A keyword without a
    // courtesy is not enough in a longer message ("Stop! Don't come, we fixed it"), nor a courtesy after a sentence
    // break ("The dripping won't stop. Thank you").
    String keyword = keywordAmongCourtesies(words, false);
    String[] sentences = text.split("[.!?;:]+");
    for (int i = 0; keyword == null && i < sentences.length; i++) {
      keyword = keywordAmongCourtesies(words(tokenize(sentences[i])), true);
    }
    return keyword == null ? KeywordMatch.NONE : new KeywordMatch(KeywordIntent.OPT_OUT, keyword, true);
  }

  /**
   * The first opt-out keyword of {@code words} when the rest are {@link #COURTESIES}; for a {@code sentence}, also
   * {@link #GREETINGS}, and at least one courtesy must be there. Null otherwise.
   */
  private static @Nullable String keywordAmongCourtesies(List<String> words, boolean sentence) {
    String keyword = null;
    boolean courteous = false;
    for (String w : words) {
      if (KEYWORDS.get(w) == KeywordIntent.OPT_OUT) {
        if (keyword == null) keyword = w;
      } else if (COURTESIES.contains(w)) {
        courteous = true;
      } else if (!(sentence && GREETINGS.contains(w))) {
        return null;
      }
    }
    return courteous || !sentence ? keyword : null;
  }

  private static KeywordMatch keyword(KeywordIntent intent, String keyword, boolean optedOut) {
    // Only someone who opted out can mean "resubscribe" by YES; to anyone else it is a plain answer.
    if (keyword.equals("yes") && !optedOut) return KeywordMatch.NONE;
    return new KeywordMatch(intent, keyword, false);
  }

  /** A line break of any kind: a message's lines are otherwise read as one text, words joined across them. */
  private static final Pattern LINE_BREAK = Pattern.compile("\\R");
  /** A last line that signs a message, besides a name: "- Mark", "-- ", "~Ana", "Sent from my Galaxy". */
  private static final Pattern SIGNATURE = Pattern.compile("[-~\u2013\u2014]+.*|sent from .*",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  /**
   * {@code body} without a signature on its last line, so that "Please stop" over "Mark" ends where the sentence
   * does; {@code body} itself when its last line is none. Only such a line is cut: other line breaks join words as
   * spaces do, since people break lines inside sentences too ("Stop" over "texting me"). A name is one word of up to
   * 20 letters, capitalised as written.
   */
  static String withoutSignature(String body) {
    String trimmed = body.strip();
    Matcher breaks = LINE_BREAK.matcher(trimmed);
    int lastBreak = -1;
    int afterBreak = -1;
    while (breaks.find()) {
      lastBreak = breaks.start();
      afterBreak = breaks.end();
    }
    if (lastBreak <= 0) return body;
    String lastLine = trimmed.substring(afterBreak).strip();
    boolean name = !lastLine.isEmpty() && Character.isUpperCase(lastLine.codePointAt(0))
        && lastLine.codePoints().allMatch(c -> Character.isLetter(c) || c == '\'' || c == '.');
    if (name ? lastLine.length() > 20 : !SIGNATURE.matcher(lastLine).matches()) return body;
    // A "--" line above a signature goes with it.
    String rest = trimmed.substring(0, lastBreak).strip();
    return rest.endsWith("--") ? rest.substring(0, rest.length() - 2) : rest;
  }

  /** A sentence break in the token list. */
  private static final String BREAK = ".";
  /**
   * A line break in the token list. People break lines inside sentences too ("Stop" over "texting me"), so it ends
   * no sentence; but a phrase that must end its sentence cannot reach across one ("won't stop" over "Thank you").
   */
  private static final String LINE = "\n";

  private static boolean isBreak(String token) {
    return token.equals(BREAK) || token.equals(LINE);
  }

  /**
   * True when {@code phrase} occurs as consecutive words, not across a sentence break (nor, in {@code tokens} that
   * keep them, a line break): "The dripping won't stop. Thank you" is not "stop thank you". A message of nothing but
   * a keyword and courtesies is recognised apart.
   */
  private static boolean find(List<String> tokens, List<String> phrase, boolean atSentenceEnd) {
    int n = phrase.size();
    for (int i = 0; i + n <= tokens.size(); i++) {
      if (!tokens.subList(i, i + n).equals(phrase)) continue;
      if (!atSentenceEnd || i + n == tokens.size() || tokens.get(i + n).equals(BREAK)) return true;
    }
    return false;
  }

  /**
   * NFKC, apostrophe look-alikes folded, case folded, whitespace collapsed (to a line break where it held one),
   * and anything that is not a letter or digit stripped from both ends (punctuation, emoji, quotes).
   */
  static String normalize(String s) {
    String t = Normalizer.normalize(s, Normalizer.Form.NFKC)
        .replace('\u2019', '\'').replace('\u2018', '\'').replace('\u02BC', '\'').replace('`', '\'')
        .toLowerCase(Locale.ROOT);
    t = collapseWhiteSpace(t);
    int from = 0;
    int to = t.length();
    while (from < to && !Character.isLetterOrDigit(t.codePointAt(from))) {
      from += Character.charCount(t.codePointAt(from));
    }
    while (to > from && !Character.isLetterOrDigit(t.codePointBefore(to))) {
      to -= Character.charCount(t.codePointBefore(to));
    }
    return t.substring(from, to);
  }

  /**
   * Each run of white space (zero-width spaces too) as one space, or as one line break when it holds one. In one
   * pass: a message is classified under the caller's lock, however long.
   */
  private static String collapseWhiteSpace(String t) {
    StringBuilder out = new StringBuilder(t.length());
    int i = 0;
    while (i < t.length()) {
      char c = t.charAt(i);
      if (!isSpace(c)) {
        out.append(c);
        i++;
        continue;
      }
      boolean lineBreak = false;
      while (i < t.length() && isSpace(t.charAt(i))) {
        char w = t.charAt(i++);
        lineBreak |= w == '\n' || w == '\r' || w == '\u0085' || w == '\u2028' || w == '\u2029';
      }
      out.append(lineBreak ? '\n' : ' ');
    }
    return out.toString();
  }

  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u200B' || c == '\u2060' || c == '\uFEFF'
        || c == '\u0085';
  }

  /**
   * Words (letters, digits and inner apostrophes), sentence breaks ({@code . ! ? ; : ,} collapse to one
   * {@link #BREAK}) and line breaks ({@link #LINE}); everything else separates words.
   */
  private static List<String> tokenize(String text) {
    List<String> tokens = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      boolean innerApostrophe = cp == '\'' && word.length() > 0 && i + 1 < text.length()
          && Character.isLetter(text.codePointAt(i + 1));
      if (Character.isLetterOrDigit(cp) || innerApostrophe) {
        word.appendCodePoint(cp);
      } else {
        flush(word, tokens);
        String last = tokens.isEmpty() ? BREAK : tokens.get(tokens.size() - 1);
        if (".!?;:,".indexOf(cp) >= 0) {
          if (last.equals(LINE)) tokens.set(tokens.size() - 1, BREAK); // "stop" over "." ends a sentence
          else if (!last.equals(BREAK)) tokens.add(BREAK);
        } else if (cp == '\n' && !isBreak(last)) {
          tokens.add(LINE);
        }
      }
      i += Character.charCount(cp);
    }
    flush(word, tokens);
    return tokens;
  }

  private static void flush(StringBuilder word, List<String> tokens) {
    if (word.length() > 0) {
      tokens.add(word.toString());
      word.setLength(0);
    }
  }

  private static List<String> words(List<String> tokens) {
    List<String> words = new ArrayList<>(tokens.size());
    for (String t : tokens) {
      if (!isBreak(t)) words.add(t);
    }
    return words;
  }

  private static String lettersAndDigits(String text) {
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints().filter(Character::isLetterOrDigit).forEach(b::appendCodePoint);
    return b.toString();
  }

  /** Configures an {@link OptOutKeywords}. Not thread-safe. */
  public static final class Builder {
    private boolean phrases = true;
    private final List<List<String>> anywhere = new ArrayList<>();
    private final List<List<String>> atSentenceEnd = new ArrayList<>();

    private Builder() {
      for (String p : DEFAULT_PHRASES) anywhere.add(phraseWords(p));
      for (String p : DEFAULT_SENTENCE_END_PHRASES) atSentenceEnd.add(phraseWords(p));
    }

    /** Whether free-text phrases opt out (default true). */
    public Builder phrases(boolean enabled) {
      this.phrases = enabled;
      return this;
    }

    /**
     * Adds opt-out phrases matched anywhere in a message (case-insensitive, whole words).
     *
     * @throws IllegalArgumentException when a phrase has no words
     */
    public Builder addOptOutPhrases(Collection<String> phrases) {
      Objects.requireNonNull(phrases, "phrases == null");
      for (String p : phrases) {
        List<String> words = phraseWords(Objects.requireNonNull(p, "phrase == null"));
        if (!anywhere.contains(words)) anywhere.add(words);
      }
      return this;
    }

    private static List<String> phraseWords(String phrase) {
      List<String> words = words(tokenize(normalize(phrase)));
      if (words.isEmpty()) throw new IllegalArgumentException("opt-out phrase has no words: \"" + phrase + "\"");
      return List.copyOf(words);
    }

    public OptOutKeywords build() {
      return new OptOutKeywords(this);
    }
  }
}
