package dev.textback.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The JSON bodies of the signed webhooks. Numbers are E.164 strings, instants ISO-8601 strings in UTC,
 * absent values JSON null. Stateless and thread-safe.
 */
final class WebhookPayloads {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private WebhookPayloads() {}

  /** {@code {"event":"reply","possibleDuplicate":false,"conversation":{...},"message":{...}}} */
  static byte[] reply(Conversation conversation, ConversationMessage message, boolean possibleDuplicate) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("event", "reply");
    root.put("possibleDuplicate", possibleDuplicate);
    root.set("conversation", conversation(conversation));
    ObjectNode m = root.putObject("message");
    m.put("id", message.id());
    m.put("body", message.body());
    m.put("at", message.at().toString());
    ArrayNode media = m.putArray("mediaUrls");
    message.mediaUrls().forEach(media::add);
    return bytes(root);
  }

  /**
   * {@code {"event":"escalation","id":"...","possibleDuplicate":false,"conversation":{...},"waitedSeconds":n,
   * "lastReply":"..."}}
   */
  static byte[] escalation(String id, Conversation conversation, Duration waited, String lastReply,
      boolean possibleDuplicate) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("event", "escalation");
    root.put("id", id);
    root.put("possibleDuplicate", possibleDuplicate);
    root.set("conversation", conversation(conversation));
    root.put("waitedSeconds", waited.toSeconds());
    root.put("lastReply", lastReply);
    return bytes(root);
  }

  private static ObjectNode conversation(Conversation c) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("id", c.id());
    n.put("businessId", c.businessId());
    n.put("businessNumber", c.businessNumber().e164());
    n.put("caller", c.caller().e164());
    n.put("callId", c.callId());
    n.put("status", c.status().name().toLowerCase(Locale.ROOT));
    n.put("openedAt", c.openedAt().toString());
    n.put("awaitingSince", iso(c.awaitingSince()));
    return n;
  }

  private static @Nullable String iso(@Nullable Instant at) {
    return at == null ? null : at.toString();
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      // A tree of strings and numbers always serialises.
      throw new IllegalStateException(e);
    }
  }
}
