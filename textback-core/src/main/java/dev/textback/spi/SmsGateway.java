package dev.textback.spi;

/**
 * Sends texts through one carrier. The engine's dispatcher is the only caller; it runs sends on its own
 * threads and owns retries, so an implementation makes exactly one attempt per call. Implementations must be
 * thread-safe.
 */
public interface SmsGateway {
  /** Carrier name in lower case; must match {@code CallEvent.carrier()} of the events it answers. */
  String carrier();

  /**
   * Makes one attempt to send.
   *
   * @return the carrier's acceptance
   * @throws RetriableSendException when a later attempt may succeed
   * @throws PermanentSendException when the carrier refused the text for good
   */
  SendReceipt send(SendRequest request);
}
