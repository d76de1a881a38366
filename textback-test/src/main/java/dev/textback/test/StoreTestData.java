package dev.textback.test;

import dev.textback.call.CallOutcome;
import dev.textback.phone.PhoneNumber;
import dev.textback.policy.Episode;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.ConversationStatus;
import dev.textback.reply.Direction;
import dev.textback.rules.Reason;
import dev.textback.spi.CallRecord;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Values for the store contract. Instants are whole milliseconds, which every store keeps exactly (SQL stores
 * keep microseconds).
 */
final class StoreTestData {
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  static final String BUSINESS = "biz-1";
  static final String OTHER_BUSINESS = "biz-2";
  static final String TWILIO = "twilio";
  static final String VONAGE = "vonage";
  static final PhoneNumber BUSINESS_NUMBER = PhoneNumber.of("+15550100100");
  static final PhoneNumber OTHER_BUSINESS_NUMBER = PhoneNumber.of("+15550100200");
  static final PhoneNumber CALLER = PhoneNumber.of("+15550123401");
  static final PhoneNumber OTHER_CALLER = PhoneNumber.of("+15550123402");

  private StoreTestData() {}

  static Instant minutes(long m) {
    return T0.plus(Duration.ofMinutes(m));
  }

  static Instant seconds(long s) {
    return T0.plusSeconds(s);
  }

  /** A texted call with every field set. */
  static CallRecord call(String callId) {
    return call(TWILIO, callId, BUSINESS, T0, CallOutcome.NO_ANSWER, Reason.TEXT);
  }

  static CallRecord call(String carrier, String callId, String businessId, Instant calledAt, CallOutcome outcome,
      Reason reason) {
    return new CallRecord(carrier, callId, businessId, BUSINESS_NUMBER, CALLER, outcome, calledAt,
        calledAt.plusSeconds(2), reason, "rang 25 s", calledAt.plusSeconds(32), "ob-" + callId, "cv-" + callId);
  }

  static CallRecord withDetail(CallRecord c, String detail) {
    return new CallRecord(c.carrier(), c.callId(), c.businessId(), c.dialled(), c.caller(), c.outcome(),
        c.calledAt(), c.decidedAt(), c.reason(), detail, c.dueAt(), c.outboxId(), c.conversationId());
  }

  static Episode episode(String businessId, PhoneNumber caller, String firstCallId, int calls) {
    return new Episode(businessId, caller, firstCallId, T0, minutes(calls), minutes(60), calls);
  }

  /** A pending text-back due at {@code dueAt}. */
  static OutboxEntry pending(String id, Instant dueAt) {
    return OutboxEntry.pending(id, OutboxKind.TEXT_BACK, BUSINESS, TWILIO, BUSINESS_NUMBER, CALLER,
        "Sorry we missed your call. How can we help?", "cv-" + id, "call-" + id, T0.minusSeconds(30), T0, dueAt,
        null);
  }

  static OutboxEntry pending(String id, String businessId, PhoneNumber to, OutboxKind kind) {
    return OutboxEntry.pending(id, kind, businessId, TWILIO, BUSINESS_NUMBER, to, "text " + id, null, null, null,
        T0, T0, null);
  }

  /** An entry with every field set to something other than its default. */
  static OutboxEntry fullEntry(String id) {
    return new OutboxEntry(id, OutboxKind.REPLY, BUSINESS, VONAGE, BUSINESS_NUMBER, CALLER,
        "Hi, this is Ana from the shop: tomorrow at 9?", "cv-full", "call-full", T0.minusSeconds(40), T0,
        seconds(10), minutes(600), OutboxStatus.DELIVERED, 2, 3, "dispatcher-a", seconds(70), "msg-" + id, 2,
        seconds(12), seconds(15), "503 from carrier, retried", true);
  }

  static OutboxEntry withStatus(OutboxEntry e, OutboxStatus status, Instant sentAt) {
    return new OutboxEntry(e.id(), e.kind(), e.businessId(), e.carrier(), e.from(), e.to(), e.body(),
        e.conversationId(), e.callId(), e.calledAt(), e.createdAt(), e.dueAt(), e.expiresAt(), status, e.attempts(),
        e.totalAttempts(), e.leaseOwner(), e.leaseUntil(), e.carrierMessageId(), e.segments(), sentAt,
        e.deliveredAt(), e.lastError(), e.possibleDuplicate());
  }

  /** A text-back answering a call at {@code calledAt}, written then, in {@code status}, accepted at {@code sentAt}. */
  static OutboxEntry textBack(String id, String businessId, Instant calledAt, OutboxStatus status, Instant sentAt) {
    OutboxEntry e = OutboxEntry.pending(id, OutboxKind.TEXT_BACK, businessId, TWILIO, BUSINESS_NUMBER, CALLER,
        "text " + id, "cv-" + id, "call-" + id, calledAt, calledAt.plusSeconds(2), calledAt.plusSeconds(2), null);
    return withStatus(e, status, sentAt);
  }

  static Conversation conversation(String id, String businessId, PhoneNumber caller, Instant openedAt) {
    return Conversation.open(id, businessId, BUSINESS_NUMBER, caller, TWILIO, "call-" + id, openedAt);
  }

  static Conversation withStatus(Conversation c, ConversationStatus status, Instant lastActivityAt) {
    return new Conversation(c.id(), c.businessId(), c.businessNumber(), c.caller(), c.carrier(), c.callId(),
        c.openedAt(), status, c.owner(), lastActivityAt, c.firstReplyAt(), c.firstResponseAt(), c.awaitingSince(),
        c.escalateAt(), c.handledAt());
  }

  static Conversation withEscalateAt(Conversation c, Instant escalateAt) {
    return new Conversation(c.id(), c.businessId(), c.businessNumber(), c.caller(), c.carrier(), c.callId(),
        c.openedAt(), c.status(), c.owner(), c.lastActivityAt(), c.firstReplyAt(), c.firstResponseAt(),
        escalateAt == null ? null : c.lastActivityAt(), escalateAt, c.handledAt());
  }

  /** A conversation with every field set. */
  static Conversation fullConversation(String id) {
    return new Conversation(id, BUSINESS, BUSINESS_NUMBER, CALLER, VONAGE, "call-" + id, T0, ConversationStatus.HANDLED,
        "Ana", minutes(30), minutes(2), minutes(10), minutes(20), minutes(35), minutes(25));
  }

  static ConversationMessage message(String id, String conversationId, Direction direction, Instant at,
      boolean automatic) {
    return new ConversationMessage(id, conversationId, direction, "body of " + id, at, automatic,
        direction == Direction.OUTBOUND && !automatic ? "Ana" : null,
        direction == Direction.INBOUND ? "in-" + id : null, List.of());
  }
}
