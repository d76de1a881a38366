package dev.textback.spi;

/** Why an outbound text exists. */
public enum OutboxKind {
  /** The automatic text-back to a missed call. */
  TEXT_BACK,
  /** A person at the business replying in a conversation. */
  REPLY,
  /** An automatic answer (help text, opt-out confirmation). */
  AUTO_REPLY,
  /** A caller's reply forwarded to the owner's phone. */
  FORWARD,
  /** An escalation to the owner's phone. */
  ESCALATION
}
