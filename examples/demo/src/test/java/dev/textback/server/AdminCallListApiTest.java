package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.textback.demo.Demo;
import dev.textback.demo.TwilioSimulator;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.DeliveryStatus;
import dev.textback.phone.PhoneNumber;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationStatus;
import dev.textback.twilio.TwilioCarrier;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The admin API's call list ({@code /api/calls}), "call these back" list ({@code /api/callbacks}),
 * {@code POST /api/callbacks/called} and the dashboard's "needs reply" list, against a server fed signed calls by the
 * carrier simulator. The server's clock
 * is the demo's July afternoon ({@link Demo#STORY_START}, 2026-07-14 in Denver), so "today" is that day.
 */
class AdminCallListApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TODAY = Demo.STORY_START.toLocalDate().toString();
  private static final String MARIA = "+17205550142";
  private RunningServer running;

  @BeforeEach
  void start() throws Exception {
    running = RunningServer.start();
  }

  @AfterEach
  void stop() {
    running.close();
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r = running.admin("GET", path);
    assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** Maria's call rings out and is texted (the carrier accepts the text); a withheld number's call is skipped. */
  private TwilioSimulator.Sent aTextedAndASkippedCall() throws Exception {
    running.carrier.call(MARIA, RunningServer.LINE, "no-answer", 0);
    running.carrier.call("anonymous", RunningServer.LINE, "no-answer", 0);
    running.server.engine().runDueWork();
    assertThat(running.carrier.sent()).hasSize(1);
    return running.carrier.sent().get(0);
  }

  private static JsonNode byStatus(JsonNode calls, String status) {
    List<JsonNode> found = new ArrayList<>();
    calls.forEach(c -> {
      if (c.get("status").asText().equals(status)) found.add(c);
    });
    assertThat(found).as("calls with status " + status).hasSize(1);
    return found.get(0);
  }

  @Test
  void the_call_list_shows_todays_calls_newest_first_with_outcomes_in_words() throws Exception {
    TwilioSimulator.Sent text = aTextedAndASkippedCall();
    running.server.engine().onDeliveryReceipt(
        new DeliveryReceipt(TwilioCarrier.ID, text.sid(), DeliveryStatus.DELIVERED, null, Instant.now()));

    JsonNode list = get("/api/calls?business=summit");

    assertThat(list.get("business").asText()).isEqualTo("summit");
    assertThat(list.get("zone").asText()).isEqualTo("America/Denver");
    assertThat(list.get("from").asText()).isEqualTo(TODAY);
    assertThat(list.get("to").asText()).isEqualTo(TODAY);
    assertThat(list.get("truncated").asBoolean()).isFalse();
    JsonNode calls = list.get("calls");
    assertThat(calls).hasSize(2);
    // The withheld number called second, so it comes first.
    assertThat(calls.get(0).get("status").asText()).isEqualTo("skipped");
    assertThat(Instant.parse(calls.get(0).get("at").asText()))
        .isAfterOrEqualTo(Instant.parse(calls.get(1).get("at").asText()));

    JsonNode skipped = byStatus(calls, "skipped");
    assertThat(skipped.get("caller").isNull()).isTrue();
    assertThat(skipped.get("reason").asText()).isEqualTo("SKIPPED_ANONYMOUS_CALLER");
    assertThat(skipped.get("summary").asText()).isEqualTo("Not texted: the caller withheld their number");
    assertThat(skipped.get("text").isNull()).isTrue();
    assertThat(skipped.get("conversationId").isNull()).isTrue();

    JsonNode delivered = byStatus(calls, "delivered");
    assertThat(delivered.get("caller").asText()).isEqualTo(MARIA);
    assertThat(delivered.get("dialled").asText()).isEqualTo(RunningServer.LINE);
    assertThat(delivered.get("callOutcome").asText()).isEqualTo("no_answer");
    assertThat(delivered.get("reason").asText()).isEqualTo("TEXT");
    assertThat(delivered.get("summary").asText()).isEqualTo("Texted, delivered");
    assertThat(delivered.get("text").get("status").asText()).isEqualTo("delivered");
    assertThat(delivered.get("text").get("deliveredAt").isTextual()).isTrue();
    assertThat(delivered.get("conversationId").asText()).isNotBlank();
    assertThat(delivered.get("repliedAt").isNull()).isTrue();
    // The reference server has no caller directory outside the demo.
    assertThat(delivered.get("callerName").isNull()).isTrue();
  }

  @Test
  void another_day_or_a_range_without_calls_is_an_empty_list() throws Exception {
    aTextedAndASkippedCall();

    assertThat(get("/api/calls?business=summit&day=2026-07-13").get("calls")).isEmpty();
    JsonNode range = get("/api/calls?business=summit&from=2026-07-01&to=2026-07-14");
    assertThat(range.get("from").asText()).isEqualTo("2026-07-01");
    assertThat(range.get("to").asText()).isEqualTo("2026-07-14");
    assertThat(range.get("calls")).hasSize(2);
  }

  @Test
  void call_these_back_lists_the_texted_caller_until_marked_called() throws Exception {
    aTextedAndASkippedCall();

    JsonNode before = get("/api/callbacks?business=summit");
    assertThat(before).hasSize(1);
    JsonNode maria = before.get(0);
    assertThat(maria.get("caller").asText()).isEqualTo(MARIA);
    assertThat(maria.get("dialled").asText()).isEqualTo(RunningServer.LINE);
    assertThat(maria.get("status").asText()).isEqualTo("sent");
    assertThat(maria.get("calledAt").isTextual()).isTrue();
    assertThat(maria.get("conversationId").asText()).isNotBlank();

    HttpResponse<String> marked = running.adminPost("/api/callbacks/called?business=summit",
        "{\"caller\": \"" + MARIA + "\", \"by\": \"Dave\"}");

    assertThat(marked.statusCode()).isEqualTo(200);
    JsonNode mark = JSON.readTree(marked.body());
    assertThat(mark.get("caller").asText()).isEqualTo(MARIA);
    assertThat(mark.get("calledBackAt").isTextual()).isTrue();
    assertThat(get("/api/callbacks?business=summit")).isEmpty();
    JsonNode call = byStatus(get("/api/calls?business=summit").get("calls"), "sent");
    assertThat(call.get("calledBackAt").asText()).isEqualTo(mark.get("calledBackAt").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/calls?business=summit&day=2026-13-01", "/api/calls?business=summit&day=yesterday",
      "/api/calls?business=summit&from=2026-07-14&to=2026-07-13",
      "/api/calls?business=summit&from=2026-01-01&to=2026-07-14",
      "/api/calls?business=summit&day=2026-07-14&from=2026-07-01", "/api/calls?business=nobody",
      "/api/callbacks?business=summit&days=0", "/api/callbacks?business=summit&days=many",
      // Dates at the ends of the time line: the arithmetic after parsing overflowed, answered 500 before.
      "/api/calls?business=summit&day=%2B999999999-12-31", "/api/calls?business=summit&day=-999999999-01-01",
      "/api/stats?business=summit&to=-1000000000-01-01T00:00:00Z", "/api/stats?business=summit&from=1900-01-01",
      "/api/stats/daily?business=summit&days=x"})
  void bad_dates_and_parameters_are_400_with_a_message(String path) throws Exception {
    HttpResponse<String> r = running.admin("GET", path);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("error").asText()).isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "{\"caller\": \"720-555\"}", "{\"caller\": 17205550142}", "not json"})
  void marking_needs_a_caller_in_e164(String body) throws Exception {
    HttpResponse<String> r = running.adminPost("/api/callbacks/called?business=summit", body);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("error").asText()).isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/calls", "/api/callbacks"})
  void the_lists_need_the_admin_token(String path) throws Exception {
    assertThat(running.send("GET", path).statusCode()).isEqualTo(401);
    assertThat(running.send("GET", path, "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
  }

  @Test
  void marking_needs_the_admin_token_and_a_post() throws Exception {
    assertThat(running.send("POST", "/api/callbacks/called?business=summit").statusCode()).isEqualTo(401);
    HttpResponse<String> get = running.admin("GET", "/api/callbacks/called");
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
  }

  /**
   * Every texted missed call opens a conversation that stays open for days, so a reply waiting since yesterday can
   * sit behind hundreds of newer conversations; the dashboard's "needs reply" list still shows it.
   */
  @Test
  void a_reply_waiting_behind_250_newer_open_conversations_is_still_listed_as_needing_one() throws Exception {
    Instant now = running.server.engine().clock().instant();
    Instant yesterday = now.minus(Duration.ofDays(1));
    running.server.store().inTransaction(tx -> {
      tx.insertConversation(conversation("waiting", "+17205550100", yesterday)
          .withCallerReply(yesterday, yesterday.plus(Duration.ofMinutes(10))));
      for (int i = 0; i < 250; i++) {
        tx.insertConversation(conversation("newer-" + i, "+1720555" + (1000 + i), now.minusSeconds(250 - i)));
      }
      return null;
    });

    JsonNode list = get("/api/conversations?needsReply=true&business=summit");

    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("id").asText()).isEqualTo("waiting");
  }

  private static Conversation conversation(String id, String caller, Instant at) {
    return Conversation.builder().id(id).businessId("summit").businessNumber(PhoneNumber.of(RunningServer.LINE))
        .caller(PhoneNumber.of(caller)).carrier("twilio").openedAt(at).status(ConversationStatus.OPEN)
        .lastActivityAt(at).build();
  }
}
