package dev.textback.policy;

import java.util.Collection;
import java.util.List;

/**
 * Recognises opt-out, opt-in and help requests in inbound texts. Whole-message keywords are matched after
 * trimming, case folding, collapsing spaces and stripping surrounding punctuation: {@code STOP},
 * {@code STOPALL}, {@code UNSUBSCRIBE}, {@code CANCEL}, {@code END}, {@code QUIT}, {@code REVOKE},
 * {@code OPTOUT} (and {@code STOP ALL}, {@code OPT OUT}, {@code OPT-OUT}) opt out; {@code START},
 * {@code UNSTOP} and {@code YES} (only after an opt-out) opt back in; {@code HELP} and {@code INFO} ask for
 * help. Phrases such as "stop texting me" or "unsubscribe me" opt out too, unless turned off. Immutable
 * and thread-safe.
 */
public final class OptOutKeywords {
  private OptOutKeywords() {
    throw new UnsupportedOperationException("TODO");
  }

  public static OptOutKeywords defaults() {
    throw new UnsupportedOperationException("TODO");
  }

  public static Builder builder() {
    throw new UnsupportedOperationException("TODO");
  }

  /**
   * Classifies a message.
   *
   * @param body the message text; null is treated as empty
   * @param optedOut whether the sender is currently opted out (decides whether {@code YES} opts in)
   */
  public KeywordMatch classify(String body, boolean optedOut) {
    throw new UnsupportedOperationException("TODO");
  }

  /** Configures an {@link OptOutKeywords}. Not thread-safe. */
  public static final class Builder {
    /** Whether free-text phrases opt out (default true). */
    public Builder phrases(boolean enabled) {
      throw new UnsupportedOperationException("TODO");
    }

    /** Adds opt-out phrases matched anywhere in a message (case-insensitive, whole words). */
    public Builder addOptOutPhrases(Collection<String> phrases) {
      throw new UnsupportedOperationException("TODO");
    }

    public OptOutKeywords build() {
      throw new UnsupportedOperationException("TODO");
    }
  }

}
