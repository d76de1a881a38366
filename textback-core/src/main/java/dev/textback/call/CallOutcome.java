package dev.textback.call;

/** How a call to a business ended, normalised across carriers. */
public enum CallOutcome {
  /** A person at the business answered. */
  ANSWERED,
  /** It rang out. */
  NO_ANSWER,
  /** The business line was busy. */
  BUSY,
  /** The business declined the call. */
  REJECTED,
  /** The caller hung up while it was ringing. */
  CANCELED,
  /** The call could not be connected (carrier or network failure). */
  FAILED,
  /** Reached a voicemail box or answering machine; see {@link CallEvent#voicemail()}. */
  VOICEMAIL
}
