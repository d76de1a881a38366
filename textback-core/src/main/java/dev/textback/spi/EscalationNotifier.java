package dev.textback.spi;

/**
 * Tells someone that a caller's reply is waiting. Called at most once per waiting reply, after the
 * escalation is recorded, on the dispatcher's thread: keep it quick, and send texts through
 * {@link Escalation#outbound()} so they are durable. Exceptions are logged. Thread-safe.
 */
@FunctionalInterface
public interface EscalationNotifier {
  void escalate(Escalation escalation) throws Exception;
}
