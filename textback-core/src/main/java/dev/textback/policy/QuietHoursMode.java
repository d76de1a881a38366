package dev.textback.policy;

/** What to do with a text-back that falls outside the caller's permitted hours. */
public enum QuietHoursMode {
  /** Hold it until the window next opens (default); dropped when older than the maximum deferral. */
  DEFER,
  /** Do not send it at all. */
  SUPPRESS,
  /** Send now with the after-hours template (for businesses that accept the risk). */
  SEND
}
