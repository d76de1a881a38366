package dev.textback.internal;

import dev.textback.message.DeliveryReceipt;
import dev.textback.message.DeliveryStatus;
import dev.textback.message.PermanentFailureReason;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.SendRecordLocks;
import dev.textback.spi.StoreTransaction;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery receipts: applied to the outbox entry of the text they report on, or, when they arrive before the
 * dispatcher has recorded the carrier's message id (carriers call their status webhook as soon as they accept a
 * text, sometimes before their API has answered), kept until the send is recorded and applied then, in the same
 * transaction.
 *
 * <p>Receipts for one message apply as they would in arrival order: a delivery marks a sent text delivered once
 * (a repeat keeps the first time), a failure fails it whatever came before, and nothing undoes a failure. A
 * receipt kept early is merged with a later early one by the same rule, so one kept receipt per message id is
 * enough.
 *
 * <p>A transaction keeping a receipt and one recording the send serialise on
 * {@link StoreTransaction#lockEarlyReceipt}, so a receipt is never kept just after the send was recorded.
 */
public final class DeliveryReceipts {
  private static final Logger log = LoggerFactory.getLogger(DeliveryReceipts.class);

  private final EngineContext ctx;

  public DeliveryReceipts(EngineContext ctx) {
    this.ctx = ctx;
  }

  /** Applies a carrier's receipt, or keeps it for when its send is recorded. */
  public void onDeliveryReceipt(DeliveryReceipt receipt) {
    Instant now = ctx.clock().instant();
    String carrier = receipt.carrier().name();
    boolean applied = ctx.store().inTransaction(tx -> {
      Optional<OutboxEntry> found = tx.lockOutboxByCarrierMessageId(carrier, receipt.messageId());
      if (found.isPresent()) {
        apply(tx, found.get(), receipt, now);
        return true;
      }
      // Not recorded yet, or never ours. Take the key first: a send being recorded right now either committed
      // before (and the entry is found below) or waits for this transaction and finds the receipt it kept.
      Optional<DeliveryReceipt> kept = tx.lockEarlyReceipt(carrier, receipt.messageId());
      found = tx.lockOutboxByCarrierMessageId(carrier, receipt.messageId());
      if (found.isPresent()) {
        tx.deleteEarlyReceipt(carrier, receipt.messageId());
        apply(tx, found.get(), receipt, now);
        return true;
      }
      tx.saveEarlyReceipt(kept.map(k -> merge(k, receipt)).orElse(receipt));
      return false;
    });
    if (!applied) {
      log.debug("delivery receipt for message {} ({}) kept until its send is recorded", receipt.messageId(),
          receipt.status());
      return;
    }
    ctx.listeners().fire(l -> l.onDeliveryReceipt(receipt));
  }

  /**
   * Records a send the carrier accepted, while {@code owner} still holds the entry's claim, and applies a receipt
   * that arrived for it before this, in the same transaction.
   *
   * @return whether the send was recorded (not when the claim had lapsed and another owner took the entry), and
   *     the receipt applied with it, if one had arrived first
   */
  public Recorded recordSent(String owner, OutboxEntry sent) {
    String carrier = sent.carrier();
    String messageId = Objects.requireNonNull(sent.carrierMessageId(), "a sent entry has a carrier message id");
    Instant now = ctx.clock().instant();
    return ctx.store().inTransaction(tx -> {
      SendRecordLocks locks = tx.lockSendRecord(carrier, messageId, sent.id());
      Optional<DeliveryReceipt> early = Optional.ofNullable(locks.early());
      Optional<OutboxEntry> current = Optional.ofNullable(locks.entry());
      if (current.isPresent() && carrier.equals(current.get().carrier())
          && messageId.equals(current.get().carrierMessageId())) {
        // The entry carries this very send's message id: an earlier try of this record was committed and only the
        // answer was lost (it cleared the claim, and applied and deleted any early receipt). The key row this try's
        // lock made again goes too.
        if (early.isEmpty()) tx.deleteEarlyReceipt(carrier, messageId);
        return new Recorded(true, null, null, true);
      }
      if (current.isEmpty() || !owner.equals(current.get().leaseOwner())) {
        // Our result is dropped; a receipt kept for this message id stays for purge, as no entry will carry it.
        if (early.isEmpty()) tx.deleteEarlyReceipt(carrier, messageId);
        return new Recorded(false, null, null, false);
      }
      Instant claimEnd = current.get().leaseUntil();
      OutboxEntry recorded = sent.withLease(null, null);
      tx.updateOutbox(recorded);
      tx.deleteEarlyReceipt(carrier, messageId);
      if (early.isEmpty()) return new Recorded(true, null, claimEnd, false);
      apply(tx, recorded, early.get(), now);
      return new Recorded(true, early.get(), claimEnd, false);
    });
  }

  /**
   * What {@link #recordSent} did.
   *
   * @param recorded false when the claim had lapsed and the result was dropped
   * @param appliedEarly the receipt that had arrived before the send was recorded and was applied with it, or null
   * @param claimEnd the lease end of the claim the send was recorded under (a newer claim by the same owner when
   *     the send outlived its lease), or null when not recorded or when {@code byEarlierTry}
   * @param byEarlierTry the send was recorded by an earlier try whose commit went through but whose answer was lost:
   *     under which claim is not known, and a receipt it applied is not reported again
   */
  public record Recorded(boolean recorded, @Nullable DeliveryReceipt appliedEarly, @Nullable Instant claimEnd,
      boolean byEarlierTry) {}

  private static void apply(StoreTransaction tx, OutboxEntry e, DeliveryReceipt receipt, Instant now) {
    if (receipt.status() == DeliveryStatus.DELIVERED && e.status() == OutboxStatus.SENT) {
      tx.updateOutbox(e.delivered(receipt.at()));
    } else if (receipt.status().isFinalFailure() && e.status() != OutboxStatus.FAILED) {
      tx.updateOutbox(e.finish(OutboxStatus.FAILED, "carrier reported " + receipt.status()
          + (receipt.errorCode() == null ? "" : " (code " + receipt.errorCode() + ")"), false));
      PermanentFailureReason reason = receipt.failureReason();
      if (reason != null) InboundHandler.remember(tx, e, reason, receipt.carrier() + ":" + receipt.errorCode(), now);
    }
  }

  /**
   * The one receipt to keep for a message when {@code later} arrives after {@code kept}: the one whose application
   * gives what applying both in arrival order would. A failure is final; a delivery beats any status but a failure
   * and keeps its time; otherwise the later report is the newer news.
   */
  static DeliveryReceipt merge(DeliveryReceipt kept, DeliveryReceipt later) {
    if (kept.status().isFinalFailure()) return kept;
    if (later.status().isFinalFailure()) return later;
    if (kept.status() == DeliveryStatus.DELIVERED) return kept;
    return later;
  }
}
