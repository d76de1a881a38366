package dev.textback.rules;

import java.util.Objects;

/**
 * What the missed-call rules concluded about one call.
 *
 * @param reason {@link Reason#TEXT}, or the first rule's reason to skip
 * @param detail human-readable detail for logs (never a full phone number)
 */
public record RuleVerdict(Reason reason, String detail) {
  public static final RuleVerdict TEXT = new RuleVerdict(Reason.TEXT, "missed call");

  public RuleVerdict {
    Objects.requireNonNull(reason, "reason == null");
    Objects.requireNonNull(detail, "detail == null");
  }

  public static RuleVerdict skip(Reason reason, String detail) {
    if (!reason.isSkip()) throw new IllegalArgumentException(reason + " is not a skip reason");
    return new RuleVerdict(reason, detail);
  }

  public boolean shouldText() {
    return !reason.isSkip();
  }
}
