package dev.textback.test;

import static dev.textback.test.StoreTestData.BUSINESS;
import static dev.textback.test.StoreTestData.CALLER;
import static dev.textback.test.StoreTestData.T0;
import static dev.textback.test.StoreTestData.TWILIO;
import static dev.textback.test.StoreTestData.TWILIO_TEXTS;
import static dev.textback.test.StoreTestData.call;
import static dev.textback.test.StoreTestData.conversation;
import static dev.textback.test.StoreTestData.episode;
import static dev.textback.test.StoreTestData.message;
import static dev.textback.test.StoreTestData.minutes;
import static dev.textback.test.StoreTestData.pending;
import static dev.textback.test.StoreTestData.seconds;
import static dev.textback.test.StoreTestData.withDetail;
import static dev.textback.test.StoreTestData.withStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.message.DeliveryReceipt;
import dev.textback.message.DeliveryStatus;
import dev.textback.phone.CarrierId;
import dev.textback.phone.PhoneNumber;
import dev.textback.policy.Episode;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.ConversationStatus;
import dev.textback.reply.Direction;
import dev.textback.spi.CallRecord;
import dev.textback.spi.DuplicateKeyException;
import dev.textback.spi.OptOutRecord;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.TextBackStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link TextBackStore#inTransaction}: the exactly-once boundary. */
abstract class TransactionContract extends StoreContractGroup {

  @Test
  void returns_what_the_work_returns_and_commits_all_its_writes() {
    String result = store().inTransaction(tx -> {
      tx.insertCall(call("CA1"));
      tx.insertOutbox(pending("ob-1", T0));
      tx.insertConversation(conversation("cv-1", BUSINESS, CALLER, T0));
      return "decided";
    });

    assertThat(result).isEqualTo("decided");
    assertThat(find(tx -> tx.findCall(TWILIO, "CA1"))).contains(call("CA1"));
    assertThat(store().outboxEntry("ob-1")).contains(pending("ob-1", T0));
    assertThat(store().conversation("cv-1")).contains(conversation("cv-1", BUSINESS, CALLER, T0));
  }

  @Test
  void rolls_back_every_write_when_the_work_throws_and_rethrows_the_same_exception() {
    OutboxEntry existing = pending("ob-0", T0);
    write(tx -> tx.insertOutbox(existing));
    IllegalStateException boom = new IllegalStateException("template failed");

    assertThatThrownBy(() -> store().inTransaction(tx -> {
      tx.insertCall(call("CA1"));
      tx.insertOutbox(pending("ob-1", T0));
      tx.updateOutbox(existing.finish(OutboxStatus.CANCELED, "caller called back", false));
      tx.saveEpisode(episode(BUSINESS, CALLER, "CA1", 1));
      tx.saveOptOut(new OptOutRecord("business:" + BUSINESS, CALLER, T0, "STOP"));
      tx.insertConversation(conversation("cv-1", BUSINESS, CALLER, T0));
      tx.insertMessage(message("m-1", "cv-1", Direction.OUTBOUND, T0, true));
      tx.insertInboundIfNew(TWILIO, "SM1", T0);
      throw boom;
    })).isSameAs(boom);

    assertThat(find(tx -> tx.findCall(TWILIO, "CA1"))).isEmpty();
    assertThat(store().outboxEntry("ob-1")).isEmpty();
    assertThat(store().outboxEntry("ob-0")).contains(existing);
    assertThat(find(tx -> tx.lockEpisode(BUSINESS, CALLER))).isEmpty();
    assertThat(find(tx -> tx.findOptOut(List.of("business:" + BUSINESS), CALLER))).isEmpty();
    assertThat(store().conversation("cv-1")).isEmpty();
    assertThat(store().messages("cv-1")).isEmpty();
    assertThat(check(tx -> tx.insertInboundIfNew(TWILIO, "SM1", T0))).as("inbound id was not kept").isTrue();
    assertThat(store().claimDue("dispatcher", T0, Duration.ofSeconds(30), 10, TWILIO_TEXTS)).extracting(OutboxEntry::id)
        .as("claimable after the rollback").containsExactly("ob-0");
  }

  @Test
  void a_duplicate_call_insert_throws_duplicate_key_exception_inside_the_work() {
    write(tx -> tx.insertCall(call("CA1")));
    List<RuntimeException> seen = new ArrayList<>();

    assertThatThrownBy(() -> store().inTransaction(tx -> {
      try {
        tx.insertCall(withDetail(call("CA1"), "second delivery"));
      } catch (RuntimeException e) {
        seen.add(e);
        throw e;
      }
      return null;
    })).isInstanceOf(DuplicateKeyException.class);

    assertThat(seen).isNotEmpty().allSatisfy(e -> assertThat(e).isInstanceOf(DuplicateKeyException.class));
    assertThat(find(tx -> tx.findCall(TWILIO, "CA1"))).contains(call("CA1"));
  }

