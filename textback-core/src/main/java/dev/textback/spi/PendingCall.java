package dev.textback.spi;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a carrier adapter remembers about one call between its webhooks, as the store keeps it. Immutable.
 *
 * @param carrier carrier name, as stored
 * @param callId the carrier's id of the call
 * @param values names to values, in insertion order; names and values are short plain strings
 * @param updatedAt when it last changed; purged with the engine's retention
 */
public record PendingCall(String carrier, String callId, Map<String, String> values, Instant updatedAt) {
  public PendingCall {
    Objects.requireNonNull(carrier, "carrier == null");
    Objects.requireNonNull(callId, "callId == null");
    values = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values, "values == null")));
    Objects.requireNonNull(updatedAt, "updatedAt == null");
  }

  /** This call with {@code more} added (replacing values of the same names), changed at {@code at}. */
  public PendingCall with(Map<String, String> more, Instant at) {
    Map<String, String> merged = new LinkedHashMap<>(values);
    merged.putAll(more);
    return new PendingCall(carrier, callId, merged, at);
  }
}
