package dev.textback.test;

import java.util.ArrayList;
import java.util.List;

/**
 * Every request an adapter's webhooks made of the engine through its {@link dev.textback.carrier.CarrierContext},
 * so the kit can tell that a refused webhook never reached the engine. Thread-safe.
 */
final class ContextCalls {
  private final List<String> calls = new ArrayList<>();

  synchronized void add(String call) {
    calls.add(call);
  }

  synchronized List<String> all() {
    return List.copyOf(calls);
  }

  synchronized void clear() {
    calls.clear();
  }
}
