package dev.textback.template;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers the results of a pure function for its first {@code capacity} distinct inputs, then computes the rest
 * each time. For inputs that come from configuration (template texts, language tags): few, and asked about on
 * every call. Stopping at the bound, rather than evicting, keeps it free of bookkeeping on the hot path; inputs
 * from outside (a caller directory's language tags) can fill it, but never grow it.
 *
 * @param <K> the input
 * @param <V> the result; must be immutable, as every caller gets the same one
 */
final class BoundedMemo<K, V> {
  private final ConcurrentHashMap<K, V> results = new ConcurrentHashMap<>();
  private final int capacity;

  BoundedMemo(int capacity) {
    this.capacity = capacity;
  }

  /** The result for {@code key}; a function that throws is never remembered, so it throws again next time. */
  V get(K key, Function<K, V> function) {
    V known = results.get(key);
    if (known != null) return known;
    V value = function.apply(key);
    if (results.size() < capacity) results.putIfAbsent(key, value);
    return value;
  }

  /** How many results are kept. */
  int size() {
    return results.size();
  }
}
