package dev.textback.spi;

import dev.textback.call.CallOutcome;
import dev.textback.phone.PhoneNumber;
import dev.textback.rules.Reason;
import java.time.Instant;
import java.util.Objects;

/**
 * A call the engine has decided, keyed by (carrier, callId). The stored decision is returned for every
 * later delivery of the same call, which makes call handling idempotent.
 *
 * @param carrier carrier name
 * @param callId the carrier's call id
 * @param businessId the business reached, or null when the dialled number is unknown
 * @param dialled the dialled number
 * @param caller the caller when valid, or null
 * @param outcome how the call ended
 * @param calledAt when the call started
 * @param decidedAt when the engine decided
 * @param reason the decision's reason
 * @param detail human-readable detail (no full numbers)
 * @param dueAt when the text is due, for texted, delayed and deferred decisions; else null
 * @param outboxId the outbox entry created for it, or null
 * @param conversationId the conversation opened or joined, or null
 */
public record CallRecord(String carrier, String callId, String businessId, PhoneNumber dialled, PhoneNumber caller,
    CallOutcome outcome, Instant calledAt, Instant decidedAt, Reason reason, String detail, Instant dueAt,
    String outboxId, String conversationId) {
  public CallRecord {
    Objects.requireNonNull(carrier, "carrier == null");
    Objects.requireNonNull(callId, "callId == null");
    Objects.requireNonNull(dialled, "dialled == null");
    Objects.requireNonNull(outcome, "outcome == null");
    Objects.requireNonNull(calledAt, "calledAt == null");
    Objects.requireNonNull(decidedAt, "decidedAt == null");
    Objects.requireNonNull(reason, "reason == null");
    Objects.requireNonNull(detail, "detail == null");
  }
}
