package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.business.BusinessDirectory;
import dev.textback.phone.CarrierId;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.SendException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A send that outlives its lease while the same engine claims its entry again: the store takes a result only under
 * the entry's current claim, so the running send stores its result under the newer claim instead of having it
 * refused, and the entry is neither sent twice nor left held by a claim no send works on. The latches order the
 * steps; the wait bounds only turn a hang into a failure.
 */
class DispatcherReclaimTest {
  private final EngineFixture f = new EngineFixture();
  /** The first attempt is held, then refused by the carrier with a 503: nothing was sent, try again later. */
  private final HeldFirstGateway gateway = new HeldFirstGateway(0,
      () -> SendException.builder(CarrierId.of("twilio"), "503 from carrier").httpStatus(503).notSent());

  @Test
  void a_send_that_outlived_its_lease_stores_its_result_under_the_claim_its_engine_made_meanwhile() throws Exception {
    try (TextBack engine = TextBack.builder().businesses(BusinessDirectory.of(f.business)).store(f.store)
        .gateway(gateway).clock(f.clock).instanceId("engine-1").lease(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(20)).build()) {
      CallDecision d = engine.onCall(f.missedCall("CA1", EngineFixture.CALLER));
      engine.start();
      assertThat(gateway.firstStarted.await(1, TimeUnit.MINUTES)).as("the first attempt is under way").isTrue();
      Instant firstLease = Objects.requireNonNull(entry(d).leaseUntil());

      f.clock.advance(Duration.ofSeconds(3)); // the attempt is still running when its lease lapses
      OutboxEntry reclaimed = awaitEntry(d, e -> e.leaseUntil() != null && e.leaseUntil().isAfter(firstLease));
      assertThat(reclaimed.leaseOwner()).as("claimed again by the same engine").isEqualTo("engine-1");

      gateway.release.countDown(); // the carrier refuses the stuck attempt: nothing was sent, try again later
      OutboxEntry after = awaitEntry(d, e -> e.leaseOwner() == null);

      assertThat(after.status()).isEqualTo(OutboxStatus.PENDING);
      assertThat(after.attempts()).as("the refused attempt is counted").isEqualTo(1);
      assertThat(after.lastError()).contains("503");
      assertThat(after.dueAt()).as("rescheduled for later, not due at once").isAfter(f.clock.instant());
      assertThat(gateway.calls).as("the newer claim started no second send").hasValue(1);
    } finally {
      gateway.release.countDown();
    }
  }

  private OutboxEntry entry(CallDecision d) {
    return f.store.outboxEntry(d.outboxId()).orElseThrow();
  }

  private OutboxEntry awaitEntry(CallDecision d, Predicate<OutboxEntry> condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    OutboxEntry e = entry(d);
    while (!condition.test(e) && System.nanoTime() < deadline) {
      Thread.sleep(5);
      e = entry(d);
    }
    assertThat(condition).as("outbox entry now: %s", e).accepts(e);
    return e;
  }
}
