package dev.textback.carrier;

import java.util.Map;

/**
 * What a carrier adapter remembers about a call between its webhooks (how a {@code <Dial>} ended while a
 * voicemail greeting plays, which leg belongs to which caller), kept in the engine's store under this
 * carrier and the call id. Each method is one store transaction. Entries are removed when the adapter
 * {@link #forget}s them and otherwise purged with the engine's retention. Thread-safe.
 */
public interface PendingCalls {
  /**
   * Adds {@code values} to what is remembered about {@code callId}, replacing values of the same names.
   *
   * @throws RuntimeException when the store failed
   */
  void remember(String callId, Map<String, String> values);

  /** What is remembered about {@code callId}; empty when nothing is. */
  Map<String, String> recall(String callId);

  /** Removes and returns what was remembered about {@code callId}; empty when nothing was. */
  Map<String, String> forget(String callId);
}
