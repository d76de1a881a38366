package dev.textback.test;

import static dev.textback.test.StoreTestData.T0;
import static dev.textback.test.StoreTestData.TWILIO;
import static dev.textback.test.StoreTestData.VONAGE;
import static dev.textback.test.StoreTestData.pending;
import static dev.textback.test.StoreTestData.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.message.DeliveryReceipt;
import dev.textback.message.DeliveryStatus;
import dev.textback.message.PermanentFailureReason;
import dev.textback.phone.CarrierId;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.SendRecordLocks;
import dev.textback.spi.StoreTransaction;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Delivery receipts kept because they arrived before the send they report on was recorded
 * ({@link dev.textback.spi.StoreTransaction#lockEarlyReceipt} and its companions): one per carrier message id, and
 * a lock on that id that exists before any receipt does, so keeping a receipt and recording its send never miss
 * each other.
 */
abstract class EarlyReceiptContract extends StoreContractGroup {
  private static final CarrierId TWILIO_ID = CarrierId.of(TWILIO);

  private static DeliveryReceipt receipt(String messageId, DeliveryStatus status) {
    return new DeliveryReceipt(TWILIO_ID, messageId, status, null, T0);
  }

  @Test
  void keeps_one_receipt_per_carrier_message_id_until_it_is_deleted() {
    assertThat(find(tx -> tx.lockEarlyReceipt(TWILIO, "SM1"))).isEmpty();
    write(tx -> {
      tx.lockEarlyReceipt(TWILIO, "SM1");
      tx.saveEarlyReceipt(receipt("SM1", DeliveryStatus.SENT));
    });
    DeliveryReceipt delivered = new DeliveryReceipt(TWILIO_ID, "SM1", DeliveryStatus.DELIVERED, null, seconds(3));
    write(tx -> {
      tx.lockEarlyReceipt(TWILIO, "SM1");
      tx.saveEarlyReceipt(delivered);
    });

    assertThat(find(tx -> tx.lockEarlyReceipt(TWILIO, "SM1"))).as("replaced").contains(delivered);
    assertThat(find(tx -> tx.lockEarlyReceipt(VONAGE, "SM1"))).as("another carrier's id").isEmpty();
    assertThat(find(tx -> tx.lockEarlyReceipt(TWILIO, "SM2"))).as("another id").isEmpty();

    write(tx -> tx.deleteEarlyReceipt(TWILIO, "SM1"));
    assertThat(find(tx -> tx.lockEarlyReceipt(TWILIO, "SM1"))).isEmpty();
  }

  @Test
  void keeps_every_field_of_a_receipt() {
    DeliveryReceipt failed = new DeliveryReceipt(CarrierId.of(VONAGE), "0B00000012345678", DeliveryStatus.UNDELIVERED,
        "30006", seconds(2), PermanentFailureReason.NOT_MOBILE);
    write(tx -> {
      tx.lockEarlyReceipt(VONAGE, "0B00000012345678");
      tx.saveEarlyReceipt(failed);
    });

    assertThat(find(tx -> tx.lockEarlyReceipt(VONAGE, "0B00000012345678"))).contains(failed);
  }

  @Test
  void a_lock_taken_without_keeping_a_receipt_is_no_receipt_and_no_purged_row() {
    write(tx -> tx.lockEarlyReceipt(TWILIO, "SM1"));

    assertThat(find(tx -> tx.lockEarlyReceipt(TWILIO, "SM1"))).isEmpty();
    assertThat(store().purge(T0.plus(Duration.ofDays(1)), T0)).as("rows purged").isZero();
    write(tx -> {
      tx.lockEarlyReceipt(TWILIO, "SM1");
      tx.saveEarlyReceipt(receipt("SM1", DeliveryStatus.FAILED));
    });
    assertThat(find(tx -> tx.lockEarlyReceipt(TWILIO, "SM1"))).contains(receipt("SM1", DeliveryStatus.FAILED));
  }

  @Test
  void a_transaction_asking_for_a_receipt_waits_for_one_that_is_keeping_it() throws Exception {
    CountDownLatch locked = new CountDownLatch(1);
    List<Callable<Optional<DeliveryReceipt>>> both = List.of(
        () -> store().inTransaction(tx -> {
          Optional<DeliveryReceipt> none = tx.lockEarlyReceipt(TWILIO, "SM1");
          locked.countDown();
          pause(HOLD_MILLIS); // the send is recorded meanwhile and must wait for this receipt
          tx.saveEarlyReceipt(receipt("SM1", DeliveryStatus.DELIVERED));
          return none;
        }),
        () -> {
          locked.await();
          return other().inTransaction(tx -> tx.lockEarlyReceipt(TWILIO, "SM1"));
        });

    List<Optional<DeliveryReceipt>> seen = race(both);

    assertThat(seen.get(0)).as("the receipt's transaction found none").isEmpty();
    assertThat(seen.get(1)).as("the send's transaction found the receipt")
        .contains(receipt("SM1", DeliveryStatus.DELIVERED));
  }

  @Test
  void a_transaction_asking_for_a_receipt_waits_for_one_recording_the_send_and_then_finds_the_send()
      throws Exception {
    assertThat(receiptRacingTheRecordOfItsSend(tx -> {
      tx.lockEarlyReceipt(TWILIO, "SM1");
      return tx.lockOutbox("ob-1").orElseThrow();
    })).as("the receipt's transaction found the recorded send")
        .hasValueSatisfying(e -> assertThat(e.status()).isEqualTo(OutboxStatus.SENT));
  }

  @Test
  void lock_send_record_returns_the_receipt_kept_early_and_the_entry() {
    OutboxEntry claimed = pending("ob-1", T0).withLease("dispatcher-1", seconds(60));
    write(tx -> {
      tx.insertOutbox(claimed);
      tx.lockEarlyReceipt(TWILIO, "SM1");
      tx.saveEarlyReceipt(receipt("SM1", DeliveryStatus.DELIVERED));
    });

    SendRecordLocks kept = store().inTransaction(tx -> tx.lockSendRecord(TWILIO, "SM1", "ob-1"));
    SendRecordLocks none = store().inTransaction(tx -> tx.lockSendRecord(TWILIO, "SM2", "ob-1"));
    SendRecordLocks gone = store().inTransaction(tx -> tx.lockSendRecord(TWILIO, "SM3", "ob-missing"));

    assertThat(kept).isEqualTo(new SendRecordLocks(receipt("SM1", DeliveryStatus.DELIVERED), claimed));
    assertThat(none).isEqualTo(new SendRecordLocks(null, claimed));
    assertThat(gone).isEqualTo(new SendRecordLocks(null, null));
  }

  @Test
  void a_transaction_keeping_a_receipt_waits_for_one_recording_the_send_through_lock_send_record()
      throws Exception {
    assertThat(receiptRacingTheRecordOfItsSend(
        tx -> Objects.requireNonNull(tx.lockSendRecord(TWILIO, "SM1", "ob-1").entry())))
        .as("the receipt's transaction found the recorded send")
        .hasValueSatisfying(e -> assertThat(e.status()).isEqualTo(OutboxStatus.SENT));
  }

  /**
   * Records the send of a claimed entry as carrier message "SM1", taking its locks with {@code lock} and holding
   * them a while, as a receipt for SM1 arrives in another transaction; returns the entry the receipt's transaction
   * found under SM1.
   */
  private Optional<OutboxEntry> receiptRacingTheRecordOfItsSend(Function<StoreTransaction, OutboxEntry> lock)
      throws Exception {
    OutboxEntry claimed = pending("ob-1", T0).withLease("dispatcher-1", seconds(60));
    write(tx -> tx.insertOutbox(claimed));
    CountDownLatch locked = new CountDownLatch(1);
    List<Callable<Optional<OutboxEntry>>> both = List.of(
        () -> store().inTransaction(tx -> {
          OutboxEntry entry = lock.apply(tx);
          locked.countDown();
          pause(HOLD_MILLIS); // the receipt arrives meanwhile and must wait for the send to be recorded
          tx.updateOutbox(entry.sent("SM1", 1, seconds(1)).withLease(null, null));
          tx.deleteEarlyReceipt(TWILIO, "SM1");
          return Optional.<OutboxEntry>empty();
        }),
        () -> {
          locked.await();
          return other().inTransaction(tx -> {
            Optional<DeliveryReceipt> kept = tx.lockEarlyReceipt(TWILIO, "SM1");
            assertThat(kept).isEmpty();
            return tx.lockOutboxByCarrierMessageId(TWILIO, "SM1");
          });
        });
    return race(both).get(1);
  }

  @Test
  void forgets_receipts_kept_since_before_the_retention_cutoff() {
    write(tx -> {
      tx.lockEarlyReceipt(TWILIO, "SM-old");
      tx.saveEarlyReceipt(new DeliveryReceipt(TWILIO_ID, "SM-old", DeliveryStatus.DELIVERED, null, T0));
      tx.lockEarlyReceipt(TWILIO, "SM-new");
      tx.saveEarlyReceipt(new DeliveryReceipt(TWILIO_ID, "SM-new", DeliveryStatus.DELIVERED, null, seconds(10)));
    });

    assertThat(store().purge(seconds(5), T0)).isEqualTo(1);

    assertThat(find(tx -> tx.lockEarlyReceipt(TWILIO, "SM-old"))).isEmpty();
    assertThat(find(tx -> tx.lockEarlyReceipt(TWILIO, "SM-new"))).isPresent();
  }
}
