package dev.textback.spi;

import dev.textback.phone.PhoneNumber;
import dev.textback.policy.ConsentEvidence;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A text decided but not necessarily sent: the durable record between the decision and the carrier.
 * Written in the same transaction as the decision; the dispatcher claims it with a lease, sends it and
 * records the result. Immutable: use the {@code with…} methods to derive updated copies.
 *
 * @param id unique id; also the idempotency key handed to the gateway
 * @param kind why the text exists
 * @param businessId the business sending it
 * @param carrier the carrier whose gateway sends it
 * @param from the business number (the number the caller dialled)
 * @param to the recipient
 * @param body the exact text
 * @param conversationId the conversation it belongs to, or null
 * @param callId carrier call id it answers (its consent basis), or null
 * @param calledAt when that call happened (for stats and consent), or null
 * @param createdAt when the entry was written
 * @param dueAt not before this instant
 * @param expiresAt after this instant it is dropped as {@link OutboxStatus#EXPIRED}, or null for never
 * @param status lifecycle state
 * @param attempts send attempts so far, in the current burst of retries
 * @param totalAttempts send attempts over the entry's life
 * @param leaseOwner the engine instance that claimed it, or null
 * @param leaseUntil the claim expires at this instant, or null
 * @param carrierMessageId the carrier's id once accepted, or null
 * @param segments billed segments once accepted, else 0
 * @param sentAt when the carrier accepted it, or null
 * @param deliveredAt when the carrier confirmed delivery, or null
 * @param lastError the last failure, for operators (no full numbers), or null
 * @param possibleDuplicate true when an earlier attempt may have reached the carrier, so a copy may exist
 */
public record OutboxEntry(String id, OutboxKind kind, String businessId, String carrier, PhoneNumber from,
    PhoneNumber to, String body, String conversationId, String callId, Instant calledAt, Instant createdAt,
    Instant dueAt, Instant expiresAt, OutboxStatus status, int attempts, int totalAttempts, String leaseOwner,
    Instant leaseUntil, String carrierMessageId, int segments, Instant sentAt, Instant deliveredAt,
    String lastError, boolean possibleDuplicate) {

  public OutboxEntry {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(businessId, "businessId == null");
    Objects.requireNonNull(carrier, "carrier == null");
    Objects.requireNonNull(from, "from == null");
    Objects.requireNonNull(to, "to == null");
    Objects.requireNonNull(body, "body == null");
    Objects.requireNonNull(createdAt, "createdAt == null");
    Objects.requireNonNull(dueAt, "dueAt == null");
    Objects.requireNonNull(status, "status == null");
  }

  /** A new pending entry. */
  public static OutboxEntry pending(String id, OutboxKind kind, String businessId, String carrier,
      PhoneNumber from, PhoneNumber to, String body, String conversationId, String callId, Instant calledAt,
      Instant createdAt, Instant dueAt, Instant expiresAt) {
    return new OutboxEntry(id, kind, businessId, carrier, from, to, body, conversationId, callId, calledAt,
        createdAt, dueAt, expiresAt, OutboxStatus.PENDING, 0, 0, null, null, null, 0, null, null, null, false);
  }

  public OutboxEntry withLease(String owner, Instant until) {
    return new OutboxEntry(id, kind, businessId, carrier, from, to, body, conversationId, callId, calledAt,
        createdAt, dueAt, expiresAt, status, attempts, totalAttempts, owner, until, carrierMessageId, segments,
        sentAt, deliveredAt, lastError, possibleDuplicate);
  }

  public OutboxEntry sent(String carrierMessageId, int segments, Instant at) {
    return new OutboxEntry(id, kind, businessId, carrier, from, to, body, conversationId, callId, calledAt,
        createdAt, dueAt, expiresAt, OutboxStatus.SENT, attempts + 1, totalAttempts + 1, null, null,
        carrierMessageId, segments, at, deliveredAt, lastError, possibleDuplicate);
  }

  /** Released for another attempt at {@code nextDue}; {@code resetBurst} starts a new burst of retries. */
  public OutboxEntry retryAt(Instant nextDue, String error, boolean mayHaveBeenAccepted, boolean resetBurst) {
    return new OutboxEntry(id, kind, businessId, carrier, from, to, body, conversationId, callId, calledAt,
        createdAt, nextDue, expiresAt, OutboxStatus.PENDING, resetBurst ? 0 : attempts + 1, totalAttempts + 1,
        null, null, carrierMessageId, segments, sentAt, deliveredAt, error,
        possibleDuplicate || mayHaveBeenAccepted);
  }

  /** Released unsent until {@code due} (the caller's quiet hours), without counting an attempt. */
  public OutboxEntry deferredTo(Instant due, String note) {
    return new OutboxEntry(id, kind, businessId, carrier, from, to, body, conversationId, callId, calledAt,
        createdAt, due, expiresAt, OutboxStatus.PENDING, attempts, totalAttempts, null, null, carrierMessageId,
        segments, sentAt, deliveredAt, note, possibleDuplicate);
  }

  /** Moves to a final status with an error note (failed, canceled, expired). */
  public OutboxEntry finish(OutboxStatus finalStatus, String error, boolean countAttempt) {
    return new OutboxEntry(id, kind, businessId, carrier, from, to, body, conversationId, callId, calledAt,
        createdAt, dueAt, expiresAt, finalStatus, countAttempt ? attempts + 1 : attempts,
        countAttempt ? totalAttempts + 1 : totalAttempts, null, null, carrierMessageId, segments, sentAt,
        deliveredAt, error, possibleDuplicate);
  }

  public OutboxEntry delivered(Instant at) {
    return new OutboxEntry(id, kind, businessId, carrier, from, to, body, conversationId, callId, calledAt,
        createdAt, dueAt, expiresAt, OutboxStatus.DELIVERED, attempts, totalAttempts, leaseOwner, leaseUntil,
        carrierMessageId, segments, sentAt, at, lastError, possibleDuplicate);
  }

  /** A copy flagged as possibly already delivered once (its lease expired while a send was in flight). */
  public OutboxEntry flaggedPossibleDuplicate() {
    return new OutboxEntry(id, kind, businessId, carrier, from, to, body, conversationId, callId, calledAt,
        createdAt, dueAt, expiresAt, status, attempts, totalAttempts, leaseOwner, leaseUntil, carrierMessageId,
        segments, sentAt, deliveredAt, lastError, true);
  }

  /**
   * What allowed this text: the call it answers, for text-backs and conversation messages that stem from a
   * missed call. Empty for texts to the business itself (forwards, escalations) and for conversations the
   * caller started by text.
   */
  public Optional<ConsentEvidence> consent() {
    if (callId == null || calledAt == null) return Optional.empty();
    String basis = kind == OutboxKind.TEXT_BACK ? "missed-call" : "reply-in-conversation";
    return Optional.of(new ConsentEvidence(carrier, callId, calledAt, basis));
  }

  @Override
  public String toString() {
    return "OutboxEntry[" + id + " " + kind + " " + status + " " + from.masked() + " -> " + to.masked()
        + ", due " + dueAt + ", attempts " + totalAttempts + "]";
  }
}
