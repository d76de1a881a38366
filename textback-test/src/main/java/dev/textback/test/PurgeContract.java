package dev.textback.test;

import static dev.textback.test.StoreTestData.BUSINESS;
import static dev.textback.test.StoreTestData.BUSINESS_NUMBER;
import static dev.textback.test.StoreTestData.CALLER;
import static dev.textback.test.StoreTestData.OTHER_CALLER;
import static dev.textback.test.StoreTestData.TWILIO;
import static dev.textback.test.StoreTestData.conversation;
import static dev.textback.test.StoreTestData.message;
import static dev.textback.test.StoreTestData.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.call.CallOutcome;
import dev.textback.message.PermanentFailureReason;
import dev.textback.phone.PhoneNumber;
import dev.textback.policy.Episode;
import dev.textback.policy.OptOutScope;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationStatus;
import dev.textback.reply.Direction;
import dev.textback.rules.Reason;
import dev.textback.spi.OptOutRecord;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.UnreachableNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link dev.textback.spi.TextBackStore#purge}: what goes, what stays, what gets closed. */
abstract class PurgeContract extends StoreContractGroup {
  /** Retention cutoff: data older than this goes. */
  private static final Instant BEFORE = Instant.parse("2026-03-01T00:00:00Z");
  /** Live conversations idle since before this get closed. */
  private static final Instant CLOSE_IDLE_BEFORE = Instant.parse("2026-05-01T00:00:00Z");
  private static final String OPT_OUT_KEY = OptOutScope.BUSINESS.key(BUSINESS, BUSINESS_NUMBER);
  private static final PhoneNumber LANDLINE = PhoneNumber.of("+15550199999");

  private static Instant days(long d) {
    return BEFORE.plus(Duration.ofDays(d));
  }

  private static OutboxEntry entry(String id, Instant createdAt, OutboxStatus status) {
    OutboxEntry e = StoreTestData.newEntry(id, OutboxKind.TEXT_BACK, BUSINESS, CALLER, createdAt, createdAt)
        .callId("call-" + id).calledAt(createdAt.minusSeconds(30)).build();
    return status == OutboxStatus.PENDING ? e : StoreTestData.withStatus(e, status, createdAt.plusSeconds(1));
  }

  private static Conversation conv(String id, ConversationStatus status, Instant lastActivityAt) {
    return withStatus(conversation(id, BUSINESS, CALLER, lastActivityAt.minus(Duration.ofDays(1))), status,
        lastActivityAt);
  }

  private static final Conversation OPEN_IDLE = conversation("open-idle", BUSINESS, CALLER, days(19))
      .withCallerReply(days(20), days(20).plusSeconds(900));
  private static final Conversation HANDLED_IDLE = conv("handled-idle", ConversationStatus.HANDLED, days(30));
  private static final Conversation OPEN_ACTIVE = conv("open-active", ConversationStatus.OPEN,
      CLOSE_IDLE_BEFORE.plus(Duration.ofDays(1)));
  private static final Conversation CLOSED_RECENT = conv("closed-recent", ConversationStatus.CLOSED, days(10));

  private void build() {
    write(tx -> {
      tx.saveEpisode(new Episode(BUSINESS, CALLER, "CA-old", days(-10), days(-10), days(-1), 1));
      tx.saveEpisode(new Episode(BUSINESS, OTHER_CALLER, "CA-live", days(-1), days(-1), days(1), 1));

      tx.insertConversation(conv("closed-old", ConversationStatus.CLOSED, days(-10)));
      tx.insertMessage(message("m1", "closed-old", Direction.OUTBOUND, days(-11), true));
      tx.insertMessage(message("m2", "closed-old", Direction.INBOUND, days(-10), false));
      tx.insertConversation(CLOSED_RECENT);
      tx.insertMessage(message("m3", "closed-recent", Direction.OUTBOUND, days(9), true));
      tx.insertConversation(OPEN_IDLE);
      tx.insertMessage(message("m4", "open-idle", Direction.INBOUND, days(20), false));
      tx.insertConversation(HANDLED_IDLE);
      tx.insertConversation(OPEN_ACTIVE);

      tx.insertOutbox(entry("delivered-old", days(-5), OutboxStatus.DELIVERED));
      tx.insertOutbox(entry("failed-old", days(-5), OutboxStatus.FAILED));
      tx.insertOutbox(entry("pending-old", days(-30), OutboxStatus.PENDING));
      tx.insertOutbox(entry("sent-recent", days(1), OutboxStatus.SENT));

      tx.insertCall(StoreTestData.call(TWILIO, "call-old", BUSINESS, days(-3), CallOutcome.NO_ANSWER, Reason.TEXT));
      tx.insertCall(StoreTestData.call(TWILIO, "call-recent", BUSINESS, days(1), CallOutcome.BUSY, Reason.TEXT));

      tx.insertInboundIfNew(TWILIO, "in-old", days(-1));
      tx.insertInboundIfNew(TWILIO, "in-recent", days(1));

      tx.saveOptOut(new OptOutRecord(OPT_OUT_KEY, CALLER, days(-100), "STOP"));
      tx.saveUnreachable(new UnreachableNumber(LANDLINE, PermanentFailureReason.NOT_MOBILE, "30006", days(-100)));
    });
  }