  @Test
  void reruns_the_work_after_a_duplicate_key_and_the_rerun_sees_the_winners_row() {
    // The race: this work looked for the call before a concurrent engine committed it, then tries to insert it.
    CallRecord winner = withDetail(call("CA1"), "decided by the other instance");
    write(tx -> tx.insertCall(winner));
    AtomicInteger runs = new AtomicInteger();

    String outcome = store().inTransaction(tx -> {
      Optional<CallRecord> existing = runs.incrementAndGet() == 1 ? Optional.empty() : tx.findCall(TWILIO, "CA1");
      if (existing.isPresent()) return existing.get().detail();
      tx.insertOutbox(pending("ob-loser", T0));
      tx.insertCall(withDetail(call("CA1"), "decided here"));
      return "inserted";
    });

    assertThat(outcome).isEqualTo("decided by the other instance");
    assertThat(runs).hasValue(2);
    assertThat(find(tx -> tx.findCall(TWILIO, "CA1"))).contains(winner);
    assertThat(store().outboxEntry("ob-loser")).as("the first run's writes were rolled back").isEmpty();
  }

  @Test
  void gives_up_with_duplicate_key_exception_after_a_bounded_number_of_runs() {
    write(tx -> tx.insertCall(call("CA1")));
    AtomicInteger runs = new AtomicInteger();

    assertThatThrownBy(() -> store().inTransaction(tx -> {
      runs.incrementAndGet();
      tx.insertCall(call("CA1"));
      return null;
    })).isInstanceOf(DuplicateKeyException.class);

    assertThat(runs.get()).isGreaterThan(1).isLessThan(100);
  }

  @Test
  void racing_deliveries_of_one_call_record_it_exactly_once() throws Exception {
    TextBackStore first = store();
    TextBackStore second = other();
    int deliveries = 8;
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int i = 0; i < deliveries; i++) {
      String who = "delivery-" + i;
      TextBackStore s = i % 2 == 0 ? first : second;
      tasks.add(() -> s.inTransaction(tx -> {
        if (tx.findCall(TWILIO, "CA1").isPresent()) return false;
        tx.insertOutbox(pending("ob-" + who, T0));
        tx.insertCall(withDetail(call("CA1"), who));
        return true;
      }));
    }

    List<Boolean> decided = race(tasks);

