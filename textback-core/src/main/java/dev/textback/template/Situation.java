package dev.textback.template;

/**
 * Which variant of a text-back fits the missed call. {@link #DEFAULT} is required in the business's
 * default language and is used whenever a more specific variant is absent.
 */
public enum Situation {
  DEFAULT,
  /** Missed while the business is open. */
  OPEN,
  /** Missed outside opening hours (also used when quiet hours are set to send anyway). */
  AFTER_HOURS,
  /** The caller left a voicemail. */
  VOICEMAIL_LEFT,
  /** The line was busy. */
  BUSY
}
