package dev.textback.spi;

import dev.textback.message.DeliveryReceipt;
import org.jspecify.annotations.Nullable;

/**
 * What recording a send locks ({@link StoreTransaction#lockSendRecord}): the delivery receipt kept for the carrier
 * message id, if one arrived before the send was recorded, and the outbox entry the send was for.
 *
 * @param early the receipt kept early for the message id, or null (its key is locked either way)
 * @param entry the outbox entry, locked, or null when it no longer exists
 */
public record SendRecordLocks(@Nullable DeliveryReceipt early, @Nullable OutboxEntry entry) {}
