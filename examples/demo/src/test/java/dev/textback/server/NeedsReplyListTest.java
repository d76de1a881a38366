package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textback.phone.PhoneNumber;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationStatus;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's "needs reply" list: every texted missed call opens a conversation that stays open for days, so a
 * reply waiting since yesterday can sit behind hundreds of newer conversations; it must still be listed.
 */
class NeedsReplyListTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private RunningServer running;

  @BeforeEach
  void start() throws Exception {
    running = RunningServer.start();
  }

  @AfterEach
  void stop() {
    running.close();
  }

  @Test
  void a_reply_waiting_behind_250_newer_open_conversations_is_still_listed() throws Exception {
    Instant now = running.server.engine().clock().instant();
    Instant yesterday = now.minus(Duration.ofDays(1));
    running.server.store().inTransaction(tx -> {
      tx.insertConversation(conversation("waiting", "+17205550100", yesterday)
          .withCallerReply(yesterday, yesterday.plus(Duration.ofMinutes(10))));
      for (int i = 0; i < 250; i++) {
        tx.insertConversation(conversation("newer-" + i, "+1720555" + String.format("%04d", 1000 + i),
            now.minusSeconds(250 - i)));
      }
      return null;
    });

    HttpResponse<String> r = running.admin("GET", "/api/conversations?needsReply=true&business=summit");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode list = JSON.readTree(r.body());
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("id").asText()).isEqualTo("waiting");
  }

  private static Conversation conversation(String id, String caller, Instant at) {
    return Conversation.builder().id(id).businessId("summit").businessNumber(PhoneNumber.of(RunningServer.LINE))
        .caller(PhoneNumber.of(caller)).carrier("twilio").openedAt(at).status(ConversationStatus.OPEN)
        .lastActivityAt(at).build();
  }
}
