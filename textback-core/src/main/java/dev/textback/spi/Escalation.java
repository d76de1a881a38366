package dev.textback.spi;

import dev.textback.business.BusinessProfile;
import dev.textback.reply.Conversation;
import java.time.Duration;

/**
 * A caller's reply that waited too long for the business.
 *
 * @param business the business
 * @param conversation the waiting conversation, as it stands when the escalation is handed over
 * @param waited how long the oldest unanswered reply had waited when the conversation was escalated (the same on
 *     every delivery of this escalation)
 * @param lastReply the text of the caller's latest message when the conversation was escalated
 * @param outbound for notifiers that text someone, durably; texts queued through it for this escalation are
 *     queued once however often it is handed over
 * @param id identifies this escalation, the same on every delivery of it, so a receiver can drop a second copy
 * @param possibleDuplicate true when this escalation may have been handed over before: an earlier attempt failed
 *     part way or its engine stopped in the middle
 */
public record Escalation(BusinessProfile business, Conversation conversation, Duration waited, String lastReply,
    OutboundQueue outbound, String id, boolean possibleDuplicate) {

  /**
   * An escalation handed over for the first time, identified by its conversation and the time the waiting reply
   * arrived. The engine uses the canonical constructor, with the id of its outbox entry.
   */
  public Escalation(BusinessProfile business, Conversation conversation, Duration waited, String lastReply,
      OutboundQueue outbound) {
    this(business, conversation, waited, lastReply, outbound, conversation.id() + "@"
        + (conversation.awaitingSince() == null ? "" : conversation.awaitingSince().toString()), false);
  }
}
