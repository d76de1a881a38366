package dev.textback.spi;

/**
 * Tells someone that a caller's reply is waiting. The engine marks the conversation escalated and writes an
 * outbox entry ({@link OutboxKind#NOTIFY_ESCALATION}) in one store transaction, so each waiting reply is escalated
 * once; the notifier is then called on the routing executor with a lease, retries and takeover after a crash,
 * exactly as a {@link ReplyRouter} is: at least once, a repeat flagged {@link Escalation#possibleDuplicate()} with
 * the same {@link Escalation#id()}. An escalation whose reply the business answered before it could be handed over
 * is dropped. Send texts through {@link Escalation#outbound()}: they are durable and queued once per escalation.
 * Throw a {@link RoutingException} to say whether to try again; other exceptions are retried. Thread-safe.
 */
@FunctionalInterface
public interface EscalationNotifier {
  void escalate(Escalation escalation) throws Exception;
}
