package dev.textback.test;

import static dev.textback.test.StoreTestData.BUSINESS;
import static dev.textback.test.StoreTestData.CALLER;
import static dev.textback.test.StoreTestData.OTHER_BUSINESS;
import static dev.textback.test.StoreTestData.OTHER_CALLER;
import static dev.textback.test.StoreTestData.T0;
import static dev.textback.test.StoreTestData.conversation;
import static dev.textback.test.StoreTestData.fullConversation;
import static dev.textback.test.StoreTestData.message;
import static dev.textback.test.StoreTestData.minutes;
import static dev.textback.test.StoreTestData.withEscalateAt;
import static dev.textback.test.StoreTestData.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.ConversationStatus;
import dev.textback.reply.Direction;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Conversations, their messages, the loop guard count and due escalations. */
abstract class ConversationContract extends StoreContractGroup {

  private void insert(Conversation... conversations) {
    write(tx -> {
      for (Conversation c : conversations) tx.insertConversation(c);
    });
  }

  private static List<String> ids(List<Conversation> conversations) {
    return conversations.stream().map(Conversation::id).collect(Collectors.toList());
  }

  @Test
  void reads_back_every_field_of_a_conversation() {
    Conversation full = fullConversation("cv-1");
    insert(full);

    assertThat(store().conversation("cv-1")).contains(full);
    assertThat(find(tx -> tx.lockConversation("cv-1"))).contains(full);
    assertThat(store().conversation("cv-2")).isEmpty();
  }

  @Test
  void update_conversation_replaces_the_conversation_with_the_same_id() {
    Conversation opened = conversation("cv-1", BUSINESS, CALLER, T0);
    insert(opened);
    Conversation replied = opened.withCallerReply(minutes(3), minutes(18));
    write(tx -> tx.updateConversation(replied));

    assertThat(store().conversation("cv-1")).contains(replied);
    assertThat(find(tx -> tx.lockConversation("cv-1"))).contains(replied);
  }

  @Test
  void the_live_conversation_is_the_latest_opened_one_that_is_not_closed() {
    insert(withStatus(conversation("handled", BUSINESS, CALLER, T0), ConversationStatus.HANDLED, minutes(5)),
        conversation("open", BUSINESS, CALLER, minutes(60)),
        withStatus(conversation("closed", BUSINESS, CALLER, minutes(120)), ConversationStatus.CLOSED, minutes(121)),
        conversation("other-caller", BUSINESS, OTHER_CALLER, minutes(180)),
        conversation("other-business", OTHER_BUSINESS, CALLER, minutes(240)));

    assertThat(find(tx -> tx.lockLiveConversation(BUSINESS, CALLER))).map(Conversation::id).contains("open");
  }

  @Test
  void there_is_no_live_conversation_when_all_are_closed() {
    insert(withStatus(conversation("closed", BUSINESS, CALLER, T0), ConversationStatus.CLOSED, minutes(1)));

    assertThat(find(tx -> tx.lockLiveConversation(BUSINESS, CALLER))).isEmpty();
    assertThat(find(tx -> tx.lockLiveConversation(BUSINESS, OTHER_CALLER))).isEmpty();
  }

  @Test
  void a_conversation_opened_in_a_transaction_is_its_live_one() {
    Conversation opened = conversation("cv-1", BUSINESS, CALLER, T0);

    assertThat(find(tx -> {
      tx.insertConversation(opened);
      return tx.lockLiveConversation(BUSINESS, CALLER);
    })).contains(opened);
  }

  @Test
  void lists_a_business_conversations_in_the_given_statuses_most_recently_active_first() {
    insert(conversation("c1", BUSINESS, CALLER, T0).withAutomaticMessage(minutes(1)),
        withStatus(conversation("c2", BUSINESS, OTHER_CALLER, T0), ConversationStatus.HANDLED, minutes(3)),
        withStatus(conversation("c3", BUSINESS, CALLER, T0), ConversationStatus.CLOSED, minutes(2)),
        conversation("c4", BUSINESS, OTHER_CALLER, T0).withAutomaticMessage(minutes(4)),
        conversation("c5", OTHER_BUSINESS, CALLER, T0).withAutomaticMessage(minutes(5)));
    List<ConversationStatus> live = List.of(ConversationStatus.OPEN, ConversationStatus.HANDLED);

    assertThat(ids(store().conversations(BUSINESS, live, 10))).containsExactly("c4", "c2", "c1");
    assertThat(ids(store().conversations(BUSINESS, live, 2))).containsExactly("c4", "c2");
    assertThat(ids(store().conversations(BUSINESS, List.of(ConversationStatus.CLOSED), 10))).containsExactly("c3");
    assertThat(ids(store().conversations(OTHER_BUSINESS, live, 10))).containsExactly("c5");
    assertThat(store().conversations(BUSINESS, List.of(), 10)).isEmpty();
    assertThat(store().conversations(BUSINESS, live, 0)).isEmpty();
    assertThat(store().conversations(BUSINESS, live, -1)).isEmpty();
  }

