package dev.textback.spi;

/**
 * Delivers a caller's reply to whoever acts on it: a CRM, an inbox, the owner's phone, an agent. Opt-out and
 * help messages are handled before and never reach a router.
 *
 * <p>The engine records each reply together with an outbox entry ({@link OutboxKind#ROUTE_REPLY}) in one store
 * transaction, then hands it to the router on its routing executor (never the webhook thread, never the sending
 * threads), with a lease like a text's: a reply is routed even when the engine that received it stops right after,
 * by another engine or after a restart. Delivery is at least once. A failure is retried with backoff unless it is
 * a {@linkplain RoutingException#permanent() permanent} {@link RoutingException}; a reply that may have been routed
 * before comes with {@link RoutedReply#possibleDuplicate()} set, and the message id stays the same, so a receiver
 * can drop the copy. Texts queued through {@link RoutedReply#outbound()} are queued once per reply however often
 * it is routed, provided the router queues them in the same order each time.
 *
 * <p>Finish well within the engine's lease (two minutes by default): a route still running when the lease ends
 * may be taken over by another engine. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ReplyRouter {
  /**
   * Hands the reply over; returning normally counts as delivered.
   *
   * @throws Exception when it could not be delivered: a {@link RoutingException} says whether to try again, any
   *     other exception is retried
   */
  void route(RoutedReply reply) throws Exception;
}
