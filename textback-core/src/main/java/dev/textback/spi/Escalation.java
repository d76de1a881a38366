package dev.textback.spi;

import dev.textback.business.BusinessProfile;
import dev.textback.reply.Conversation;
import java.time.Duration;

/**
 * A caller's reply that waited too long for the business.
 *
 * @param business the business
 * @param conversation the waiting conversation
 * @param waited how long the oldest unanswered reply has waited
 * @param lastReply the text of the caller's latest message
 * @param outbound for notifiers that text someone, durably
 */
public record Escalation(BusinessProfile business, Conversation conversation, Duration waited, String lastReply,
    OutboundQueue outbound) {}
