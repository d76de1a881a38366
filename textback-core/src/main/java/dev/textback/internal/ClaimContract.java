package dev.textback.internal;

import dev.textback.spi.OutboxEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;

/**
 * What the dispatchers do with a claim that breaks the store's contract. PostgreSQL once returned more than a claim's
 * limit under one query plan: the dispatchers start only what they have slots for and give the rest back at once. A
 * store that returned one entry twice in a claim would have it sent (or routed) twice: both copies carry the same
 * claim, so a copy started after the first copy's send has ended finds nothing amiss. The dispatchers handle each
 * entry of a claim once.
 */
final class ClaimContract {
  /** Up to this many entries are compared pair by pair, with no set allocated for a claim. */
  private static final int PAIRWISE = 32;

  private ClaimContract() {}

  /**
   * {@code claimed} without the later copies of an entry it holds more than once (warned about on {@code log} as
   * {@code what}); {@code claimed} itself when every entry is there once.
   */
  static List<OutboxEntry> withoutRepeats(List<OutboxEntry> claimed, Logger log, String what) {
    int n = claimed.size();
    if (n < 2 || (n <= PAIRWISE && !repeatPairwise(claimed))) return claimed;
    Set<String> seen = new HashSet<>();
    List<OutboxEntry> once = new ArrayList<>(n);
    for (OutboxEntry entry : claimed) {
      if (seen.add(entry.id())) once.add(entry);
    }
    if (once.size() == n) return claimed;
    log.warn("the store returned {} {} in a claim of {}: {} of them copies of another; each is handled once",
        n, what, n, n - once.size());
    return once;
  }

  private static boolean repeatPairwise(List<OutboxEntry> claimed) {
    int n = claimed.size();
    for (int i = 1; i < n; i++) {
      String id = claimed.get(i).id();
      for (int j = 0; j < i; j++) {
        if (claimed.get(j).id().equals(id)) return true;
      }
    }
    return false;
  }

  /**
   * The entries of {@code claimed} after the first {@code limit}, warned about on {@code log} as {@code what}; empty
   * when the store kept to the limit.
   */
  static List<OutboxEntry> beyond(List<OutboxEntry> claimed, int limit, Logger log, String what) {
    if (claimed.size() <= limit) return List.of();
    log.warn("the store returned {} {} for a claim of {}; giving back the {} beyond it", claimed.size(), what, limit,
        claimed.size() - limit);
    return claimed.subList(limit, claimed.size());
  }
}
