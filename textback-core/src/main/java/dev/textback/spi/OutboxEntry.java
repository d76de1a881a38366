package dev.textback.spi;

import dev.textback.phone.PhoneNumber;
import dev.textback.policy.ConsentEvidence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A text decided but not necessarily sent: the durable record between the decision and the carrier.
 * Written in the same transaction as the decision; the dispatcher claims it with a lease, sends it and
 * records the result. Entries of the {@linkplain OutboxKind#isRouting() routing kinds} are not texts but a
 * reply or an escalation to hand to the engine's router or notifier; {@link #from()}, {@link #to()} and
 * {@link #carrier()} then name the conversation's business number, caller and carrier, and the body is empty.
 * Immutable and thread-safe.
 *
 * <p>Build one with {@link #builder()}; derive an updated copy with {@link #toBuilder()} or one of the named
 * transitions ({@link #sent}, {@link #retryAt}, {@link #finish}, ...). A store maps its rows through the
 * builder, so a field added in a later version leaves that store compiling (the new field keeps its default)
 * instead of breaking a positional constructor; {@link Builder#build()} names every required field left unset.
 */
public final class OutboxEntry {
  private final String id;
  private final OutboxKind kind;
  private final String businessId;
  private final String carrier;
  private final PhoneNumber from;
  private final PhoneNumber to;
  private final String body;
  private final @Nullable String conversationId;
  private final @Nullable String callId;
  private final @Nullable Instant calledAt;
  private final Instant createdAt;
  private final Instant dueAt;
  private final @Nullable Instant expiresAt;
  private final OutboxStatus status;
  private final int attempts;
  private final int totalAttempts;
  private final @Nullable String leaseOwner;
  private final @Nullable Instant leaseUntil;
  private final @Nullable String carrierMessageId;
  private final int segments;
  private final @Nullable Instant sentAt;
  private final @Nullable Instant deliveredAt;
  private final @Nullable String lastError;
  private final boolean possibleDuplicate;
  private final @Nullable String conversationMessageId;
  private final boolean takenOver;

  private OutboxEntry(Builder b) {
    this.id = Objects.requireNonNull(b.id, "id");
    this.kind = Objects.requireNonNull(b.kind, "kind");
    this.businessId = Objects.requireNonNull(b.businessId, "businessId");
    this.carrier = Objects.requireNonNull(b.carrier, "carrier");
    this.from = Objects.requireNonNull(b.from, "from");
    this.to = Objects.requireNonNull(b.to, "to");
    this.body = Objects.requireNonNull(b.body, "body");
    this.conversationId = b.conversationId;
    this.callId = b.callId;
    this.calledAt = b.calledAt;
    this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt");
    this.dueAt = Objects.requireNonNull(b.dueAt, "dueAt");
    this.expiresAt = b.expiresAt;
    this.status = Objects.requireNonNull(b.status, "status");
    this.attempts = b.attempts;
    this.totalAttempts = b.totalAttempts;
    this.leaseOwner = b.leaseOwner;
    this.leaseUntil = b.leaseUntil;
    this.carrierMessageId = b.carrierMessageId;
    this.segments = b.segments;
    this.sentAt = b.sentAt;
    this.deliveredAt = b.deliveredAt;
    this.lastError = b.lastError;
    this.possibleDuplicate = b.possibleDuplicate;
    this.conversationMessageId = b.conversationMessageId;
    this.takenOver = b.takenOver;
  }

  /**
   * An empty builder: counts start at 0, optional fields at null, {@code possibleDuplicate} and {@code takenOver}
   * at false.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every field of this entry. */
  public Builder toBuilder() {
    return new Builder().id(id).kind(kind).businessId(businessId).carrier(carrier).from(from).to(to).body(body)
        .conversationId(conversationId).callId(callId).calledAt(calledAt).createdAt(createdAt).dueAt(dueAt)
        .expiresAt(expiresAt).status(status).attempts(attempts).totalAttempts(totalAttempts)
        .leaseOwner(leaseOwner).leaseUntil(leaseUntil).carrierMessageId(carrierMessageId).segments(segments)
        .sentAt(sentAt).deliveredAt(deliveredAt).lastError(lastError).possibleDuplicate(possibleDuplicate)
        .conversationMessageId(conversationMessageId).takenOver(takenOver);
  }

  /** Unique id; also the idempotency key handed to the gateway. */
  public String id() {
    return id;
  }

  /** Why the text exists. */
  public OutboxKind kind() {
    return kind;
  }

  /** The business sending it. */
  public String businessId() {
    return businessId;
  }

  /** The carrier whose gateway sends it. */
  public String carrier() {
    return carrier;
  }

  /** The business number (the number the caller dialled). */
  public PhoneNumber from() {
    return from;
  }

  /** The recipient. */
  public PhoneNumber to() {
    return to;
  }

  /** The exact text. */
  public String body() {
    return body;
  }

  /** The conversation it belongs to, or null. */
  public @Nullable String conversationId() {
    return conversationId;
  }

  /** Carrier call id it answers (its consent basis), or null. */
  public @Nullable String callId() {
    return callId;
  }

  /** When that call happened (for stats and consent), or null. */
  public @Nullable Instant calledAt() {
    return calledAt;
  }

  /** When the entry was written. */
  public Instant createdAt() {
    return createdAt;
  }

  /** Not sent before this instant. */
  public Instant dueAt() {
    return dueAt;
  }

  /** After this instant it is dropped as {@link OutboxStatus#EXPIRED}, or null for never. */
  public @Nullable Instant expiresAt() {
    return expiresAt;
  }

  /** Lifecycle state. */
  public OutboxStatus status() {
    return status;
  }

  /** Send attempts so far, in the current burst of retries. */
  public int attempts() {
    return attempts;
  }

  /** Send attempts over the entry's life. */
  public int totalAttempts() {
    return totalAttempts;
  }

  /** The engine instance that claimed it, or null. */
  public @Nullable String leaseOwner() {
    return leaseOwner;
  }

  /** The claim expires at this instant, or null. */
  public @Nullable Instant leaseUntil() {
    return leaseUntil;
  }

  /** The carrier's id once accepted, or null. */
  public @Nullable String carrierMessageId() {
    return carrierMessageId;
  }

  /** Billed segments once accepted, else 0. */
  public int segments() {
    return segments;
  }

  /** When the carrier accepted it, or null. */
  public @Nullable Instant sentAt() {
    return sentAt;
  }

  /** When the carrier confirmed delivery, or null. */
  public @Nullable Instant deliveredAt() {
    return deliveredAt;
  }

  /** The last failure, for operators (no full numbers), or null. */
  public @Nullable String lastError() {
    return lastError;
  }

  /**
   * True when an earlier attempt may have reached the carrier (for routing kinds: the router or notifier), so a
   * copy may exist.
   */
  public boolean possibleDuplicate() {
    return possibleDuplicate;
  }

  /**
   * The conversation message this entry is about, or null: for {@link OutboxKind#ROUTE_REPLY} the caller's reply
   * to route, for {@link OutboxKind#NOTIFY_ESCALATION} the caller's latest message when the conversation was
   * escalated. Texts carry none.
   */
  public @Nullable String conversationMessageId() {
    return conversationMessageId;
  }

  /**
   * True while the entry is held by a claim that took it over from an earlier claim that lapsed unfinished: the
   * engine holding that claim stopped (or could not record its result) in the middle of an attempt, which may
   * have reached the carrier or the router. {@link TextBackStore#claimDue} sets it on each claim; releasing the
   * claim clears it. An ordinary retry never sets it (see {@link #possibleDuplicate()} for that).
   */
  public boolean takenOver() {
    return takenOver;
  }

  /**
   * A copy claimed by {@code owner} until {@code until} as a fresh claim, not a takeover; both null release the
   * claim. Either way {@link #takenOver()} is false.
   */
  public OutboxEntry withLease(@Nullable String owner, @Nullable Instant until) {
    return toBuilder().leaseOwner(owner).leaseUntil(until).takenOver(false).build();
  }

  /**
   * A copy claimed by {@code owner} until {@code until}, taken over from a claim that lapsed while its owner may
   * have been in the middle of an attempt: flagged {@link #possibleDuplicate()} and {@link #takenOver()}.
   */
  public OutboxEntry takenOverBy(String owner, Instant until) {
    return toBuilder().leaseOwner(Objects.requireNonNull(owner, "owner == null"))
        .leaseUntil(Objects.requireNonNull(until, "until == null")).possibleDuplicate(true).takenOver(true).build();
  }

  /** Accepted by the carrier at {@code at}; counts the attempt and releases the claim. */
  public OutboxEntry sent(String carrierMessageId, int segments, Instant at) {
    return toBuilder().status(OutboxStatus.SENT).attempts(attempts + 1).totalAttempts(totalAttempts + 1)
        .leaseOwner(null).leaseUntil(null).carrierMessageId(carrierMessageId).segments(segments).sentAt(at)
        .build();
  }

  /**
   * Handed over to the reply router or escalation notifier at {@code at} (routing kinds): {@link OutboxStatus#SENT},
   * counts the attempt and releases the claim.
   */
  public OutboxEntry routed(Instant at) {
    return toBuilder().status(OutboxStatus.SENT).attempts(attempts + 1).totalAttempts(totalAttempts + 1)
        .leaseOwner(null).leaseUntil(null).sentAt(Objects.requireNonNull(at, "at == null")).build();
  }

  /** Released for another attempt at {@code nextDue}; {@code resetBurst} starts a new burst of retries. */
  public OutboxEntry retryAt(Instant nextDue, @Nullable String error, boolean mayHaveBeenAccepted,
      boolean resetBurst) {
    return toBuilder().dueAt(nextDue).status(OutboxStatus.PENDING).attempts(resetBurst ? 0 : attempts + 1)
        .totalAttempts(totalAttempts + 1).leaseOwner(null).leaseUntil(null).lastError(error)
        .possibleDuplicate(possibleDuplicate || mayHaveBeenAccepted).build();
  }

  /** Released unsent until {@code due} (the caller's quiet hours), without counting an attempt. */
  public OutboxEntry deferredTo(Instant due, String note) {
    return toBuilder().dueAt(due).status(OutboxStatus.PENDING).leaseOwner(null).leaseUntil(null).lastError(note)
        .build();
  }

  /** Moves to a final status with an error note (failed, canceled, expired). */
  public OutboxEntry finish(OutboxStatus finalStatus, @Nullable String error, boolean countAttempt) {
    int counted = countAttempt ? 1 : 0;
    return toBuilder().status(finalStatus).attempts(attempts + counted).totalAttempts(totalAttempts + counted)
        .leaseOwner(null).leaseUntil(null).lastError(error).build();
  }

  /** Confirmed delivered by the carrier at {@code at}. */
  public OutboxEntry delivered(Instant at) {
    return toBuilder().status(OutboxStatus.DELIVERED).deliveredAt(at).build();
  }

  /**
   * A copy flagged as possibly already delivered once, keeping its lease as it is. Stores taking over a lapsed
   * claim use {@link #takenOverBy}, which also sets the lease and {@link #takenOver()}.
   */
  public OutboxEntry flaggedPossibleDuplicate() {
    return toBuilder().possibleDuplicate(true).build();
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
  public boolean equals(@Nullable Object o) {
    if (this == o) return true;
    if (!(o instanceof OutboxEntry)) return false;
    OutboxEntry e = (OutboxEntry) o;
    return attempts == e.attempts && totalAttempts == e.totalAttempts && segments == e.segments
        && possibleDuplicate == e.possibleDuplicate && id.equals(e.id) && kind == e.kind
        && businessId.equals(e.businessId) && carrier.equals(e.carrier) && from.equals(e.from) && to.equals(e.to)
        && body.equals(e.body) && Objects.equals(conversationId, e.conversationId)
        && Objects.equals(callId, e.callId) && Objects.equals(calledAt, e.calledAt)
        && createdAt.equals(e.createdAt) && dueAt.equals(e.dueAt) && Objects.equals(expiresAt, e.expiresAt)
        && status == e.status && Objects.equals(leaseOwner, e.leaseOwner)
        && Objects.equals(leaseUntil, e.leaseUntil) && Objects.equals(carrierMessageId, e.carrierMessageId)
        && Objects.equals(sentAt, e.sentAt) && Objects.equals(deliveredAt, e.deliveredAt)
        && Objects.equals(lastError, e.lastError) && Objects.equals(conversationMessageId, e.conversationMessageId)
        && takenOver == e.takenOver;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, kind, businessId, carrier, from, to, body, conversationId, callId, calledAt, createdAt,
        dueAt, expiresAt, status, attempts, totalAttempts, leaseOwner, leaseUntil, carrierMessageId, segments,
        sentAt, deliveredAt, lastError, possibleDuplicate, conversationMessageId, takenOver);
  }

  @Override
  public String toString() {
    return "OutboxEntry[" + id + " " + kind + " " + status + " " + from.masked() + " -> " + to.masked()
        + ", due " + dueAt + ", attempts " + totalAttempts + "]";
  }

  /** Builds an {@link OutboxEntry}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable OutboxKind kind;
    private @Nullable String businessId;
    private @Nullable String carrier;
    private @Nullable PhoneNumber from;
    private @Nullable PhoneNumber to;
    private @Nullable String body;
    private @Nullable String conversationId;
    private @Nullable String callId;
    private @Nullable Instant calledAt;
    private @Nullable Instant createdAt;
    private @Nullable Instant dueAt;
    private @Nullable Instant expiresAt;
    private @Nullable OutboxStatus status;
    private int attempts;
    private int totalAttempts;
    private @Nullable String leaseOwner;
    private @Nullable Instant leaseUntil;
    private @Nullable String carrierMessageId;
    private int segments;
    private @Nullable Instant sentAt;
    private @Nullable Instant deliveredAt;
    private @Nullable String lastError;
    private boolean possibleDuplicate;
    private @Nullable String conversationMessageId;
    private boolean takenOver;

    private Builder() {}

    /** Required. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** Required. */
    public Builder kind(OutboxKind kind) {
      this.kind = kind;
      return this;
    }

    /** Required. */
    public Builder businessId(String businessId) {
      this.businessId = businessId;
      return this;
    }

    /** Required. */
    public Builder carrier(String carrier) {
      this.carrier = carrier;
      return this;
    }

    /** Required. */
    public Builder from(PhoneNumber from) {
      this.from = from;
      return this;
    }

    /** Required. */
    public Builder to(PhoneNumber to) {
      this.to = to;
      return this;
    }

    /** Required. */
    public Builder body(String body) {
      this.body = body;
      return this;
    }

    public Builder conversationId(@Nullable String conversationId) {
      this.conversationId = conversationId;
      return this;
    }

    public Builder callId(@Nullable String callId) {
      this.callId = callId;
      return this;
    }

    public Builder calledAt(@Nullable Instant calledAt) {
      this.calledAt = calledAt;
      return this;
    }

    /** Required. */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /** Required. */
    public Builder dueAt(Instant dueAt) {
      this.dueAt = dueAt;
      return this;
    }

    public Builder expiresAt(@Nullable Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    /** Required; a new entry is {@link OutboxStatus#PENDING}. */
    public Builder status(OutboxStatus status) {
      this.status = status;
      return this;
    }

    public Builder attempts(int attempts) {
      this.attempts = attempts;
      return this;
    }

    public Builder totalAttempts(int totalAttempts) {
      this.totalAttempts = totalAttempts;
      return this;
    }

    public Builder leaseOwner(@Nullable String leaseOwner) {
      this.leaseOwner = leaseOwner;
      return this;
    }

    public Builder leaseUntil(@Nullable Instant leaseUntil) {
      this.leaseUntil = leaseUntil;
      return this;
    }

    public Builder carrierMessageId(@Nullable String carrierMessageId) {
      this.carrierMessageId = carrierMessageId;
      return this;
    }

    public Builder segments(int segments) {
      this.segments = segments;
      return this;
    }

    public Builder sentAt(@Nullable Instant sentAt) {
      this.sentAt = sentAt;
      return this;
    }

    public Builder deliveredAt(@Nullable Instant deliveredAt) {
      this.deliveredAt = deliveredAt;
      return this;
    }

    public Builder lastError(@Nullable String lastError) {
      this.lastError = lastError;
      return this;
    }

    public Builder possibleDuplicate(boolean possibleDuplicate) {
      this.possibleDuplicate = possibleDuplicate;
      return this;
    }

    public Builder conversationMessageId(@Nullable String conversationMessageId) {
      this.conversationMessageId = conversationMessageId;
      return this;
    }

    public Builder takenOver(boolean takenOver) {
      this.takenOver = takenOver;
      return this;
    }

    /** @throws IllegalStateException naming every required field that is unset (or set to null) */
    public OutboxEntry build() {
      List<String> missing = new ArrayList<>();
      if (id == null) missing.add("id");
      if (kind == null) missing.add("kind");
      if (businessId == null) missing.add("businessId");
      if (carrier == null) missing.add("carrier");
      if (from == null) missing.add("from");
      if (to == null) missing.add("to");
      if (body == null) missing.add("body");
      if (createdAt == null) missing.add("createdAt");
      if (dueAt == null) missing.add("dueAt");
      if (status == null) missing.add("status");
      if (!missing.isEmpty()) throw new IllegalStateException("OutboxEntry is missing " + String.join(", ", missing));
      return new OutboxEntry(this);
    }
  }
}
