package dev.textback.reply;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One message in a conversation.
 *
 * @param id unique id (for outbound messages, the outbox entry id)
 * @param conversationId the conversation
 * @param direction which way it went
 * @param body the text
 * @param at when it was received or queued
 * @param automatic true for messages textback sent on its own (text-back, help, forward)
 * @param author who wrote an outbound human message, or null
 * @param carrierMessageId the carrier's id for inbound messages, or null
 * @param mediaUrls attached media
 */
public record ConversationMessage(String id, String conversationId, Direction direction, String body, Instant at,
    boolean automatic, String author, String carrierMessageId, List<String> mediaUrls) {
  public ConversationMessage {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(conversationId, "conversationId == null");
    Objects.requireNonNull(direction, "direction == null");
    Objects.requireNonNull(body, "body == null");
    Objects.requireNonNull(at, "at == null");
    mediaUrls = List.copyOf(mediaUrls);
  }

  @Override
  public String toString() {
    return "ConversationMessage[" + id + " " + direction + (automatic ? " auto" : "") + ", " + body.length()
        + " chars]";
  }
}
