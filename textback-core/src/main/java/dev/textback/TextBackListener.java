package dev.textback;

import dev.textback.call.CallEvent;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.InboundMessage;
import dev.textback.reply.Conversation;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.SendException;
import dev.textback.spi.SendReceipt;

/**
 * Sees every engine event, for metrics and audit. Every method is a no-op by default. The engine calls
 * listeners inside try/catch: a failing listener is logged and never breaks a send. Calls come from webhook
 * and dispatcher threads concurrently, so implementations must be thread-safe and quick.
 */
public interface TextBackListener {
  /** A call was decided (including duplicates, which carry the stored decision). */
  default void onCallDecided(CallEvent event, CallDecision decision) {}

  /** A text was written to the outbox. */
  default void onQueued(OutboxEntry entry) {}

  /** A send attempt is about to start. */
  default void onSendAttempt(OutboxEntry entry) {}

  /** The carrier accepted a text. */
  default void onSent(OutboxEntry entry, SendReceipt receipt) {}

  /**
   * A send attempt failed.
   *
   * @param willRetry true when the entry stays pending for another attempt
   */
  default void onSendFailed(OutboxEntry entry, SendException failure, boolean willRetry) {}

  /** A pending text was canceled or expired without being sent. */
  default void onWithdrawn(OutboxEntry entry) {}

  /** An inbound text was handled. */
  default void onInbound(InboundMessage message, InboundResult result) {}

  /**
   * A delivery receipt was applied. One that arrived before its send was recorded is kept and applied (and reported
   * here) when the send is recorded; several such receipts for one text are reported as the one that decides.
   */
  default void onDeliveryReceipt(DeliveryReceipt receipt) {}

  /**
   * A reply router failed to take a reply, once per failed attempt: the engine tries again later unless the failure
   * was a permanent {@link dev.textback.spi.RoutingException}. The reply stays in the conversation either way.
   */
  default void onRoutingFailed(Conversation conversation, Exception failure) {}

  /** A waiting reply was escalated. */
  default void onEscalated(Conversation conversation) {}
}
