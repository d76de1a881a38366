package dev.textback.example.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textback.routing.CrmWebhookSignature;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The CRM side: textback posts each caller reply here as signed JSON ({@code textback.replies.crm-webhook-url}).
 * It checks the signature on the raw body, ignores a message id it already has (a reply is posted at least once),
 * and keeps the reply; a real CRM would open a ticket or attach it to the contact.
 */
@RestController
public class ReplyInboxController {
  private static final Logger log = LoggerFactory.getLogger(ReplyInboxController.class);

  private final String secret;
  private final ObjectMapper json = new ObjectMapper();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final List<Map<String, String>> inbox = Collections.synchronizedList(new ArrayList<>());

  /**
   * Receives replies signed with this secret.
   *
   * @param secret the same secret textback signs with
   */
  public ReplyInboxController(@Value("${textback.replies.crm-webhook-secret}") String secret) {
    this.secret = secret;
  }

  /**
   * Takes one reply.
   *
   * @param timestamp the signing time textback sent
   * @param signature the signature textback sent
   * @param body the raw JSON body
   * @return 204 when kept (or already kept), 401 when the signature does not match
   * @throws IOException when the body is not JSON
   */
  @PostMapping("/crm/textback-replies")
  public ResponseEntity<Void> reply(
      @RequestHeader(value = CrmWebhookSignature.TIMESTAMP_HEADER, required = false) String timestamp,
      @RequestHeader(value = CrmWebhookSignature.SIGNATURE_HEADER, required = false) String signature,
      @RequestBody(required = false) byte[] body) throws IOException {
    if (!CrmWebhookSignature.verify(secret, timestamp, body, signature, Clock.systemUTC(),
        CrmWebhookSignature.DEFAULT_TOLERANCE)) {
      return ResponseEntity.status(401).build();
    }
    JsonNode reply = json.readTree(body);
    String messageId = reply.path("message").path("id").asText();
    if (seen.add(messageId)) {
      JsonNode conversation = reply.path("conversation");
      inbox.add(Map.of("business", conversation.path("businessId").asText(),
          "conversation", conversation.path("id").asText(),
          "text", reply.path("message").path("body").asText()));
      log.info("reply {} in conversation {} filed", messageId, conversation.path("id").asText());
    }
    return ResponseEntity.noContent().build();
  }

  /**
   * The replies received so far, oldest first.
   *
   * @return the inbox
   */
  @GetMapping("/crm/inbox")
  public List<Map<String, String>> inbox() {
    synchronized (inbox) {
      return List.copyOf(inbox);
    }
  }
}
