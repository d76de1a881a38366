package dev.textback.spi;

import java.util.Objects;

/**
 * The carrier's acceptance of a text.
 *
 * @param messageId the carrier's message id; delivery receipts refer to it
 * @param segments segments the carrier will bill, or 0 when it did not say
 * @param status the carrier's status word, e.g. {@code queued}
 */
public record SendReceipt(String messageId, int segments, String status) {
  public SendReceipt {
    Objects.requireNonNull(messageId, "messageId == null");
    Objects.requireNonNull(status, "status == null");
  }
}
