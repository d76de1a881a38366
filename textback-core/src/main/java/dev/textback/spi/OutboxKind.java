package dev.textback.spi;

/**
 * Why an outbox entry exists. Most kinds are texts a gateway sends; the {@linkplain #isRouting() routing kinds}
 * are work for the engine's reply router or escalation notifier, kept in the outbox so they get the same
 * lease, retry and crash guarantees as texts.
 */
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
  ESCALATION,
  /**
   * A caller's reply to hand to the {@link ReplyRouter}: written in the transaction that records the reply,
   * with the conversation and the message ({@link OutboxEntry#conversationMessageId()}). Not a text: its body is
   * empty and no gateway sends it.
   */
  ROUTE_REPLY,
  /**
   * A waiting reply to hand to the {@link EscalationNotifier}: written in the transaction that marks the
   * conversation escalated, with the conversation and the caller's latest message. Not a text.
   */
  NOTIFY_ESCALATION;

  /**
   * True for work handed to the reply router or escalation notifier rather than sent as a text. A store's
   * {@link TextBackStore#claimDue} never returns these; {@link TextBackStore#claimDueRouting} returns only these.
   */
  public boolean isRouting() {
    return this == ROUTE_REPLY || this == NOTIFY_ESCALATION;
  }
}
