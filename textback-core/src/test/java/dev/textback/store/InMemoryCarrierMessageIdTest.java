package dev.textback.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.phone.PhoneNumber;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Carriers give each message its own id, but a misbehaving one (or a fake of one) may answer every send with the
 * same id. The in-memory store then finds the entry written last under that id, as it always did, keeps one row per
 * id in its index, and gives the id back to the entry that held it when a transaction that took it rolls back.
 */
class InMemoryCarrierMessageIdTest {
  private static final Instant AT = Instant.parse("2026-03-02T15:04:05.123456Z");

  private final InMemoryTextBackStore store = new InMemoryTextBackStore();

  private static OutboxEntry sent(String id, String carrierMessageId) {
    return OutboxEntry.builder().id(id).kind(OutboxKind.TEXT_BACK).businessId("biz-1").carrier("twilio")
        .from(PhoneNumber.of("+15550100100")).to(PhoneNumber.of("+12125550123")).body("Sorry we missed you")
        .createdAt(AT).dueAt(AT).status(OutboxStatus.SENT).attempts(1).totalAttempts(1)
        .carrierMessageId(carrierMessageId).segments(1).sentAt(AT).build();
  }

  private String foundUnder(String carrierMessageId) {
    return store.inTransaction(tx -> tx.lockOutboxByCarrierMessageId("twilio", carrierMessageId)
        .map(OutboxEntry::id).orElse("none"));
  }

  @Test
  void an_id_shared_by_many_entries_finds_the_one_written_last() {
    for (int i = 0; i < 5_000; i++) {
      OutboxEntry e = sent("ob_" + i, "SM-same");
      store.inTransaction(tx -> {
        tx.insertOutbox(e);
        return null;
      });
    }
    assertThat(foundUnder("SM-same")).isEqualTo("ob_4999");

    store.inTransaction(tx -> {
      tx.updateOutbox(sent("ob_17", "SM-same").toBuilder().status(OutboxStatus.DELIVERED).deliveredAt(AT).build());
      return null;
    });
    assertThat(foundUnder("SM-same")).isEqualTo("ob_17");
    assertThat(store.outboxEntry("ob_4999")).isPresent();
  }

  @Test
  void a_rolled_back_write_gives_the_id_back_to_the_entry_that_held_it() {
    store.inTransaction(tx -> {
      tx.insertOutbox(sent("ob_a", "SM1"));
      return null;
    });

    assertThatThrownBy(() -> store.inTransaction(tx -> {
      tx.insertOutbox(sent("ob_b", "SM1"));
      assertThat(tx.lockOutboxByCarrierMessageId("twilio", "SM1").orElseThrow().id()).isEqualTo("ob_b");
      throw new IllegalStateException("roll back");
    })).hasMessage("roll back");

    OutboxEntry found = store.inTransaction(tx -> tx.lockOutboxByCarrierMessageId("twilio", "SM1")).orElseThrow();
    assertThat(found).isEqualTo(sent("ob_a", "SM1"));
    assertThat(store.outboxEntry("ob_b")).isEmpty();
  }

  @Test
  void a_rolled_back_write_of_a_new_id_leaves_no_trace_of_it() {
    store.inTransaction(tx -> {
      tx.insertOutbox(sent("ob_a", "SM1"));
      return null;
    });
    assertThatThrownBy(() -> store.inTransaction(tx -> {
      tx.updateOutbox(sent("ob_a", "SM2"));
      throw new IllegalStateException("roll back");
    })).hasMessage("roll back");

    assertThat(foundUnder("SM2")).isEqualTo("none");
    assertThat(foundUnder("SM1")).isEqualTo("ob_a");
  }
}
