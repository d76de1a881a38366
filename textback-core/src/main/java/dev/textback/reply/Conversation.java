package dev.textback.reply;

import dev.textback.phone.PhoneNumber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The thread between a business number and a caller that a text-back (or the caller's own text) opened.
 * Immutable and thread-safe: the engine stores updated copies.
 *
 * <p>Build one with {@link #builder()}; derive an updated copy with {@link #toBuilder()} or one of the named
 * transitions ({@link #withCallerReply}, {@link #withHandled}, ...). A store maps its rows through the builder,
 * so a field added in a later version leaves that store compiling; {@link Builder#build()} names every required
 * field left unset.
 */
public final class Conversation {
  private final String id;
  private final String businessId;
  private final PhoneNumber businessNumber;
  private final PhoneNumber caller;
  private final String carrier;
  private final @Nullable String callId;
  private final Instant openedAt;
  private final ConversationStatus status;
  private final @Nullable String owner;
  private final Instant lastActivityAt;
  private final @Nullable Instant firstReplyAt;
  private final @Nullable Instant firstResponseAt;
  private final @Nullable Instant awaitingSince;
  private final @Nullable Instant escalateAt;
  private final @Nullable Instant handledAt;

  private Conversation(Builder b) {
    this.id = Objects.requireNonNull(b.id, "id");
    this.businessId = Objects.requireNonNull(b.businessId, "businessId");
    this.businessNumber = Objects.requireNonNull(b.businessNumber, "businessNumber");
    this.caller = Objects.requireNonNull(b.caller, "caller");
    this.carrier = Objects.requireNonNull(b.carrier, "carrier");
    this.callId = b.callId;
    this.openedAt = Objects.requireNonNull(b.openedAt, "openedAt");
    this.status = Objects.requireNonNull(b.status, "status");
    this.owner = b.owner;
    this.lastActivityAt = Objects.requireNonNull(b.lastActivityAt, "lastActivityAt");
    this.firstReplyAt = b.firstReplyAt;
    this.firstResponseAt = b.firstResponseAt;
    this.awaitingSince = b.awaitingSince;
    this.escalateAt = b.escalateAt;
    this.handledAt = b.handledAt;
  }

  /** An empty builder; optional fields start at null. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every field of this conversation. */
  public Builder toBuilder() {
    return new Builder().id(id).businessId(businessId).businessNumber(businessNumber).caller(caller)
        .carrier(carrier).callId(callId).openedAt(openedAt).status(status).owner(owner)
        .lastActivityAt(lastActivityAt).firstReplyAt(firstReplyAt).firstResponseAt(firstResponseAt)
        .awaitingSince(awaitingSince).escalateAt(escalateAt).handledAt(handledAt);
  }

  /** Unique id. */
  public String id() {
    return id;
  }

  /** The business. */
  public String businessId() {
    return businessId;
  }

  /** The number the caller dialled; every message goes out from it. */
  public PhoneNumber businessNumber() {
    return businessNumber;
  }

  /** The caller. */
  public PhoneNumber caller() {
    return caller;
  }

  /** The carrier that carries it. */
  public String carrier() {
    return carrier;
  }

  /** Carrier call id of the missed call that opened it, or null when the caller started it by text. */
  public @Nullable String callId() {
    return callId;
  }

  /** When it opened. */
  public Instant openedAt() {
    return openedAt;
  }

  /** Where it stands. */
  public ConversationStatus status() {
    return status;
  }

  /** Who at the business owns it, or null. */
  public @Nullable String owner() {
    return owner;
  }

  /** The latest message either way. */
  public Instant lastActivityAt() {
    return lastActivityAt;
  }

  /** The caller's first reply, or null (a conversation with a reply is a recovered lead). */
  public @Nullable Instant firstReplyAt() {
    return firstReplyAt;
  }

  /** The business's first human response after the first reply, or null. */
  public @Nullable Instant firstResponseAt() {
    return firstResponseAt;
  }

  /** The oldest caller reply still waiting for a business response, or null. */
  public @Nullable Instant awaitingSince() {
    return awaitingSince;
  }

  /** When to escalate the waiting reply, or null when nothing is waiting or it was escalated. */
  public @Nullable Instant escalateAt() {
    return escalateAt;
  }

  /** When it was marked handled, or null. */
  public @Nullable Instant handledAt() {
    return handledAt;
  }

  /** True when a caller reply waits for the business. */
  public boolean needsReply() {
    return awaitingSince != null && status != ConversationStatus.CLOSED;
  }

  /**
   * The caller replied at {@code at}. Schedules an escalation at {@code escalateAt} unless one is already
   * scheduled, so each reply is escalated at most once.
   */
  public Conversation withCallerReply(Instant at, @Nullable Instant escalateAt) {
    return toBuilder().status(ConversationStatus.OPEN).lastActivityAt(at)
        .firstReplyAt(firstReplyAt == null ? at : firstReplyAt)
        .awaitingSince(awaitingSince == null ? at : awaitingSince)
        .escalateAt(this.escalateAt == null ? escalateAt : this.escalateAt).handledAt(null).build();
  }

  /** A person at the business ({@code by}, or the current owner when null) responded at {@code at}. */
  public Conversation withBusinessResponse(Instant at, @Nullable String by) {
    Instant firstResp = firstResponseAt == null && firstReplyAt != null ? at : firstResponseAt;
    return toBuilder().owner(by != null ? by : owner).lastActivityAt(at).firstResponseAt(firstResp)
        .awaitingSince(null).escalateAt(null).build();
  }

  /** An automatic message went out at {@code at}; it answers nothing, so waiting state is unchanged. */
  public Conversation withAutomaticMessage(Instant at) {
    return toBuilder().lastActivityAt(at).build();
  }

  /** The caller opted out: nothing is awaited from the business any more, so nothing escalates. */
  public Conversation withWaitingCleared(Instant at) {
    return toBuilder().lastActivityAt(at).awaitingSince(null).escalateAt(null).build();
  }

  /** The waiting reply was escalated; no further escalation until the caller writes again. */
  public Conversation withEscalated() {
    return toBuilder().escalateAt(null).build();
  }

  /** Marked handled at {@code at} by {@code by} (the current owner when null). */
  public Conversation withHandled(Instant at, @Nullable String by) {
    return toBuilder().status(ConversationStatus.HANDLED).owner(by != null ? by : owner).awaitingSince(null)
        .escalateAt(null).handledAt(at).build();
  }

  /** Over for good; nothing waits and nothing escalates. */
  public Conversation withClosed() {
    return toBuilder().status(ConversationStatus.CLOSED).awaitingSince(null).escalateAt(null).build();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) return true;
    if (!(o instanceof Conversation)) return false;
    Conversation c = (Conversation) o;
    return id.equals(c.id) && businessId.equals(c.businessId) && businessNumber.equals(c.businessNumber)
        && caller.equals(c.caller) && carrier.equals(c.carrier) && Objects.equals(callId, c.callId)
        && openedAt.equals(c.openedAt) && status == c.status && Objects.equals(owner, c.owner)
        && lastActivityAt.equals(c.lastActivityAt) && Objects.equals(firstReplyAt, c.firstReplyAt)
        && Objects.equals(firstResponseAt, c.firstResponseAt) && Objects.equals(awaitingSince, c.awaitingSince)
        && Objects.equals(escalateAt, c.escalateAt) && Objects.equals(handledAt, c.handledAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, businessId, businessNumber, caller, carrier, callId, openedAt, status, owner,
        lastActivityAt, firstReplyAt, firstResponseAt, awaitingSince, escalateAt, handledAt);
  }

  @Override
  public String toString() {
    return "Conversation[" + id + " " + status + " " + businessId + " " + caller.masked() + "]";
  }

  /** Builds a {@link Conversation}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable String businessId;
    private @Nullable PhoneNumber businessNumber;
    private @Nullable PhoneNumber caller;
    private @Nullable String carrier;
    private @Nullable String callId;
    private @Nullable Instant openedAt;
    private @Nullable ConversationStatus status;
    private @Nullable String owner;
    private @Nullable Instant lastActivityAt;
    private @Nullable Instant firstReplyAt;
    private @Nullable Instant firstResponseAt;
    private @Nullable Instant awaitingSince;
    private @Nullable Instant escalateAt;
    private @Nullable Instant handledAt;

    private Builder() {}

    /** Required. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** Required. */
    public Builder businessId(String businessId) {
      this.businessId = businessId;
      return this;
    }

    /** Required. */
    public Builder businessNumber(PhoneNumber businessNumber) {
      this.businessNumber = businessNumber;
      return this;
    }

    /** Required. */
    public Builder caller(PhoneNumber caller) {
      this.caller = caller;
      return this;
    }

    /** Required. */
    public Builder carrier(String carrier) {
      this.carrier = carrier;
      return this;
    }

    public Builder callId(@Nullable String callId) {
      this.callId = callId;
      return this;
    }

    /** Required. */
    public Builder openedAt(Instant openedAt) {
      this.openedAt = openedAt;
      return this;
    }

    /** Required; a new conversation is {@link ConversationStatus#OPEN}. */
    public Builder status(ConversationStatus status) {
      this.status = status;
      return this;
    }

    public Builder owner(@Nullable String owner) {
      this.owner = owner;
      return this;
    }

    /** Required; a new conversation's last activity is its opening. */
    public Builder lastActivityAt(Instant lastActivityAt) {
      this.lastActivityAt = lastActivityAt;
      return this;
    }

    public Builder firstReplyAt(@Nullable Instant firstReplyAt) {
      this.firstReplyAt = firstReplyAt;
      return this;
    }

    public Builder firstResponseAt(@Nullable Instant firstResponseAt) {
      this.firstResponseAt = firstResponseAt;
      return this;
    }

    public Builder awaitingSince(@Nullable Instant awaitingSince) {
      this.awaitingSince = awaitingSince;
      return this;
    }

    public Builder escalateAt(@Nullable Instant escalateAt) {
      this.escalateAt = escalateAt;
      return this;
    }

    public Builder handledAt(@Nullable Instant handledAt) {
      this.handledAt = handledAt;
      return this;
    }

    /** @throws IllegalStateException naming every required field that is unset (or set to null) */
    public Conversation build() {
      List<String> missing = new ArrayList<>();
      if (id == null) missing.add("id");
      if (businessId == null) missing.add("businessId");
      if (businessNumber == null) missing.add("businessNumber");
      if (caller == null) missing.add("caller");
      if (carrier == null) missing.add("carrier");
      if (openedAt == null) missing.add("openedAt");
      if (status == null) missing.add("status");
      if (lastActivityAt == null) missing.add("lastActivityAt");
      if (!missing.isEmpty()) throw new IllegalStateException("Conversation is missing " + String.join(", ", missing));
      return new Conversation(this);
    }
  }
}
