package dev.textback.internal;

import dev.textback.spi.OutboxEntry;
import java.util.List;
import org.slf4j.Logger;

/**
 * The part of a claim a store returned beyond the claim's limit, which breaks the store's contract (PostgreSQL did,
 * under one query plan): the dispatchers start only what they have slots for and give the rest back at once.
 */
final class ClaimLimit {
  private ClaimLimit() {}

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
