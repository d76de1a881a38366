package dev.textback.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * Why a text was allowed: the inbound call (or message) it answers. Stored with every outbound text.
 *
 * @param carrier carrier of the call
 * @param callId carrier call id the text answers
 * @param at when the call happened
 * @param basis short machine-readable basis, e.g. {@code missed-call-reply}
 */
public record ConsentEvidence(String carrier, String callId, Instant at, String basis) {
  public ConsentEvidence {
    Objects.requireNonNull(carrier, "carrier == null");
    Objects.requireNonNull(callId, "callId == null");
    Objects.requireNonNull(at, "at == null");
    Objects.requireNonNull(basis, "basis == null");
  }
}
