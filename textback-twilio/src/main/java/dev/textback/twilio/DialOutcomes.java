package dev.textback.twilio;

import dev.textback.call.CallOutcome;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How recent {@code <Dial>}s ended, for calls left undecided while a voicemail greeting plays. Bounded (the
 * oldest are forgotten first) and local to one instance: a status callback that lands on another instance
 * falls back to what the status alone says. Thread-safe.
 */
final class DialOutcomes {
  private final Map<String, CallOutcome> outcomes;

  DialOutcomes(int capacity) {
    this.outcomes = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, CallOutcome> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized void remember(String callSid, CallOutcome outcome) {
    outcomes.put(callSid, outcome);
  }

  synchronized void forget(String callSid) {
    outcomes.remove(callSid);
  }

  synchronized Optional<CallOutcome> take(String callSid) {
    return Optional.ofNullable(outcomes.remove(callSid));
  }
}
