package dev.textback.carrier;

import org.jspecify.annotations.Nullable;
import dev.textback.message.PermanentFailureReason;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A carrier's error codes and what each means for a text: worth retrying, refused for good (and why), or
 * a sign that the adapter's configuration is wrong. An adapter's table is the only error knowledge it
 * supplies; {@link SendFailures} does the rest. Immutable and thread-safe.
 */
public final class ErrorCodes {
  private final Set<String> retriable;
  private final Set<String> misconfigured;
  private final Map<String, PermanentFailureReason> permanent;
  private final Map<String, Duration> retryDelays;

  private ErrorCodes(Builder b) {
    this.retriable = Set.copyOf(b.retriable);
    this.retryDelays = Map.copyOf(b.retryDelays);
    this.misconfigured = Set.copyOf(b.misconfigured);
    this.permanent = Map.copyOf(b.permanent);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether the carrier refused the request unprocessed and a later attempt may succeed. */
  public boolean isRetriable(@Nullable String code) {
    return code != null && retriable.contains(code.trim());
  }

  /**
   * How long a text refused with a retriable {@code code} should wait before its next attempt, when the table
   * names a wait for it (a condition that takes a person to fix, such as an account out of credit); empty
   * otherwise, and the carrier's {@code Retry-After} or core's backoff decide.
   *
   * @param code the carrier's error code, or null
   * @return the wait the table names for it
   */
  public Optional<Duration> retryDelay(@Nullable String code) {
    return code == null ? Optional.empty() : Optional.ofNullable(retryDelays.get(code.trim()));
  }

  /** Whether the code points at the adapter's configuration (an account or URL), not at the text. */
  public boolean isMisconfiguration(@Nullable String code) {
    return code != null && misconfigured.contains(code.trim());
  }

  /**
   * Why the carrier refused a text for good, when the code says so; used for asynchronous delivery failures
   * as well as refused sends.
   */
  public Optional<PermanentFailureReason> permanentReason(@Nullable String code) {
    return code == null ? Optional.empty() : Optional.ofNullable(permanent.get(code.trim()));
  }

  /** Builds an {@link ErrorCodes} table. Not thread-safe. */
  public static final class Builder {
    private final Set<String> retriable = new HashSet<>();
    private final Set<String> misconfigured = new HashSet<>();
    private final Map<String, PermanentFailureReason> permanent = new HashMap<>();
    private final Map<String, Duration> retryDelays = new HashMap<>();

    private Builder() {}

    /** Codes of requests refused unprocessed that may succeed later (a queue full, too many requests). */
    public Builder retriable(String... codes) {
      for (String c : codes) add(c, retriable);
      return this;
    }

    /**
     * Retriable codes whose next attempt should wait at least {@code wait}, unless the carrier's answer says
     * otherwise with {@code Retry-After}.
     *
     * @param wait the least wait before the next attempt
     * @param codes the codes
     * @return this builder
     */
    public Builder retriableAfter(Duration wait, String... codes) {
      Objects.requireNonNull(wait, "wait == null");
      if (wait.isNegative()) throw new IllegalArgumentException("wait < 0");
      for (String c : codes) {
        add(c, retriable);
        retryDelays.put(c, wait);
      }
      return this;
    }

    /** Codes that mean the URL or account is wrong: the text is kept and retried once that is fixed. */
    public Builder misconfigured(String... codes) {
      for (String c : codes) add(c, misconfigured);
      return this;
    }

    /** A code that refuses a text for good, and why. */
    public Builder permanent(String code, PermanentFailureReason reason) {
      Objects.requireNonNull(code, "code == null");
      if (permanent.putIfAbsent(code, Objects.requireNonNull(reason, "reason == null")) != null
          || retriable.contains(code) || misconfigured.contains(code)) {
        throw new IllegalArgumentException("error code listed twice: " + code);
      }
      return this;
    }

    private void add(String code, Set<String> into) {
      Objects.requireNonNull(code, "code == null");
      if (permanent.containsKey(code) || retriable.contains(code) || misconfigured.contains(code)) {
        throw new IllegalArgumentException("error code listed twice: " + code);
      }
      into.add(code);
    }

    public ErrorCodes build() {
      return new ErrorCodes(this);
    }
  }
}
