package dev.textback.message;

import java.time.Instant;
import java.util.Objects;

/**
 * A carrier's report on an outbound text.
 *
 * @param carrier carrier name
 * @param messageId the carrier's id of the outbound message (as returned when it was sent)
 * @param status the reported status
 * @param errorCode the carrier's error code, or null
 * @param at when the report arrived
 */
public record DeliveryReceipt(String carrier, String messageId, DeliveryStatus status, String errorCode, Instant at) {
  public DeliveryReceipt {
    Objects.requireNonNull(carrier, "carrier == null");
    Objects.requireNonNull(messageId, "messageId == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(at, "at == null");
  }
}
