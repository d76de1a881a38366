package dev.textback.message;

import dev.textback.phone.CarrierId;
import dev.textback.phone.PhoneNumber;
import dev.textback.reply.ConversationMessage;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A text a caller sent to a business number, normalised from the carrier's webhook.
 *
 * @param carrier the carrier that delivered it
 * @param messageId the carrier's message id; with the carrier, the idempotency key
 * @param from the sender
 * @param to the business number it was sent to
 * @param body the text (may be empty for media-only messages)
 * @param mediaUrls attached media, possibly empty; blank entries and ones with a line break are left out
 * @param receivedAt when it arrived
 * @param carrierOptOut the carrier's own opt-out classification ({@code STOP}, {@code START}, {@code HELP}),
 *     or null when it gave none
 */
public record InboundMessage(CarrierId carrier, String messageId, PhoneNumber from, PhoneNumber to,
    @Nullable String body, List<String> mediaUrls, Instant receivedAt, @Nullable String carrierOptOut) {
  public InboundMessage {
    Objects.requireNonNull(carrier, "carrier == null");
    Objects.requireNonNull(messageId, "messageId == null");
    // With the carrier, the id is what tells a redelivery from a new text: a blank one would make every later
    // blank-id text, from anyone, a "redelivery" of the first, and drop it (a STOP among them).
    if (messageId.isBlank()) throw new IllegalArgumentException("messageId is blank");
    Objects.requireNonNull(from, "from == null");
    Objects.requireNonNull(to, "to == null");
    body = body == null ? "" : body;
    // What a carrier sent: an entry no URL could be is left out rather than refuse the caller's whole text.
    mediaUrls = mediaUrls.stream().filter(ConversationMessage::isMediaUrl).toList();
    Objects.requireNonNull(receivedAt, "receivedAt == null");
  }

  @Override
  public String toString() {
    return "InboundMessage[" + carrier + " " + messageId + " from " + from.masked() + " to " + to.masked()
        + ", " + body.length() + " chars]";
  }
}
