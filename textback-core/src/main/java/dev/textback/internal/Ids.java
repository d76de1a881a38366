package dev.textback.internal;

import java.util.UUID;

/** Unique ids for outbox entries, conversations and messages. */
public final class Ids {
  private Ids() {}

  public static String newId(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "");
  }
}
