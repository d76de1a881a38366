package dev.textback.spi;

/** Lifecycle of an outbox entry. Only {@link #PENDING} entries are ever claimed. */
public enum OutboxStatus {
  /** Waiting for its due time, or for another attempt. */
  PENDING,
  /** Accepted by the carrier; for the routing kinds, handed over to the reply router or escalation notifier. */
  SENT,
  /** Confirmed delivered by the carrier. */
  DELIVERED,
  /** Refused for good, or reported undeliverable. */
  FAILED,
  /** Withdrawn before sending (the caller was reached another way, or opted out). */
  CANCELED,
  /** A deferred text that became too old to send. */
  EXPIRED;

  public boolean isFinal() {
    return this != PENDING;
  }
}
