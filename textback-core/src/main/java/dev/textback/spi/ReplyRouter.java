package dev.textback.spi;

/**
 * Delivers a caller's reply to whoever acts on it: a CRM, an inbox, the owner's phone, an agent. Called after
 * the reply is stored, on the engine's router executor (never the webhook thread), once per reply.
 * Opt-out and help messages are handled before and never reach a router. An exception is logged and
 * reported to listeners; the reply stays in the conversation either way. Implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface ReplyRouter {
  void route(RoutedReply reply) throws Exception;
}
