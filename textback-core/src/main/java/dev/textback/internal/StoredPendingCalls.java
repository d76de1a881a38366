package dev.textback.internal;

import dev.textback.carrier.PendingCalls;
import dev.textback.spi.TextBackStore;
import dev.textback.spi.PendingCall;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/** {@link PendingCalls} of one carrier in the engine's store, one transaction per call. */
public final class StoredPendingCalls implements PendingCalls {
  private final TextBackStore store;
  private final String carrier;
  private final Clock clock;

  public StoredPendingCalls(TextBackStore store, String carrier, Clock clock) {
    this.store = Objects.requireNonNull(store, "store == null");
    this.carrier = Objects.requireNonNull(carrier, "carrier == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  @Override
  public void remember(String callId, Map<String, String> values) {
    Objects.requireNonNull(callId, "callId == null");
    Map<String, String> copy = Map.copyOf(values);
    store.inTransaction(tx -> {
      var existing = tx.lockPendingCall(carrier, callId);
      if (existing.isPresent()) {
        tx.updatePendingCall(existing.get().with(copy, clock.instant()));
      } else {
        // A concurrent first remember makes this insert fail; the store re-runs the work, which then merges.
        tx.insertPendingCall(new PendingCall(carrier, callId, copy, clock.instant()));
      }
      return null;
    });
  }

  @Override
  public Map<String, String> recall(String callId) {
    Objects.requireNonNull(callId, "callId == null");
    return store.inTransaction(tx -> tx.lockPendingCall(carrier, callId).map(PendingCall::values).orElse(Map.of()));
  }

  @Override
  public Map<String, String> forget(String callId) {
    Objects.requireNonNull(callId, "callId == null");
    return store.inTransaction(tx -> {
      Map<String, String> values = tx.lockPendingCall(carrier, callId).map(PendingCall::values).orElse(Map.of());
      tx.deletePendingCall(carrier, callId);
      return values;
    });
  }
}