  @Test
  void lists_the_conversations_of_all_businesses_when_no_business_is_given() {
    insert(conversation("c1", BUSINESS, CALLER, T0).withAutomaticMessage(minutes(1)),
        conversation("c2", OTHER_BUSINESS, CALLER, T0).withAutomaticMessage(minutes(2)),
        withStatus(conversation("c3", OTHER_BUSINESS, OTHER_CALLER, T0), ConversationStatus.HANDLED, minutes(3)));

    assertThat(ids(store().conversations(null, List.of(ConversationStatus.OPEN), 10))).containsExactly("c2", "c1");
  }

  @Test
  void lists_the_messages_of_a_conversation_oldest_first_with_every_field() {
    ConversationMessage textBack = message("m1", "cv-1", Direction.OUTBOUND, T0, true);
    ConversationMessage reply = ConversationMessage.builder().id("m2").conversationId("cv-1")
        .direction(Direction.INBOUND).body("Can you come Tuesday?").at(minutes(3)).carrierMessageId("SM-in-1")
        .mediaUrls(List.of("https://media.example/1.jpg", "https://media.example/2.jpg")).build();
    ConversationMessage elsewhere = message("x1", "cv-2", Direction.INBOUND, minutes(4), false);
    ConversationMessage answer = message("m3", "cv-1", Direction.OUTBOUND, minutes(5), false);
    write(tx -> {
      tx.insertMessage(textBack);
      tx.insertMessage(reply);
      tx.insertMessage(elsewhere);
      tx.insertMessage(answer);
    });

    assertThat(store().messages("cv-1")).containsExactly(textBack, reply, answer);
    assertThat(store().messages("cv-2")).containsExactly(elsewhere);
    assertThat(store().messages("cv-3")).isEmpty();
  }

  @Test
  void keeps_messages_with_the_same_time_in_the_order_they_were_written() {
    ConversationMessage help = message("m-b", "cv-1", Direction.OUTBOUND, T0, true);
    ConversationMessage confirm = message("m-a", "cv-1", Direction.OUTBOUND, T0, true);
    write(tx -> tx.insertMessage(help));
    write(tx -> tx.insertMessage(confirm));

    assertThat(store().messages("cv-1")).containsExactly(help, confirm);
  }

  @Test
  void counts_the_automatic_outbound_messages_at_or_after_a_time() {
    write(tx -> {
      tx.insertMessage(message("before", "cv-1", Direction.OUTBOUND, minutes(-1), true));
      tx.insertMessage(message("at", "cv-1", Direction.OUTBOUND, T0, true));
      tx.insertMessage(message("after", "cv-1", Direction.OUTBOUND, minutes(1), true));
      tx.insertMessage(message("human", "cv-1", Direction.OUTBOUND, minutes(2), false));
      tx.insertMessage(message("inbound", "cv-1", Direction.INBOUND, minutes(3), false));
      tx.insertMessage(message("elsewhere", "cv-2", Direction.OUTBOUND, minutes(4), true));
    });

    assertThat(count(tx -> tx.countAutomaticMessagesSince("cv-1", T0))).isEqualTo(2);
    assertThat(count(tx -> tx.countAutomaticMessagesSince("cv-1", minutes(-10)))).isEqualTo(3);
    assertThat(count(tx -> tx.countAutomaticMessagesSince("cv-3", minutes(-10)))).isZero();
  }

  @Test
  void the_loop_guard_counts_messages_written_earlier_in_the_same_transaction() {
    int counted = read(tx -> {
      tx.insertMessage(message("m1", "cv-1", Direction.OUTBOUND, T0, true));
      return tx.countAutomaticMessagesSince("cv-1", T0);
    });

    assertThat(counted).isEqualTo(1);
  }

  @Test
  void due_escalations_are_those_due_at_or_before_now_oldest_first() {
    Conversation base = conversation("base", BUSINESS, CALLER, minutes(-60));
    insert(withEscalateAt(copy(base, "ten-ago"), minutes(-10)),
        withEscalateAt(copy(base, "twenty-ago"), minutes(-20)),
        withEscalateAt(copy(base, "now"), T0),
        withEscalateAt(copy(base, "soon"), minutes(1)),
        copy(base, "nothing-waiting"));

    assertThat(ids(store().dueEscalations(T0, 10))).containsExactly("twenty-ago", "ten-ago", "now");
    assertThat(ids(store().dueEscalations(T0, 2))).containsExactly("twenty-ago", "ten-ago");
    assertThat(store().dueEscalations(minutes(-30), 10)).isEmpty();
  }

  private static Conversation copy(Conversation c, String id) {
    return c.toBuilder().id(id).build();
  }
}
