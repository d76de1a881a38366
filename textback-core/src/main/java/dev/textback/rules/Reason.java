package dev.textback.rules;

/**
 * Machine-readable reason attached to every decision about a call; stats and logs group by it. Names are
 * stable: stores persist them.
 */
public enum Reason {
  /** A missed call to text now. */
  TEXT,
  /** A missed call to text once quiet hours end. */
  DEFERRED_QUIET_HOURS,
  /** A missed call to text after the business's send delay. */
  DELAYED,
  SKIPPED_ANSWERED,
  SKIPPED_OUTCOME_NOT_COUNTED,
  SKIPPED_SHORT_RING,
  SKIPPED_UNKNOWN_BUSINESS_NUMBER,
  SKIPPED_ANONYMOUS_CALLER,
  SKIPPED_INVALID_CALLER,
  SKIPPED_SHORT_CODE_CALLER,
  /** Toll-free, premium-rate, shared-cost, UAN, voicemail or pager number (configurable). */
  SKIPPED_UNTEXTABLE_LINE_TYPE,
  SKIPPED_IGNORED_CALLER,
  /** The caller is the business itself (a transfer or a test loop). */
  SKIPPED_OWN_NUMBER,
  SKIPPED_OPTED_OUT,
  /** Earlier sends to the number failed permanently (landline, invalid, blocked). */
  SKIPPED_UNREACHABLE_NUMBER,
  SKIPPED_COOLDOWN,
  SKIPPED_QUIET_HOURS,
  /** A custom rule said no; its detail says why. */
  SKIPPED_BY_RULE;

  public boolean isSkip() {
    return name().startsWith("SKIPPED_");
  }
}
