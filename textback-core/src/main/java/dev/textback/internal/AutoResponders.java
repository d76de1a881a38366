package dev.textback.internal;

import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Recognises texts that look machine-written (out-of-office, driving mode, "do not reply"), which must never
 * get an automatic answer: two bots answering each other loop until someone pays for it.
 */
public final class AutoResponders {
  private static final Pattern AUTO = Pattern.compile(
      "\\b(auto[- ]?(reply|replies|response|responder|generated|matic(ally)? (reply|response|message)))\\b"
          + "|\\bautomated (message|reply|response)\\b"
          + "|\\bout of (the )?office\\b"
          + "|\\bdo not reply\\b|\\bdon'?t reply to this\\b|\\bno[- ]?reply\\b"
          + "|\\bi'?m driving\\b|\\bdriving (mode|with do not disturb)\\b|\\bdo not disturb\\b"
          + "|\\bthis (number|inbox) is not monitored\\b");

  private AutoResponders() {}

  public static boolean looksAutomatic(@Nullable String body) {
    return body != null && AUTO.matcher(body.toLowerCase(Locale.ROOT)).find();
  }
}
