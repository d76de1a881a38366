package dev.textback.spi;

import dev.textback.phone.CarrierId;

/**
 * Sends texts through one carrier. The engine's dispatcher is the only caller; it runs sends on its own
 * threads and owns retries, so an implementation makes exactly one attempt per call. Implementations must be
 * thread-safe.
 */
public interface SmsGateway {
  /** The carrier it sends through; the engine hands it the texts of calls and messages of that carrier. */
  CarrierId carrier();

  /**
   * Makes one attempt to send.
   *
   * @return the carrier's acceptance
   * @throws RetriableSendException when a later attempt may succeed
   * @throws PermanentSendException when the carrier refused the text for good
   */
  SendReceipt send(SendRequest request);
}
