package dev.textback.message;

import dev.textback.phone.CarrierId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A carrier's report on an outbound text.
 *
 * @param carrier the carrier that reported it
 * @param messageId the carrier's id of the outbound message (as returned when it was sent)
 * @param status the reported status
 * @param errorCode the carrier's error code, or null
 * @param at when the report arrived
 * @param failureReason for a failed delivery, what the adapter's error classifier made of the code (a landline,
 *     an opted-out number…), so core can remember it; null when unknown or not a failure
 */
public record DeliveryReceipt(CarrierId carrier, String messageId, DeliveryStatus status, @Nullable String errorCode,
    Instant at, @Nullable PermanentFailureReason failureReason) {
  public DeliveryReceipt {
    Objects.requireNonNull(carrier, "carrier == null");
    Objects.requireNonNull(messageId, "messageId == null");
    // A blank id would match a text the carrier accepted without giving one.
    if (messageId.isBlank()) throw new IllegalArgumentException("messageId is blank");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(at, "at == null");
  }

  /** A receipt without a classified failure reason. */
  public DeliveryReceipt(CarrierId carrier, String messageId, DeliveryStatus status, @Nullable String errorCode,
      Instant at) {
    this(carrier, messageId, status, errorCode, at, null);
  }
}
