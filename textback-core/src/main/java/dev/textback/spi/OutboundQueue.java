package dev.textback.spi;

import dev.textback.phone.PhoneNumber;

/**
 * Lets routers and notifiers send texts the durable way: through the engine's outbox, from a business
 * number, retried through outages. Thread-safe.
 */
public interface OutboundQueue {
  /**
   * Queues a text from the business number of the conversation at hand.
   *
   * @return the outbox entry id
   */
  String enqueue(OutboxKind kind, PhoneNumber to, String body);
}
