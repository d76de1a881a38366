package dev.textback.routing;

import dev.textback.business.BusinessProfile;
import dev.textback.phone.PhoneNumber;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.spi.OutboundQueue;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.ReplyRouter;
import dev.textback.spi.RoutedReply;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards each caller reply to the business owner's phone ({@link BusinessProfile#ownerPhone()}) as a
 * text from the business number, for owners who run the business from their mobile:
 *
 * <pre>Reply from +1 555...4567 to your missed call at 14:02: Yes, tomorrow works</pre>
 *
 * <p>The time is when the conversation opened, in the business's zone. The text goes through the engine's
 * outbox ({@link OutboxKind#FORWARD}), so it survives restarts and carrier outages. A business without an
 * owner phone is skipped. Stateless and thread-safe.
 */
public final class OwnerSmsForwardRouter implements ReplyRouter {
  private static final Logger log = LoggerFactory.getLogger(OwnerSmsForwardRouter.class);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

  public OwnerSmsForwardRouter() {}

  @Override
  public void route(RoutedReply reply) {
    Objects.requireNonNull(reply, "reply == null");
    BusinessProfile business = reply.business();
    forward(business.id(), business.ownerPhone().orElse(null), business.zone(), reply.conversation(),
        reply.message(), reply.outbound());
  }

  /** Queues the forward to {@code owner}, or does nothing when {@code owner} is null. */
  static void forward(String businessId, @Nullable PhoneNumber owner, ZoneId zone, Conversation conversation,
      ConversationMessage message, OutboundQueue outbound) {
    if (owner == null) {
      log.debug("business {} has no owner phone; reply {} not forwarded", businessId, message.id());
      return;
    }
    if (owner.equals(conversation.caller())) {
      // The owner's own text (or its phone's auto-reply) to the business number: forwarding it would be answered
      // again, and forwarded again.
      log.debug("reply {} came from the owner's phone; not forwarded to it", message.id());
      return;
    }
    String text = format(conversation.caller(), conversation.openedAt(), zone, message.body(),
        message.mediaUrls().size());
    String entryId = outbound.enqueue(OutboxKind.FORWARD, owner, text);
    log.debug("reply {} of conversation {} forwarded to {} as outbox entry {}", message.id(), conversation.id(),
        owner.masked(), entryId);
  }

  /** The forward text; {@code attachments} adds a note such as {@code [2 attachments]}. */
  static String format(PhoneNumber caller, Instant openedAt, ZoneId zone, String body, int attachments) {
    String content = body;
    if (attachments > 0) {
      content = (body.isBlank() ? "" : body + " ") + "[" + attachments
          + (attachments == 1 ? " attachment]" : " attachments]");
    }
    return "Reply from " + PartialNumber.of(caller) + " to your missed call at "
        + TIME.format(openedAt.atZone(zone)) + ": " + content;
  }

  @Override
  public String toString() {
    return "OwnerSmsForwardRouter";
  }
}
