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
import dev.textback.spi.ClaimScope;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

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
  /** What a dispatcher with a Twilio gateway claims. */
  static final ClaimScope TWILIO_TEXTS = ClaimScope.carriers(TWILIO);

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
    return CallRecord.builder().carrier(carrier).callId(callId).businessId(businessId).dialled(BUSINESS_NUMBER)
        .caller(CALLER).outcome(outcome).calledAt(calledAt).decidedAt(calledAt.plusSeconds(2)).reason(reason)
        .detail("rang 25 s").dueAt(calledAt.plusSeconds(32)).outboxId("ob-" + callId).conversationId("cv-" + callId)
        .build();
  }

  static CallRecord withDetail(CallRecord c, String detail) {
    return c.toBuilder().detail(detail).build();
  }

  static Episode episode(String businessId, PhoneNumber caller, String firstCallId, int calls) {
    return new Episode(businessId, caller, firstCallId, T0, minutes(calls), minutes(60), calls);
  }

  /** A pending text-back due at {@code dueAt}. */
  static OutboxEntry pending(String id, Instant dueAt) {
    return newEntry(id, OutboxKind.TEXT_BACK, BUSINESS, CALLER, T0, dueAt)
        .body("Sorry we missed your call. How can we help?").conversationId("cv-" + id).callId("call-" + id)
        .calledAt(T0.minusSeconds(30)).build();
  }

  static OutboxEntry pending(String id, String businessId, PhoneNumber to, OutboxKind kind) {
    return newEntry(id, kind, businessId, to, T0, T0).build();
  }

  /**
   * A new pending entry from {@link #BUSINESS_NUMBER} over Twilio with body {@code "text " + id}, written at
   * {@code createdAt}, due at {@code dueAt}, without conversation or call; finish it with the builder.
   */
  static OutboxEntry.Builder newEntry(String id, OutboxKind kind, String businessId, PhoneNumber to,
      Instant createdAt, Instant dueAt) {
    return OutboxEntry.builder().id(id).kind(kind).businessId(businessId).carrier(TWILIO).from(BUSINESS_NUMBER)
        .to(to).body("text " + id).createdAt(createdAt).dueAt(dueAt).status(OutboxStatus.PENDING);
  }

  /** An entry with every field set to something other than its default. */
  static OutboxEntry fullEntry(String id) {
    return OutboxEntry.builder()
        .id(id)
        .kind(OutboxKind.REPLY)
        .businessId(BUSINESS)
        .carrier(VONAGE)
        .from(BUSINESS_NUMBER)
        .to(CALLER)
        .body("Hi, this is Ana from the shop: tomorrow at 9?")
        .conversationId("cv-full")
        .callId("call-full")
        .calledAt(T0.minusSeconds(40))
        .createdAt(T0)
        .dueAt(seconds(10))
        .expiresAt(minutes(600))
        .status(OutboxStatus.DELIVERED)
        .attempts(2)
        .totalAttempts(3)
        .leaseOwner("dispatcher-a")
        .leaseUntil(seconds(70))
        .carrierMessageId("msg-" + id)
        .segments(2)
        .sentAt(seconds(12))
        .deliveredAt(seconds(15))
        .lastError("503 from carrier, retried")
        .possibleDuplicate(true)
        .conversationMessageId("msg-in-" + id)
        .takenOver(true)
        .build();
  }

  /**
   * Pending routing work of {@code kind} due at {@code dueAt}, as the engine writes it: the conversation's numbers
   * and carrier, an empty body, the conversation and the message it is about.
   */
  static OutboxEntry routing(String id, OutboxKind kind, Instant dueAt) {
    return newEntry(id, kind, BUSINESS, CALLER, T0, dueAt).body("").conversationId("cv-" + id)
        .conversationMessageId("msg-" + id).build();
  }

  static OutboxEntry withStatus(OutboxEntry e, OutboxStatus status, @Nullable Instant sentAt) {
    return e.toBuilder().status(status).sentAt(sentAt).build();
  }

  /** A text-back answering a call at {@code calledAt}, written then, in {@code status}, accepted at {@code sentAt}. */
  static OutboxEntry textBack(String id, String businessId, Instant calledAt, OutboxStatus status,
      @Nullable Instant sentAt) {
    return newEntry(id, OutboxKind.TEXT_BACK, businessId, CALLER, calledAt.plusSeconds(2), calledAt.plusSeconds(2))
        .conversationId("cv-" + id).callId("call-" + id).calledAt(calledAt).status(status).sentAt(sentAt).build();
  }

  static Conversation conversation(String id, String businessId, PhoneNumber caller, Instant openedAt) {
    return Conversation.builder().id(id).businessId(businessId).businessNumber(BUSINESS_NUMBER).caller(caller)
        .carrier(TWILIO).callId("call-" + id).openedAt(openedAt).status(ConversationStatus.OPEN)
        .lastActivityAt(openedAt).build();
  }

  static Conversation withStatus(Conversation c, ConversationStatus status, Instant lastActivityAt) {
    return c.toBuilder().status(status).lastActivityAt(lastActivityAt).build();
  }

  static Conversation withEscalateAt(Conversation c, @Nullable Instant escalateAt) {
    return c.toBuilder().awaitingSince(escalateAt == null ? null : c.lastActivityAt()).escalateAt(escalateAt)
        .build();
  }

  /** A conversation with every field set. */
  static Conversation fullConversation(String id) {
    return Conversation.builder()
        .id(id)
        .businessId(BUSINESS)
        .businessNumber(BUSINESS_NUMBER)
        .caller(CALLER)
        .carrier(VONAGE)
        .callId("call-" + id)
        .openedAt(T0)
        .status(ConversationStatus.HANDLED)
        .owner("Ana")
        .lastActivityAt(minutes(30))
        .firstReplyAt(minutes(2))
        .firstResponseAt(minutes(10))
        .awaitingSince(minutes(20))
        .escalateAt(minutes(35))
        .handledAt(minutes(25))
        .build();
  }

  static ConversationMessage message(String id, String conversationId, Direction direction, Instant at,
      boolean automatic) {
    return ConversationMessage.builder().id(id).conversationId(conversationId).direction(direction)
        .body("body of " + id).at(at).automatic(automatic)
        .author(direction == Direction.OUTBOUND && !automatic ? "Ana" : null)
        .carrierMessageId(direction == Direction.INBOUND ? "in-" + id : null).build();
  }
}
