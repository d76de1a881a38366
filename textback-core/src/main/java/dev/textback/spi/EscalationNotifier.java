package dev.textback.spi;

/**
 * Tells someone that a caller's reply is waiting. Called at most once per waiting reply, after the
 * escalation is recorded, on the engine's router executor. Exceptions are logged. Thread-safe.
 */
@FunctionalInterface
public interface EscalationNotifier {
  void escalate(Escalation escalation) throws Exception;
}
