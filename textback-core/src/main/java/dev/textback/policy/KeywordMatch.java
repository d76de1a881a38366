package dev.textback.policy;

/**
 * The classification of one inbound message.
 *
 * @param intent what the message asks for
 * @param keyword the keyword or phrase that matched (normalised), empty for {@link KeywordIntent#NONE}
 * @param phrase true when a free-text phrase matched rather than a whole-message keyword; such opt-outs are
 *     honoured and worth a human look
 */
public record KeywordMatch(KeywordIntent intent, String keyword, boolean phrase) {
  public static final KeywordMatch NONE = new KeywordMatch(KeywordIntent.NONE, "", false);
}
