package dev.textback.call;

import dev.textback.phone.CarrierId;
import dev.textback.phone.PhoneNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One call to a business, normalised from whatever its carrier sent. Carrier adapters build these; the
 * engine decides what to do with them. Immutable and thread-safe.
 *
 * <p>The caller is kept exactly as the carrier reported it ({@link #caller()}): interpreting it (withheld,
 * short code, invalid) is the rules' job, so a bad caller ID becomes a skipped decision, never an exception.
 */
public final class CallEvent {
  private final CarrierId carrier;
  private final String callId;
  private final PhoneNumber dialled;
  private final String caller;
  private final @Nullable String callerName;
  private final Instant startedAt;
  private final @Nullable Instant endedAt;
  private final Duration ringDuration;
  private final CallOutcome outcome;
  private final Voicemail voicemail;
  private final Map<String, String> attributes;

  private CallEvent(Builder b) {
    this.carrier = Objects.requireNonNull(b.carrier, "carrier == null");
    this.callId = Objects.requireNonNull(b.callId, "callId == null");
    if (callId.isBlank()) throw new IllegalArgumentException("callId is blank");
    this.dialled = Objects.requireNonNull(b.dialled, "dialled == null");
    this.caller = b.caller == null ? "" : b.caller;
    this.callerName = b.callerName;
    this.startedAt = Objects.requireNonNull(b.startedAt, "startedAt == null");
    this.endedAt = b.endedAt;
    this.ringDuration = b.ringDuration == null ? Duration.ZERO : b.ringDuration;
    this.outcome = Objects.requireNonNull(b.outcome, "outcome == null");
    this.voicemail = b.voicemail == null ? Voicemail.none() : b.voicemail;
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.carrier = carrier;
    b.callId = callId;
    b.dialled = dialled;
    b.caller = caller;
    b.callerName = callerName;
    b.startedAt = startedAt;
    b.endedAt = endedAt;
    b.ringDuration = ringDuration;
    b.outcome = outcome;
    b.voicemail = voicemail;
    b.attributes.putAll(attributes);
    return b;
  }

  /** The carrier that reported the call. */
  public CarrierId carrier() {
    return carrier;
  }

  /** The carrier's id for the call; with {@link #carrier()} it is the idempotency key. */
  public String callId() {
    return callId;
  }

  /** The business number the caller dialled; texts are sent from it. */
  public PhoneNumber dialled() {
    return dialled;
  }

  /** The caller ID exactly as the carrier reported it; empty when absent. */
  public String caller() {
    return caller;
  }

  /** Caller name (CNAM) when the carrier supplied one. */
  public Optional<String> callerName() {
    return Optional.ofNullable(callerName);
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Optional<Instant> endedAt() {
    return Optional.ofNullable(endedAt);
  }

  /** How long the call rang before it ended or was answered; zero when unknown. */
  public Duration ringDuration() {
    return ringDuration;
  }

  public CallOutcome outcome() {
    return outcome;
  }

  /** Voicemail details; {@link Voicemail#none()} unless the outcome is {@link CallOutcome#VOICEMAIL}. */
  public Voicemail voicemail() {
    return voicemail;
  }

  /** The carrier's raw parameters, for audit and for rules that need something carrier specific. */
  public Map<String, String> attributes() {
    return attributes;
  }

  @Override
  public String toString() {
    return "CallEvent[" + carrier + " " + callId + " " + outcome + ", dialled=" + dialled.masked()
        + ", caller=" + PhoneNumber.mask(caller) + ", ring=" + ringDuration.toSeconds() + "s]";
  }

  /** Builds a {@link CallEvent}. Not thread-safe. */
  public static final class Builder {
    private @Nullable CarrierId carrier;
    private @Nullable String callId;
    private @Nullable PhoneNumber dialled;
    private @Nullable String caller;
    private @Nullable String callerName;
    private @Nullable Instant startedAt;
    private @Nullable Instant endedAt;
    private @Nullable Duration ringDuration;
    private @Nullable CallOutcome outcome;
    private @Nullable Voicemail voicemail;
    private final Map<String, String> attributes = new LinkedHashMap<>();

    private Builder() {}

    public Builder carrier(CarrierId carrier) {
      this.carrier = carrier;
      return this;
    }

    public Builder callId(String callId) {
      this.callId = callId;
      return this;
    }

    public Builder dialled(PhoneNumber dialled) {
      this.dialled = dialled;
      return this;
    }

    public Builder caller(@Nullable String caller) {
      this.caller = caller;
      return this;
    }

    public Builder callerName(@Nullable String callerName) {
      this.callerName = callerName;
      return this;
    }

    public Builder startedAt(Instant startedAt) {
      this.startedAt = startedAt;
      return this;
    }

    public Builder endedAt(@Nullable Instant endedAt) {
      this.endedAt = endedAt;
      return this;
    }

    public Builder ringDuration(@Nullable Duration ringDuration) {
      this.ringDuration = ringDuration;
      return this;
    }

    public Builder outcome(CallOutcome outcome) {
      this.outcome = outcome;
      return this;
    }

    public Builder voicemail(@Nullable Voicemail voicemail) {
      this.voicemail = voicemail;
      return this;
    }

    public Builder attribute(String name, String value) {
      attributes.put(Objects.requireNonNull(name, "name == null"), Objects.requireNonNull(value, "value == null"));
      return this;
    }

    public Builder attributes(Map<String, String> values) {
      values.forEach(this::attribute);
      return this;
    }

    /** @throws NullPointerException naming the first missing required field */
    public CallEvent build() {
      return new CallEvent(this);
    }
  }
}
