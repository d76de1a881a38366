package dev.textback.routing;

import dev.textback.business.BusinessProfile;
import dev.textback.phone.PhoneNumber;
import dev.textback.reply.Conversation;
import dev.textback.spi.Escalation;
import dev.textback.spi.EscalationNotifier;
import dev.textback.spi.OutboundQueue;
import dev.textback.spi.OutboxKind;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Texts the business owner ({@link BusinessProfile#ownerPhone()}) when a caller's reply has waited too
 * long, from the business number:
 *
 * <pre>Acme Plumbing: a caller (+1 555...4567) replied 12 min ago and is waiting: "Can you come today?"</pre>
 *
 * <p>The quoted reply is cut to 80 characters. The text goes through the engine's outbox
 * ({@link OutboxKind#ESCALATION}). A business without an owner phone is skipped. Stateless and
 * thread-safe.
 */
public final class OwnerSmsEscalationNotifier implements EscalationNotifier {
  private static final Logger log = LoggerFactory.getLogger(OwnerSmsEscalationNotifier.class);
  static final int QUOTE_LIMIT = 80;

  public OwnerSmsEscalationNotifier() {}

  @Override
  public void escalate(Escalation escalation) {
    Objects.requireNonNull(escalation, "escalation == null");
    BusinessProfile business = escalation.business();
    notifyOwner(business.id(), business.displayName(), business.ownerPhone().orElse(null),
        escalation.conversation(), escalation.waited(), escalation.lastReply(), escalation.outbound());
  }

  /** Queues the escalation text to {@code owner}, or does nothing when {@code owner} is null. */
  static void notifyOwner(String businessId, String businessName, @Nullable PhoneNumber owner,
      Conversation conversation, Duration waited, String lastReply, OutboundQueue outbound) {
    if (owner == null) {
      log.debug("business {} has no owner phone; escalation of conversation {} not texted", businessId,
          conversation.id());
      return;
    }
    if (owner.equals(conversation.caller())) {
      log.debug("conversation {} is with the owner's own phone; not escalated to it", conversation.id());
      return;
    }
    String text = format(businessName, conversation.caller(), waited, lastReply);
    String entryId = outbound.enqueue(OutboxKind.ESCALATION, owner, text);
    log.debug("escalation of conversation {} texted to {} as outbox entry {}", conversation.id(), owner.masked(),
        entryId);
  }

  /** The escalation text. A null {@code lastReply} quotes nothing. */
  static String format(String businessName, PhoneNumber caller, Duration waited, @Nullable String lastReply) {
    return businessName + ": a caller (" + PartialNumber.of(caller) + ") replied " + waited.toMinutes()
        + " min ago and is waiting: \"" + quote(lastReply) + "\"";
  }

  /** Whitespace runs become one space; over the limit, the text is cut and ends with an ellipsis. */
  static String quote(@Nullable String reply) {
    if (reply == null) return "";
    String flat = reply.strip().replaceAll("\\s+", " ");
    if (flat.codePointCount(0, flat.length()) <= QUOTE_LIMIT) return flat;
    int end = flat.offsetByCodePoints(0, QUOTE_LIMIT - 3);
    return flat.substring(0, end).stripTrailing() + "...";
  }

  @Override
  public String toString() {
    return "OwnerSmsEscalationNotifier";
  }
}
