package dev.textback.test;

import static dev.textback.test.StoreTestData.BUSINESS;
import static dev.textback.test.StoreTestData.CALLER;
import static dev.textback.test.StoreTestData.OTHER_BUSINESS;
import static dev.textback.test.StoreTestData.OTHER_CALLER;
import static dev.textback.test.StoreTestData.T0;
import static dev.textback.test.StoreTestData.TWILIO;
import static dev.textback.test.StoreTestData.VONAGE;
import static dev.textback.test.StoreTestData.fullEntry;
import static dev.textback.test.StoreTestData.minutes;
import static dev.textback.test.StoreTestData.pending;
import static dev.textback.test.StoreTestData.seconds;
import static dev.textback.test.StoreTestData.withStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.spi.DuplicateKeyException;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Outbox entries written and read inside transactions, and the store-level outbox reads. */
abstract class OutboxContract extends StoreContractGroup {

  @Test
  void reads_back_every_field_of_an_outbox_entry() {
    OutboxEntry full = fullEntry("ob-1");
    write(tx -> tx.insertOutbox(full));

    assertThat(store().outboxEntry("ob-1")).contains(full);
    assertThat(find(tx -> tx.lockOutbox("ob-1"))).contains(full);
  }

  @Test
  void keeps_the_absent_fields_of_a_new_entry_absent() {
    OutboxEntry fresh = StoreTestData.newEntry("ob-2", OutboxKind.AUTO_REPLY, BUSINESS, CALLER, T0, T0)
        .body("Reply STOP to opt out.").build();
    write(tx -> tx.insertOutbox(fresh));

    assertThat(store().outboxEntry("ob-2")).contains(fresh);
  }

  @Test
  void knows_no_entry_under_an_unknown_id() {
    assertThat(store().outboxEntry("nope")).isEmpty();
    assertThat(find(tx -> tx.lockOutbox("nope"))).isEmpty();
  }

  @Test
  void inserting_an_existing_id_throws_duplicate_key_exception_and_keeps_the_first_entry() {
    OutboxEntry first = pending("ob-1", T0);
    write(tx -> tx.insertOutbox(first));

    assertThatThrownBy(() -> write(tx -> tx.insertOutbox(pending("ob-1", minutes(5)))))
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(store().outboxEntry("ob-1")).contains(first);
  }

  @Test
  void update_outbox_replaces_the_entry_with_the_same_id() {
    OutboxEntry entry = pending("ob-1", T0);
    write(tx -> tx.insertOutbox(entry));
    OutboxEntry sent = entry.sent("SM1", 2, seconds(5));
    write(tx -> tx.updateOutbox(sent));

    assertThat(store().outboxEntry("ob-1")).contains(sent);
  }

  @Test
  void lock_outbox_reads_the_transactions_own_writes() {
    OutboxEntry entry = pending("ob-1", T0);
    OutboxEntry canceled = entry.finish(OutboxStatus.CANCELED, "caller called back", false);

    List<OutboxEntry> seen = read(tx -> {
      tx.insertOutbox(entry);
      OutboxEntry afterInsert = tx.lockOutbox("ob-1").orElseThrow();
      tx.updateOutbox(canceled);
      return List.of(afterInsert, tx.lockOutbox("ob-1").orElseThrow());
    });

    assertThat(seen).containsExactly(entry, canceled);
  }

  @Test
  void finds_an_entry_by_the_carrier_message_id_it_was_sent_under() {
    OutboxEntry entry = pending("ob-1", T0);
    write(tx -> tx.insertOutbox(entry));
    OutboxEntry sent = entry.sent("SM-abc", 1, seconds(3));
    write(tx -> tx.updateOutbox(sent));
    write(tx -> tx.insertOutbox(fullEntry("ob-2")));

    assertThat(find(tx -> tx.lockOutboxByCarrierMessageId(TWILIO, "SM-abc"))).contains(sent);
    assertThat(find(tx -> tx.lockOutboxByCarrierMessageId(VONAGE, "msg-ob-2"))).contains(fullEntry("ob-2"));
    assertThat(find(tx -> tx.lockOutboxByCarrierMessageId(VONAGE, "SM-abc"))).isEmpty();
    assertThat(find(tx -> tx.lockOutboxByCarrierMessageId(TWILIO, "SM-other"))).isEmpty();
  }

  @Test
  void lock_pending_to_returns_the_pending_entries_of_one_kind_from_a_business_to_a_recipient() {
    write(tx -> {
      tx.insertOutbox(pending("wanted-1", BUSINESS, CALLER, OutboxKind.TEXT_BACK));
      tx.insertOutbox(pending("wanted-2", BUSINESS, CALLER, OutboxKind.TEXT_BACK));
      tx.insertOutbox(withStatus(pending("sent", BUSINESS, CALLER, OutboxKind.TEXT_BACK), OutboxStatus.SENT,
          seconds(1)));
      tx.insertOutbox(pending("reply", BUSINESS, CALLER, OutboxKind.REPLY));
      tx.insertOutbox(pending("other-business", OTHER_BUSINESS, CALLER, OutboxKind.TEXT_BACK));
      tx.insertOutbox(pending("other-caller", BUSINESS, OTHER_CALLER, OutboxKind.TEXT_BACK));
    });

    List<String> ids = read(tx -> tx.lockPendingTo(BUSINESS, CALLER, OutboxKind.TEXT_BACK)).stream()
        .map(OutboxEntry::id).collect(Collectors.toList());

    assertThat(ids).containsExactlyInAnyOrder("wanted-1", "wanted-2");
  }
}