    assertThat(decided).containsOnlyOnce(true);
    String winner = "delivery-" + decided.indexOf(true);
    assertThat(find(tx -> tx.findCall(TWILIO, "CA1"))).map(CallRecord::detail).contains(winner);
    for (int i = 0; i < deliveries; i++) {
      String who = "delivery-" + i;
      assertThat(store().outboxEntry("ob-" + who).isPresent()).as(who + " left an outbox entry")
          .isEqualTo(who.equals(winner));
    }
  }

  @Test
  void lock_episode_serialises_racing_decisions_about_the_same_new_caller() throws Exception {
    TextBackStore first = store();
    TextBackStore second = other();
    PhoneNumber caller = CALLER;
    int calls = 6;
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      String callId = "CA" + i;
      TextBackStore s = i % 2 == 0 ? first : second;
      tasks.add(() -> s.inTransaction(tx -> {
        Optional<Episode> current = tx.lockEpisode(BUSINESS, caller);
        Episode next = current
            .map(e -> new Episode(BUSINESS, caller, e.firstCallId(), e.startedAt(), minutes(e.calls()),
                e.expiresAt(), e.calls() + 1))
            .orElse(episode(BUSINESS, caller, callId, 1));
        tx.saveEpisode(next);
        return current.isEmpty();
      }));
    }

    List<Boolean> openedEpisode = race(tasks);

    assertThat(openedEpisode).as("exactly one call found no episode").containsOnlyOnce(true);
    Episode last = read(tx -> tx.lockEpisode(BUSINESS, caller)).orElseThrow();
    assertThat(last.calls()).as("no increment was lost").isEqualTo(calls);
    assertThat(last.firstCallId()).isEqualTo("CA" + openedEpisode.indexOf(true));
  }

  @Test
  void insert_queued_text_writes_the_conversation_the_entry_its_message_and_the_call() {
    Conversation conversation = conversation("cv-1", BUSINESS, CALLER, T0);
    OutboxEntry entry = pending("ob-1", T0);
    ConversationMessage message = message("m-1", "cv-1", Direction.OUTBOUND, T0, true);
    CallRecord call = call("CA1");

    write(tx -> tx.insertQueuedText(conversation, entry, message, call));

    assertThat(store().conversation("cv-1")).contains(conversation);
    assertThat(store().outboxEntry("ob-1")).contains(entry);
    assertThat(store().messages("cv-1")).containsExactly(message);
    assertThat(find(tx -> tx.findCall(TWILIO, "CA1"))).contains(call);
  }

  @Test
  void insert_queued_text_throws_duplicate_key_exception_inside_the_work_when_any_of_its_keys_exists() {
    List<String> taken = List.of("conversation", "entry", "message", "call");
    for (int i = 0; i < taken.size(); i++) {
      String n = String.valueOf(i);
      Conversation conversation = conversation("cv-" + n, BUSINESS, CALLER, T0);
      OutboxEntry entry = pending("ob-" + n, T0);
      ConversationMessage message = message("m-" + n, "cv-" + n, Direction.OUTBOUND, T0, true);
      CallRecord call = call("CA" + n);
      int which = i;
      write(tx -> {
        switch (which) {
          case 0 -> tx.insertConversation(conversation);
          case 1 -> tx.insertOutbox(entry);
          case 2 -> tx.insertMessage(message);
          default -> tx.insertCall(call);
        }
      });
      List<RuntimeException> seen = new ArrayList<>();

      assertThatThrownBy(() -> store().inTransaction(tx -> {
        try {
          tx.insertQueuedText(conversation, entry, message, call);
        } catch (RuntimeException e) {
          seen.add(e);
          throw e;
        }
        return null;
      })).as("existing " + taken.get(i)).isInstanceOf(DuplicateKeyException.class);

      assertThat(seen).as("existing " + taken.get(i)).isNotEmpty()
          .allSatisfy(e -> assertThat(e).isInstanceOf(DuplicateKeyException.class));
      assertThat(store().conversation("cv-" + n).isPresent()).as("conversation kept only if it existed")
          .isEqualTo(which == 0);
      assertThat(store().outboxEntry("ob-" + n).isPresent()).as("entry kept only if it existed").isEqualTo(which == 1);
      assertThat(store().messages("cv-" + n)).as("message kept only if it existed").hasSize(which == 2 ? 1 : 0);
      assertThat(find(tx -> tx.findCall(TWILIO, "CA" + n)).isPresent()).as("call kept only if it existed")
          .isEqualTo(which == 3);
    }
  }

  @Test
  void updating_an_entry_or_a_conversation_that_does_not_exist_fails_the_work_and_keeps_none_of_its_writes() {
    assertThatThrownBy(() -> write(tx -> {
      tx.insertCall(call("CA1"));
      tx.updateOutbox(pending("ob-missing", T0));
    })).isInstanceOf(RuntimeException.class).hasMessageContaining("ob-missing");
    assertThatThrownBy(() -> write(tx -> {
      tx.insertCall(call("CA2"));
      tx.updateConversation(conversation("cv-missing", BUSINESS, CALLER, T0));
    })).isInstanceOf(RuntimeException.class).hasMessageContaining("cv-missing");

    assertThat(find(tx -> tx.findCall(TWILIO, "CA1"))).isEmpty();
    assertThat(find(tx -> tx.findCall(TWILIO, "CA2"))).isEmpty();
  }

  @Test
  void consecutive_writes_are_visible_to_the_reads_after_them_in_the_same_transaction() {
    OutboxEntry entry = pending("ob-1", T0);
    Conversation conversation = conversation("cv-1", BUSINESS, CALLER, T0);
    DeliveryReceipt early = new DeliveryReceipt(CarrierId.of(TWILIO), "SM1", DeliveryStatus.DELIVERED, null, T0);
    write(tx -> {
      tx.insertOutbox(entry);
      tx.insertConversation(conversation);
      tx.lockEarlyReceipt(TWILIO, "SM1");
      tx.saveEarlyReceipt(early);
    });
    OutboxEntry sent = entry.sent("SM1", 1, seconds(1));
    Conversation handled = withStatus(conversation, ConversationStatus.HANDLED, minutes(1));
    Episode episode = episode(BUSINESS, CALLER, "CA1", 1);

    List<Object> seen = store().inTransaction(tx -> {
      tx.updateOutbox(sent);
      tx.updateConversation(handled);
      tx.deleteEarlyReceipt(TWILIO, "SM1");
      tx.saveEpisode(episode);
      return List.of(tx.lockOutbox("ob-1"), tx.lockConversation("cv-1"), tx.lockEarlyReceipt(TWILIO, "SM1"),
          tx.lockEpisode(BUSINESS, CALLER));
    });

    assertThat(seen).containsExactly(Optional.of(sent), Optional.of(handled), Optional.empty(), Optional.of(episode));
    assertThat(store().outboxEntry("ob-1")).contains(sent);
    assertThat(store().conversation("cv-1")).contains(handled);
    assertThat(find(tx -> tx.lockEpisode(BUSINESS, CALLER))).contains(episode);
  }
}
