package dev.textback.internal;

import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The outbox entries of routing work, written in the transaction that creates the work: the reply recorded, the
 * conversation marked escalated. They name the conversation's business number, caller and carrier, carry the
 * message they are about, and have no body: nothing of the caller's text is copied.
 */
final class RoutingWork {
  private RoutingWork() {}

  /** A caller's reply to hand to the reply router, due at once. */
  static OutboxEntry routeReply(Conversation conversation, ConversationMessage reply, Instant now) {
    return entry(OutboxKind.ROUTE_REPLY, conversation, reply.id(), now);
  }

  /**
   * A waiting reply to hand to the escalation notifier, due at once; {@code latestMessageId} is the caller's latest
   * message (quoted to the business), or null when the conversation has none.
   */
  static OutboxEntry notifyEscalation(Conversation conversation, @Nullable String latestMessageId, Instant now) {
    return entry(OutboxKind.NOTIFY_ESCALATION, conversation, latestMessageId, now);
  }

  private static OutboxEntry entry(OutboxKind kind, Conversation c, @Nullable String messageId, Instant now) {
    return OutboxEntry.builder().id(Ids.newId("rt")).kind(kind).businessId(c.businessId()).carrier(c.carrier())
        .from(c.businessNumber()).to(c.caller()).body("").conversationId(c.id()).conversationMessageId(messageId)
        .createdAt(now).dueAt(now).status(OutboxStatus.PENDING).build();
  }
}
