package dev.textback.spi;

import dev.textback.business.BusinessProfile;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;

/**
 * A caller's reply handed to a {@link ReplyRouter}.
 *
 * @param business the business the caller wrote to
 * @param conversation the conversation as it stands when the reply is routed
 * @param message the caller's message; its {@link ConversationMessage#id() id} is the same on every delivery of
 *     this reply, so a receiver that keeps it can drop a second copy
 * @param outbound for routers that text someone (e.g. the owner), durably; texts queued through it while routing
 *     this reply are queued once however often the reply is routed
 * @param possibleDuplicate true when this reply may have been routed before: an earlier attempt failed part way
 *     or its engine stopped in the middle. Routers that cannot ignore a repeat should check the message id then.
 */
public record RoutedReply(BusinessProfile business, Conversation conversation, ConversationMessage message,
    OutboundQueue outbound, boolean possibleDuplicate) {

  /** A reply routed for the first time, as the engine hands it over when nothing went wrong before. */
  public RoutedReply(BusinessProfile business, Conversation conversation, ConversationMessage message,
      OutboundQueue outbound) {
    this(business, conversation, message, outbound, false);
  }
}
