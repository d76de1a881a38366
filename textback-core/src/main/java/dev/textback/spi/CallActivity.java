package dev.textback.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One decided call and what became of it, for an owner's call list: the decision ({@link #call()}), the
 * text-back it queued with that text's current state, whether the caller replied in the conversation, and whether
 * someone at the business marked the caller as called back since. A store assembles it from its own rows
 * ({@link TextBackStore#calls}, {@link TextBackStore#callBacks}). Immutable and thread-safe.
 *
 * <p>Build one with {@link #builder()}, so a field added later leaves a store's mapping compiling.
 */
public final class CallActivity {
  private final CallRecord call;
  private final @Nullable OutboxEntry textBack;
  private final @Nullable Instant callerRepliedAt;
  private final @Nullable Instant calledBackAt;
  private final @Nullable String calledBackBy;

  private CallActivity(Builder b) {
    this.call = Objects.requireNonNull(b.call, "call == null");
    this.textBack = b.textBack;
    this.callerRepliedAt = b.callerRepliedAt;
    this.calledBackAt = b.calledBackAt;
    this.calledBackBy = b.calledBackAt == null ? null : b.calledBackBy;
  }

  /** An empty builder; everything but the call is optional. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every field of this value. */
  public Builder toBuilder() {
    return new Builder().call(call).textBack(textBack).callerRepliedAt(callerRepliedAt)
        .calledBack(calledBackAt, calledBackBy);
  }

  /** The decided call. */
  public CallRecord call() {
    return call;
  }

  /**
   * The outbox entry the decision created ({@link CallRecord#outboxId()}) as it stands now: pending (also when held
   * for quiet hours), sent, delivered, failed with its {@link OutboxEntry#lastError()}, canceled or expired. Empty
   * when the call was not texted, or the entry was purged.
   */
  public Optional<OutboxEntry> textBack() {
    return Optional.ofNullable(textBack);
  }

  /** When the caller first replied in the call's conversation; empty when they have not (or there is none). */
  public Optional<Instant> callerRepliedAt() {
    return Optional.ofNullable(callerRepliedAt);
  }

  /**
   * When someone at the business last marked this caller as called back, if that was at or after this call
   * ({@link TextBackStore#markCalledBack}); a mark from before the call does not count for it.
   */
  public Optional<Instant> calledBackAt() {
    return Optional.ofNullable(calledBackAt);
  }

  /** Who made the {@linkplain #calledBackAt() called-back mark}, when they said. */
  public Optional<String> calledBackBy() {
    return Optional.ofNullable(calledBackBy);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) return true;
    if (!(o instanceof CallActivity)) return false;
    CallActivity a = (CallActivity) o;
    return call.equals(a.call) && Objects.equals(textBack, a.textBack)
        && Objects.equals(callerRepliedAt, a.callerRepliedAt) && Objects.equals(calledBackAt, a.calledBackAt)
        && Objects.equals(calledBackBy, a.calledBackBy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(call, textBack, callerRepliedAt, calledBackAt, calledBackBy);
  }

  /** Numbers are masked, as in {@link CallRecord#toString()}. */
  @Override
  public String toString() {
    return "CallActivity[" + call + ", text " + (textBack == null ? "none" : textBack.status()) + ", replied "
        + callerRepliedAt + ", called back " + calledBackAt + "]";
  }

  /** Builds a {@link CallActivity}. Not thread-safe. */
  public static final class Builder {
    private @Nullable CallRecord call;
    private @Nullable OutboxEntry textBack;
    private @Nullable Instant callerRepliedAt;
    private @Nullable Instant calledBackAt;
    private @Nullable String calledBackBy;

    private Builder() {}

    /**
     * Required.
     *
     * @param call the decided call
     * @return this builder
     */
    public Builder call(CallRecord call) {
      this.call = call;
      return this;
    }

    /**
     * The text-back the call's decision queued, or null.
     *
     * @param textBack the outbox entry as it stands now
     * @return this builder
     */
    public Builder textBack(@Nullable OutboxEntry textBack) {
      this.textBack = textBack;
      return this;
    }

    /**
     * The caller's first reply in the call's conversation, or null.
     *
     * @param at when the caller first replied
     * @return this builder
     */
    public Builder callerRepliedAt(@Nullable Instant at) {
      this.callerRepliedAt = at;
      return this;
    }

    /**
     * The called-back mark that counts for this call, or null for none.
     *
     * @param at when the caller was marked as called back
     * @param by who marked it, or null
     * @return this builder
     */
    public Builder calledBack(@Nullable Instant at, @Nullable String by) {
      this.calledBackAt = at;
      this.calledBackBy = by;
      return this;
    }

    /**
     * The value.
     *
     * @return a new {@link CallActivity}
     * @throws NullPointerException when the call is unset
     */
    public CallActivity build() {
      return new CallActivity(this);
    }
  }
}