  @Test
  void removes_what_is_past_retention_and_returns_the_number_of_rows() {
    build();

    int removed = store().purge(BEFORE, CLOSE_IDLE_BEFORE);

    // 1 episode + 1 closed conversation with its 2 messages + 2 final outbox entries + 1 call + 1 inbound id.
    assertThat(removed).isEqualTo(8);
    assertThat(find(tx -> tx.lockEpisode(BUSINESS, CALLER))).isEmpty();
    assertThat(store().conversation("closed-old")).isEmpty();
    assertThat(store().messages("closed-old")).isEmpty();
    assertThat(store().outboxEntry("delivered-old")).isEmpty();
    assertThat(store().outboxEntry("failed-old")).isEmpty();
    assertThat(find(tx -> tx.findCall(TWILIO, "call-old"))).isEmpty();
    assertThat(check(tx -> tx.insertInboundIfNew(TWILIO, "in-old", days(2)))).as("forgotten inbound id").isTrue();
  }

  @Test
  void keeps_recent_data_and_pending_texts_however_old() {
    build();

    store().purge(BEFORE, CLOSE_IDLE_BEFORE);

    assertThat(find(tx -> tx.lockEpisode(BUSINESS, OTHER_CALLER))).isPresent();
    assertThat(store().conversation("closed-recent")).contains(CLOSED_RECENT);
    assertThat(store().messages("closed-recent")).hasSize(1);
    assertThat(store().outboxEntry("pending-old")).contains(entry("pending-old", days(-30), OutboxStatus.PENDING));
    assertThat(store().outboxEntry("sent-recent")).isPresent();
    assertThat(find(tx -> tx.findCall(TWILIO, "call-recent"))).isPresent();
    assertThat(check(tx -> tx.insertInboundIfNew(TWILIO, "in-recent", days(2)))).as("remembered inbound id").isFalse();
  }

  @Test
  void never_removes_opt_outs_or_unreachable_numbers() {
    build();

    store().purge(CLOSE_IDLE_BEFORE, CLOSE_IDLE_BEFORE);

    assertThat(find(tx -> tx.findOptOut(List.of(OPT_OUT_KEY), CALLER)))
        .contains(new OptOutRecord(OPT_OUT_KEY, CALLER, days(-100), "STOP"));
    assertThat(find(tx -> tx.findUnreachable(LANDLINE))).isPresent();
  }

  @Test
  void closes_idle_live_conversations_and_keeps_them_with_their_messages() {
    build();

    store().purge(BEFORE, CLOSE_IDLE_BEFORE);

    assertThat(store().conversation("open-idle")).contains(OPEN_IDLE.withClosed());
    assertThat(store().conversation("open-idle").orElseThrow().escalateAt()).as("no escalation is left").isNull();
    assertThat(store().messages("open-idle")).hasSize(1);
    assertThat(store().conversation("handled-idle")).contains(HANDLED_IDLE.withClosed());
    assertThat(store().conversation("open-active")).contains(OPEN_ACTIVE);
    assertThat(store().dueEscalations(CLOSE_IDLE_BEFORE, 10)).isEmpty();
  }

  @Test
  void a_second_purge_with_the_same_cutoffs_removes_nothing() {
    build();
    store().purge(BEFORE, CLOSE_IDLE_BEFORE);

    assertThat(store().purge(BEFORE, CLOSE_IDLE_BEFORE)).isZero();
  }
  @Test
  void removes_more_rows_than_a_batch_holds_and_counts_them_all() {
    // More than the 1,000-row batches the stores shipped with textback purge in, for stores that purge in batches.
    int inbound = 2_345;
    int entries = 1_234;
    write(tx -> {
      for (int i = 0; i < inbound; i++) tx.insertInboundIfNew(TWILIO, "SM" + i, days(-1));
      for (int i = 0; i < entries; i++) tx.insertOutbox(entry("ob-" + i, days(-2), OutboxStatus.FAILED));
      tx.insertOutbox(entry("kept", days(-2), OutboxStatus.PENDING));
    });

    assertThat(store().purge(BEFORE, CLOSE_IDLE_BEFORE)).isEqualTo(inbound + entries);

    assertThat(check(tx -> tx.insertInboundIfNew(TWILIO, "SM" + (inbound - 1), days(2)))).as("last id gone").isTrue();
    assertThat(store().outboxEntry("ob-" + (entries - 1))).isEmpty();
    assertThat(store().outboxEntry("kept")).isPresent();
  }
}
