package dev.textback.reply;

import dev.textback.phone.PhoneNumber;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The thread between a business number and a caller that a text-back opened. Immutable: the engine stores
 * updated copies.
 *
 * @param id unique id
 * @param businessId the business
 * @param businessNumber the number the caller dialled; every message goes out from it
 * @param caller the caller
 * @param carrier the carrier that carries it
 * @param callId carrier call id of the missed call that opened it
 * @param openedAt when it opened
 * @param status where it stands
 * @param owner who at the business owns it, or null
 * @param lastActivityAt the latest message either way
 * @param firstReplyAt the caller's first reply, or null (a conversation with a reply is a recovered lead)
 * @param firstResponseAt the business's first human response after the first reply, or null
 * @param awaitingSince the oldest caller reply still waiting for a business response, or null
 * @param escalateAt when to escalate the waiting reply, or null when nothing is waiting or it was escalated
 * @param handledAt when it was marked handled, or null
 */
public record Conversation(String id, String businessId, PhoneNumber businessNumber, PhoneNumber caller,
    String carrier, String callId, Instant openedAt, ConversationStatus status, String owner,
    Instant lastActivityAt, Instant firstReplyAt, Instant firstResponseAt, Instant awaitingSince,
    Instant escalateAt, Instant handledAt) {

  public Conversation {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(businessId, "businessId == null");
    Objects.requireNonNull(businessNumber, "businessNumber == null");
    Objects.requireNonNull(caller, "caller == null");
    Objects.requireNonNull(carrier, "carrier == null");
    Objects.requireNonNull(openedAt, "openedAt == null");
    Objects.requireNonNull(status, "status == null");
    Objects.requireNonNull(lastActivityAt, "lastActivityAt == null");
  }

  public static Conversation open(String id, String businessId, PhoneNumber businessNumber, PhoneNumber caller,
      String carrier, String callId, Instant at) {
    return new Conversation(id, businessId, businessNumber, caller, carrier, callId, at, ConversationStatus.OPEN,
        null, at, null, null, null, null, null);
  }

  /** True when a caller reply waits for the business. */
  public boolean needsReply() {
    return awaitingSince != null && status != ConversationStatus.CLOSED;
  }

  public Optional<String> ownerName() {
    return Optional.ofNullable(owner);
  }

  /**
   * The caller replied at {@code at}. Schedules an escalation at {@code escalateAt} unless one is already
   * scheduled, so each reply is escalated at most once.
   */
  public Conversation withCallerReply(Instant at, Instant escalateAt) {
    return new Conversation(id, businessId, businessNumber, caller, carrier, callId, openedAt,
        ConversationStatus.OPEN, owner, at, firstReplyAt == null ? at : firstReplyAt, firstResponseAt,
        awaitingSince == null ? at : awaitingSince, this.escalateAt == null ? escalateAt : this.escalateAt, null);
  }

  /** A person at the business responded at {@code at}. */
  public Conversation withBusinessResponse(Instant at, String by) {
    Instant firstResp = firstResponseAt == null && firstReplyAt != null ? at : firstResponseAt;
    return new Conversation(id, businessId, businessNumber, caller, carrier, callId, openedAt, status,
        by != null ? by : owner, at, firstReplyAt, firstResp, null, null, handledAt);
  }

  /** An automatic message went out at {@code at}; it answers nothing, so waiting state is unchanged. */
  public Conversation withAutomaticMessage(Instant at) {
    return new Conversation(id, businessId, businessNumber, caller, carrier, callId, openedAt, status, owner, at,
        firstReplyAt, firstResponseAt, awaitingSince, escalateAt, handledAt);
  }

  /** The caller opted out: nothing is awaited from the business any more, so nothing escalates. */
  public Conversation withWaitingCleared(Instant at) {
    return new Conversation(id, businessId, businessNumber, caller, carrier, callId, openedAt, status, owner, at,
        firstReplyAt, firstResponseAt, null, null, handledAt);
  }

  /** The waiting reply was escalated; no further escalation until the caller writes again. */
  public Conversation withEscalated() {
    return new Conversation(id, businessId, businessNumber, caller, carrier, callId, openedAt, status, owner,
        lastActivityAt, firstReplyAt, firstResponseAt, awaitingSince, null, handledAt);
  }

  public Conversation withHandled(Instant at, String by) {
    return new Conversation(id, businessId, businessNumber, caller, carrier, callId, openedAt,
        ConversationStatus.HANDLED, by != null ? by : owner, lastActivityAt, firstReplyAt, firstResponseAt, null,
        null, at);
  }

  public Conversation withClosed() {
    return new Conversation(id, businessId, businessNumber, caller, carrier, callId, openedAt,
        ConversationStatus.CLOSED, owner, lastActivityAt, firstReplyAt, firstResponseAt, null, null, handledAt);
  }

  @Override
  public String toString() {
    return "Conversation[" + id + " " + status + " " + businessId + " " + caller.masked() + "]";
  }
}
