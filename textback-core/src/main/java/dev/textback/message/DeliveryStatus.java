package dev.textback.message;

/** Where an outbound text stands according to the carrier. */
public enum DeliveryStatus {
  /** Accepted, queued or sending at the carrier. */
  ACCEPTED,
  /** Handed to the handset's network. */
  SENT,
  /** The handset confirmed receipt. */
  DELIVERED,
  /** The carrier could not deliver it. */
  UNDELIVERED,
  /** The carrier refused it. */
  FAILED;

  public boolean isFinalFailure() {
    return this == UNDELIVERED || this == FAILED;
  }
}
