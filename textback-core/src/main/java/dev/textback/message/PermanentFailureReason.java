package dev.textback.message;

/** Why a carrier refused a text for good. */
public enum PermanentFailureReason {
  INVALID_NUMBER,
  /** The recipient opted out at the carrier (e.g. replied STOP there). */
  OPTED_OUT,
  /** A landline or another number that cannot receive texts. */
  NOT_MOBILE,
  /** Blocked by the carrier or a filter. */
  BLOCKED,
  /** Credentials rejected or the account may not send from this number. */
  AUTH,
  OTHER
}
