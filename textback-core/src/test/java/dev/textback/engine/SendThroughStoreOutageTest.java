package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.StoreUnavailableException;
import dev.textback.spi.TextBackStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A store outage as a send starts (the opt-out check meets a database restart) delays the text by the outage,
 * not by the lease: it goes out in the same pass, once, without the possible-duplicate flag.
 */
class SendThroughStoreOutageTest {
  private final EngineFixture f = new EngineFixture();
  private final AtomicInteger failuresLeft = new AtomicInteger();

  /** The fixture's store, unavailable for the next {@code failuresLeft} transactions. */
  private final TextBackStore flaky = (TextBackStore) Proxy.newProxyInstance(getClass().getClassLoader(),
      new Class<?>[] {TextBackStore.class}, (proxy, method, args) -> {
        if (method.getName().equals("inTransaction") && failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          throw new StoreUnavailableException("connection refused", null);
        }
        try {
          return method.invoke(f.store, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      });

  @Test
  void a_text_whose_opt_out_check_meets_a_short_outage_goes_out_in_the_same_pass_unflagged() {
    try (TextBack engine = f.engineBuilder().store(flaky).build()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      failuresLeft.set(2);

      engine.runDueWork();

      OutboxEntry entry = f.store.outboxEntry(d.outboxId()).orElseThrow();
      assertThat(f.gateway.sent()).hasSize(1);
      assertThat(entry.status()).isEqualTo(OutboxStatus.SENT);
      assertThat(entry.possibleDuplicate()).isFalse();
      assertThat(failuresLeft.get()).as("the outage was met").isZero();
    }
  }
}
