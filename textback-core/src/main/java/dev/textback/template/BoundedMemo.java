package dev.textback.template;

import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Results of a pure function kept for its first {@code capacity} distinct inputs; past that, new inputs are not kept
 * (racing threads may add a few more), so whatever reaches it cannot make it grow without bound. For values read on
 * every call and worked out from configuration (template texts, language tags). Stopping at the bound, rather than
 * evicting, keeps the hot path free of bookkeeping. Its users decide what is kept: nothing that may be personal data.
 *
 * @param <K> the input
 * @param <V> the result; never null, and immutable, as every caller gets the same one
 */
final class BoundedMemo<K, V> {
  private final ConcurrentHashMap<K, V> results = new ConcurrentHashMap<>();
  private final int capacity;

  BoundedMemo(int capacity) {
    this.capacity = capacity;
  }

  /** The result kept for {@code key}, or null. */
  @Nullable V known(K key) {
    return results.get(key);
  }

  /** Keeps {@code value} for {@code key} unless the memo is full. */
  void remember(K key, V value) {
    if (results.size() < capacity) results.putIfAbsent(key, value);
  }

  /** How many results are kept. */
  int size() {
    return results.size();
  }
}
