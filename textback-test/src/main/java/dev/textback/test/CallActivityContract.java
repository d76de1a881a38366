package dev.textback.test;

import static dev.textback.test.StoreTestData.BUSINESS;
import static dev.textback.test.StoreTestData.BUSINESS_NUMBER;
import static dev.textback.test.StoreTestData.OTHER_BUSINESS;
import static dev.textback.test.StoreTestData.TWILIO;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.call.CallOutcome;
import dev.textback.phone.PhoneNumber;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationStatus;
import dev.textback.rules.Reason;
import dev.textback.spi.CallActivity;
import dev.textback.spi.CallRecord;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.textback.spi.TextBackStore#calls}, {@link dev.textback.spi.TextBackStore#callBacks} and
 * {@link dev.textback.spi.TextBackStore#markCalledBack} on a hand-built day of calls: the owner's call list and the
 * callers to call back. Every expectation is read off the data below.
 */
abstract class CallActivityContract extends StoreContractGroup {
  private static final Instant FROM = Instant.parse("2026-03-02T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-03-03T00:00:00Z");
  private static final PhoneNumber ANA = PhoneNumber.of("+15550123411");
  private static final PhoneNumber BEN = PhoneNumber.of("+15550123412");
  private static final PhoneNumber CY = PhoneNumber.of("+15550123413");
  private static final PhoneNumber DEE = PhoneNumber.of("+15550123414");
  private static final PhoneNumber EVE = PhoneNumber.of("+15550123415");
  private static final PhoneNumber FAY = PhoneNumber.of("+15550123416");
  private static final PhoneNumber GUS = PhoneNumber.of("+15550123417");

  private static Instant at(String hhmm) {
    return Instant.parse("2026-03-02T" + hhmm + ":00Z");
  }

  /**
   * A decided call {@code call-<id>}; a texted one points at outbox entry {@code ob-<id>} and conversation
   * {@code cv-<id>}.
   */
  private static CallRecord call(String id, String businessId, @Nullable PhoneNumber caller, Instant calledAt,
      Reason reason, boolean texted) {
    return CallRecord.builder().carrier(TWILIO).callId("call-" + id).businessId(businessId).dialled(BUSINESS_NUMBER)
        .caller(caller).outcome(CallOutcome.NO_ANSWER).calledAt(calledAt).decidedAt(calledAt.plusSeconds(1))
        .reason(reason).detail("detail of " + id).dueAt(texted ? calledAt.plusSeconds(30) : null)
        .outboxId(texted ? "ob-" + id : null).conversationId(texted ? "cv-" + id : null).build();
  }

  private static OutboxEntry.Builder text(String id, String businessId, PhoneNumber to, Instant calledAt) {
    return StoreTestData.newEntry("ob-" + id, OutboxKind.TEXT_BACK, businessId, to, calledAt.plusSeconds(1),
        calledAt.plusSeconds(30)).conversationId("cv-" + id).callId("call-" + id).calledAt(calledAt);
  }

  private static Conversation conversation(String id, String businessId, PhoneNumber caller, Instant calledAt) {
    return Conversation.builder().id("cv-" + id).businessId(businessId).businessNumber(BUSINESS_NUMBER).caller(caller)
        .carrier(TWILIO).callId("call-" + id).openedAt(calledAt.plusSeconds(1)).status(ConversationStatus.OPEN)
        .lastActivityAt(calledAt.plusSeconds(31)).build();
  }

  /** A texted call with its text-back in the given state and its conversation. */
  private void texted(String id, String businessId, PhoneNumber caller, Instant calledAt, OutboxEntry.Builder text,
      @Nullable Instant repliedAt) {
    Conversation c = conversation(id, businessId, caller, calledAt);
    Conversation saved = repliedAt == null ? c : c.withCallerReply(repliedAt, null);
    write(tx -> {
      tx.insertCall(call(id, businessId, caller, calledAt, Reason.TEXT, true));
      tx.insertOutbox(text.build());
      tx.insertConversation(saved);
    });
  }

  private void skipped(String id, @Nullable PhoneNumber caller, Instant calledAt, Reason reason) {
    write(tx -> tx.insertCall(call(id, BUSINESS, caller, calledAt, reason, false)));
  }

  private void buildDay() {
    // Delivered, no reply: to call back.
    texted("a", BUSINESS, ANA, at("09:00"), text("a", BUSINESS, ANA, at("09:00")).status(OutboxStatus.DELIVERED)
        .sentAt(at("09:00").plusSeconds(31)).deliveredAt(at("09:00").plusSeconds(40)).carrierMessageId("SM-a"), null);
    skipped("b", BEN, at("10:00"), Reason.SKIPPED_COOLDOWN);
    // Refused by the carrier before it was ever sent: nobody was texted.
    texted("c", BUSINESS, CY, at("11:00"), text("c", BUSINESS, CY, at("11:00")).status(OutboxStatus.FAILED)
        .lastError("21610 unsubscribed recipient"), null);
    // Sent, and the caller replied: a recovered lead, not one to call back.
    texted("d", BUSINESS, DEE, at("12:00"), text("d", BUSINESS, DEE, at("12:00")).status(OutboxStatus.SENT)
        .sentAt(at("12:00").plusSeconds(31)).carrierMessageId("SM-d"), at("12:05"));
    // Held for quiet hours until the next morning.
    texted("e", BUSINESS, EVE, at("13:00"), text("e", BUSINESS, EVE, at("13:00"))
        .dueAt(Instant.parse("2026-03-03T08:00:00Z")).lastError("quiet hours"), null);
    skipped("f", null, at("14:00"), Reason.SKIPPED_ANONYMOUS_CALLER);
    // Accepted, then reported undeliverable: texted as the funnel counts it, so still one to call back.
    texted("g", BUSINESS, FAY, at("15:00"), text("g", BUSINESS, FAY, at("15:00")).status(OutboxStatus.FAILED)
        .sentAt(at("15:00").plusSeconds(31)).lastError("30003 unreachable handset").carrierMessageId("SM-g"), null);
    // At the end of the period (excluded from the day's list), and another business's call.
    texted("h", BUSINESS, GUS, TO, text("h", BUSINESS, GUS, TO).status(OutboxStatus.SENT).sentAt(TO.plusSeconds(31))
        .carrierMessageId("SM-h"), null);
    texted("z", OTHER_BUSINESS, ANA, at("16:00"), text("z", OTHER_BUSINESS, ANA, at("16:00"))
        .status(OutboxStatus.SENT).sentAt(at("16:00").plusSeconds(31)).carrierMessageId("SM-z"), null);
  }

  private static List<String> ids(List<CallActivity> activity) {
    return activity.stream().map(a -> a.call().callId()).toList();
  }

  private CallActivity one(List<CallActivity> activity, String callId) {
    return activity.stream().filter(a -> a.call().callId().equals(callId)).findFirst().orElseThrow();
  }

  @Test
  void lists_the_calls_of_a_period_newest_first() {
    buildDay();

    List<CallActivity> day = store().calls(BUSINESS, FROM, TO, 100);

    assertThat(ids(day)).containsExactly("call-g", "call-f", "call-e", "call-d", "call-c", "call-b", "call-a");
  }

  @Test
  void includes_a_call_at_the_start_of_the_period_and_not_one_at_its_end() {
    buildDay();
    skipped("start", BEN, FROM, Reason.SKIPPED_COOLDOWN);

    List<CallActivity> day = store().calls(BUSINESS, FROM, TO, 100);

    assertThat(ids(day)).contains("call-start").doesNotContain("call-h");
    assertThat(ids(store().calls(BUSINESS, TO, TO.plusSeconds(60), 100))).containsExactly("call-h");
  }

  @Test
  void returns_at_most_the_limit_newest_first() {
    buildDay();

    assertThat(ids(store().calls(BUSINESS, FROM, TO, 2))).containsExactly("call-g", "call-f");
    assertThat(store().calls(BUSINESS, FROM, TO, 0)).isEmpty();
  }

  @Test
  void carries_each_calls_decision_text_back_and_reply() {
    buildDay();

    List<CallActivity> day = store().calls(BUSINESS, FROM, TO, 100);

    CallActivity delivered = one(day, "call-a");
    assertThat(delivered.call()).isEqualTo(call("a", BUSINESS, ANA, at("09:00"), Reason.TEXT, true));
    assertThat(delivered.textBack()).hasValueSatisfying(t -> {
      assertThat(t.id()).isEqualTo("ob-a");
      assertThat(t.status()).isEqualTo(OutboxStatus.DELIVERED);
      assertThat(t.deliveredAt()).isEqualTo(at("09:00").plusSeconds(40));
    });
    assertThat(delivered.callerRepliedAt()).isEmpty();
    assertThat(delivered.calledBackAt()).isEmpty();

    CallActivity skipped = one(day, "call-b");
    assertThat(skipped.call().reason()).isEqualTo(Reason.SKIPPED_COOLDOWN);
    assertThat(skipped.textBack()).isEmpty();
    assertThat(skipped.callerRepliedAt()).isEmpty();

    assertThat(one(day, "call-c").textBack()).hasValueSatisfying(t -> {
      assertThat(t.status()).isEqualTo(OutboxStatus.FAILED);
      assertThat(t.lastError()).isEqualTo("21610 unsubscribed recipient");
    });
    assertThat(one(day, "call-d").callerRepliedAt()).contains(at("12:05"));
    assertThat(one(day, "call-e").textBack()).hasValueSatisfying(t -> {
      assertThat(t.status()).isEqualTo(OutboxStatus.PENDING);
      assertThat(t.dueAt()).isEqualTo(Instant.parse("2026-03-03T08:00:00Z"));
    });
    assertThat(one(day, "call-f").call().caller()).isNull();
  }

  @Test
  void lists_texted_callers_who_have_not_replied_newest_first() {
    buildDay();

    List<CallActivity> toCall = store().callBacks(BUSINESS, FROM, 100);

    // h (sent), g (sent, then undeliverable), a (delivered); c was never sent, d replied, e is still held.
    assertThat(ids(toCall)).containsExactly("call-h", "call-g", "call-a");
    assertThat(ids(store().callBacks(BUSINESS, at("09:00").plusSeconds(1), 100))).containsExactly("call-h", "call-g");
    assertThat(ids(store().callBacks(BUSINESS, FROM, 1))).containsExactly("call-h");
    assertThat(ids(store().callBacks(OTHER_BUSINESS, FROM, 100))).containsExactly("call-z");
  }

  @Test
  void a_caller_who_replied_to_a_later_text_is_off_the_list_for_the_earlier_call_too() {
    buildDay();
    // Ana's 09:00 text went unanswered; a later call opened a new conversation, and she replied there.
    texted("a2", BUSINESS, ANA, at("17:00"), text("a2", BUSINESS, ANA, at("17:00")).status(OutboxStatus.SENT)
        .sentAt(at("17:00").plusSeconds(31)).carrierMessageId("SM-a2"), at("17:10"));

    assertThat(ids(store().callBacks(BUSINESS, FROM, 100))).containsExactly("call-h", "call-g");
    // The other business's call from Ana stays: she replied to this business only.
    assertThat(ids(store().callBacks(OTHER_BUSINESS, FROM, 100))).containsExactly("call-z");
  }

  @Test
  void a_caller_whose_later_call_the_business_answered_is_off_the_list() {
    buildDay();
    // Fay called again at 16:00 and someone picked up.
    write(tx -> tx.insertCall(call("g2", BUSINESS, FAY, at("16:00"), Reason.SKIPPED_ANSWERED, false).toBuilder()
        .outcome(CallOutcome.ANSWERED).build()));
    // Ana's answered call came before her 09:00 call, so it does not count for it.
    write(tx -> tx.insertCall(call("a0", BUSINESS, ANA, at("08:00"), Reason.SKIPPED_ANSWERED, false).toBuilder()
        .outcome(CallOutcome.ANSWERED).build()));

    assertThat(ids(store().callBacks(BUSINESS, FROM, 100))).containsExactly("call-h", "call-a");
  }

  @Test
  void a_called_back_mark_takes_the_callers_earlier_calls_off_the_list() {
    buildDay();

    store().markCalledBack(BUSINESS, ANA, at("09:30"), "Pat");

    assertThat(ids(store().callBacks(BUSINESS, FROM, 100))).containsExactly("call-h", "call-g");
    CallActivity marked = one(store().calls(BUSINESS, FROM, TO, 100), "call-a");
    assertThat(marked.calledBackAt()).contains(at("09:30"));
    assertThat(marked.calledBackBy()).contains("Pat");
    // The mark is for one business: the other business's call from the same caller stays.
    assertThat(ids(store().callBacks(OTHER_BUSINESS, FROM, 100))).containsExactly("call-z");
  }

  @Test
  void a_later_call_brings_a_called_back_caller_back() {
    buildDay();
    store().markCalledBack(BUSINESS, ANA, at("09:30"), null);

    texted("a2", BUSINESS, ANA, at("17:00"), text("a2", BUSINESS, ANA, at("17:00")).status(OutboxStatus.SENT)
        .sentAt(at("17:00").plusSeconds(31)).carrierMessageId("SM-a2"), null);

    assertThat(ids(store().callBacks(BUSINESS, FROM, 100))).containsExactly("call-h", "call-a2", "call-g");
    List<CallActivity> day = store().calls(BUSINESS, FROM, TO, 100);
    assertThat(one(day, "call-a2").calledBackAt()).isEmpty();
    assertThat(one(day, "call-a").calledBackAt()).contains(at("09:30"));
    assertThat(one(day, "call-a").calledBackBy()).isEmpty();
  }

  @Test
  void a_new_mark_replaces_the_callers_earlier_one() {
    buildDay();
    store().markCalledBack(BUSINESS, FAY, at("14:00"), "Pat");
    assertThat(ids(store().callBacks(BUSINESS, FROM, 100))).contains("call-g");

    store().markCalledBack(BUSINESS, FAY, at("15:30"), "Lee");

    assertThat(ids(store().callBacks(BUSINESS, FROM, 100))).containsExactly("call-h", "call-a");
    CallActivity marked = one(store().calls(BUSINESS, FROM, TO, 100), "call-g");
    assertThat(marked.calledBackAt()).contains(at("15:30"));
    assertThat(marked.calledBackBy()).contains("Lee");
  }

  @Test
  void purge_removes_marks_made_before_the_cutoff_and_keeps_later_ones() {
    store().markCalledBack(BUSINESS, BEN, at("08:00"), "Pat");
    texted("late", BUSINESS, ANA, at("12:00"), text("late", BUSINESS, ANA, at("12:00")).status(OutboxStatus.SENT)
        .sentAt(at("12:00").plusSeconds(31)).carrierMessageId("SM-late"), null);
    store().markCalledBack(BUSINESS, ANA, at("12:30"), "Pat");

    // Only the early mark is older than the cutoff; the call, its text and its conversation are newer.
    int removed = store().purge(at("10:00"), FROM);

    assertThat(removed).isEqualTo(1);
    assertThat(store().callBacks(BUSINESS, FROM, 100)).isEmpty();
    assertThat(one(store().calls(BUSINESS, FROM, TO, 100), "call-late").calledBackAt()).contains(at("12:30"));
  }
}
