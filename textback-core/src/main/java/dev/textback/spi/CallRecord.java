package dev.textback.spi;

import dev.textback.call.CallOutcome;
import dev.textback.phone.PhoneNumber;
import dev.textback.rules.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A call the engine has decided, keyed by (carrier, callId). The stored decision is returned for every
 * later delivery of the same call, which makes call handling idempotent. Immutable and thread-safe.
 *
 * <p>Build one with {@link #builder()}; a store maps its rows through the builder, so a field added in a later
 * version leaves that store compiling. {@link Builder#build()} names every required field left unset.
 */
public final class CallRecord {
  private final String carrier;
  private final String callId;
  private final @Nullable String businessId;
  private final PhoneNumber dialled;
  private final @Nullable PhoneNumber caller;
  private final CallOutcome outcome;
  private final Instant calledAt;
  private final Instant decidedAt;
  private final Reason reason;
  private final String detail;
  private final @Nullable Instant dueAt;
  private final @Nullable String outboxId;
  private final @Nullable String conversationId;

  private CallRecord(Builder b) {
    this.carrier = Objects.requireNonNull(b.carrier, "carrier");
    this.callId = Objects.requireNonNull(b.callId, "callId");
    this.businessId = b.businessId;
    this.dialled = Objects.requireNonNull(b.dialled, "dialled");
    this.caller = b.caller;
    this.outcome = Objects.requireNonNull(b.outcome, "outcome");
    this.calledAt = Objects.requireNonNull(b.calledAt, "calledAt");
    this.decidedAt = Objects.requireNonNull(b.decidedAt, "decidedAt");
    this.reason = Objects.requireNonNull(b.reason, "reason");
    this.detail = Objects.requireNonNull(b.detail, "detail");
    this.dueAt = b.dueAt;
    this.outboxId = b.outboxId;
    this.conversationId = b.conversationId;
  }

  /** An empty builder; optional fields start at null. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every field of this record. */
  public Builder toBuilder() {
    return new Builder().carrier(carrier).callId(callId).businessId(businessId).dialled(dialled).caller(caller)
        .outcome(outcome).calledAt(calledAt).decidedAt(decidedAt).reason(reason).detail(detail).dueAt(dueAt)
        .outboxId(outboxId).conversationId(conversationId);
  }

  /** Carrier name. */
  public String carrier() {
    return carrier;
  }

  /** The carrier's call id. */
  public String callId() {
    return callId;
  }

  /** The business reached, or null when the dialled number is unknown. */
  public @Nullable String businessId() {
    return businessId;
  }

  /** The dialled number. */
  public PhoneNumber dialled() {
    return dialled;
  }

  /** The caller when valid, or null. */
  public @Nullable PhoneNumber caller() {
    return caller;
  }

  /** How the call ended. */
  public CallOutcome outcome() {
    return outcome;
  }

  /** When the call started. */
  public Instant calledAt() {
    return calledAt;
  }

  /** When the engine decided. */
  public Instant decidedAt() {
    return decidedAt;
  }

  /** The decision's reason. */
  public Reason reason() {
    return reason;
  }

  /** Human-readable detail (no full numbers). */
  public String detail() {
    return detail;
  }

  /** When the text is due, for texted, delayed and deferred decisions; else null. */
  public @Nullable Instant dueAt() {
    return dueAt;
  }

  /** The outbox entry created for it, or null. */
  public @Nullable String outboxId() {
    return outboxId;
  }

  /** The conversation opened or joined, or null. */
  public @Nullable String conversationId() {
    return conversationId;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) return true;
    if (!(o instanceof CallRecord)) return false;
    CallRecord c = (CallRecord) o;
    return carrier.equals(c.carrier) && callId.equals(c.callId) && Objects.equals(businessId, c.businessId)
        && dialled.equals(c.dialled) && Objects.equals(caller, c.caller) && outcome == c.outcome
        && calledAt.equals(c.calledAt) && decidedAt.equals(c.decidedAt) && reason == c.reason
        && detail.equals(c.detail) && Objects.equals(dueAt, c.dueAt) && Objects.equals(outboxId, c.outboxId)
        && Objects.equals(conversationId, c.conversationId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(carrier, callId, businessId, dialled, caller, outcome, calledAt, decidedAt, reason, detail,
        dueAt, outboxId, conversationId);
  }

  /** Numbers are masked (see {@link PhoneNumber#toString()}). */
  @Override
  public String toString() {
    return "CallRecord[" + carrier + " " + callId + " " + outcome + " -> " + reason + ", business " + businessId
        + ", dialled " + dialled.masked() + ", caller " + caller + ", decided " + decidedAt + "]";
  }

  /** Builds a {@link CallRecord}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String carrier;
    private @Nullable String callId;
    private @Nullable String businessId;
    private @Nullable PhoneNumber dialled;
    private @Nullable PhoneNumber caller;
    private @Nullable CallOutcome outcome;
    private @Nullable Instant calledAt;
    private @Nullable Instant decidedAt;
    private @Nullable Reason reason;
    private @Nullable String detail;
    private @Nullable Instant dueAt;
    private @Nullable String outboxId;
    private @Nullable String conversationId;

    private Builder() {}

    /** Required. */
    public Builder carrier(String carrier) {
      this.carrier = carrier;
      return this;
    }

    /** Required. */
    public Builder callId(String callId) {
      this.callId = callId;
      return this;
    }

    public Builder businessId(@Nullable String businessId) {
      this.businessId = businessId;
      return this;
    }

    /** Required. */
    public Builder dialled(PhoneNumber dialled) {
      this.dialled = dialled;
      return this;
    }

    public Builder caller(@Nullable PhoneNumber caller) {
      this.caller = caller;
      return this;
    }

    /** Required. */
    public Builder outcome(CallOutcome outcome) {
      this.outcome = outcome;
      return this;
    }

    /** Required. */
    public Builder calledAt(Instant calledAt) {
      this.calledAt = calledAt;
      return this;
    }

    /** Required. */
    public Builder decidedAt(Instant decidedAt) {
      this.decidedAt = decidedAt;
      return this;
    }

    /** Required. */
    public Builder reason(Reason reason) {
      this.reason = reason;
      return this;
    }

    /** Required. */
    public Builder detail(String detail) {
      this.detail = detail;
      return this;
    }

    public Builder dueAt(@Nullable Instant dueAt) {
      this.dueAt = dueAt;
      return this;
    }

    public Builder outboxId(@Nullable String outboxId) {
      this.outboxId = outboxId;
      return this;
    }

    public Builder conversationId(@Nullable String conversationId) {
      this.conversationId = conversationId;
      return this;
    }

    /** @throws IllegalStateException naming every required field that is unset (or set to null) */
    public CallRecord build() {
      List<String> missing = new ArrayList<>();
      if (carrier == null) missing.add("carrier");
      if (callId == null) missing.add("callId");
      if (dialled == null) missing.add("dialled");
      if (outcome == null) missing.add("outcome");
      if (calledAt == null) missing.add("calledAt");
      if (decidedAt == null) missing.add("decidedAt");
      if (reason == null) missing.add("reason");
      if (detail == null) missing.add("detail");
      if (!missing.isEmpty()) throw new IllegalStateException("CallRecord is missing " + String.join(", ", missing));
      return new CallRecord(this);
    }
  }
}
