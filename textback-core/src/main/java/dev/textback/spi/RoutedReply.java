package dev.textback.spi;

import dev.textback.business.BusinessProfile;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;

/**
 * A caller's reply handed to a {@link ReplyRouter}.
 *
 * @param business the business the caller wrote to
 * @param conversation the conversation, after the reply was recorded
 * @param message the caller's message
 * @param outbound for routers that text someone (e.g. the owner), durably
 */
public record RoutedReply(BusinessProfile business, Conversation conversation, ConversationMessage message,
    OutboundQueue outbound) {}
