package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.TextBack;
import dev.textback.business.BusinessDirectory;
import dev.textback.phone.CarrierId;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import dev.textback.spi.SmsGateway;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Sends run continuously, up to the send concurrency: a slot that frees is refilled with the next due text, so one
 * slow send holds back only itself (closing with a send in flight: {@link DispatcherCloseTest}). The latches make
 * the order deterministic; the await bounds only turn a hang into a failure, they measure nothing.
 */
class DispatcherSlowSendTest {
  private final EngineFixture f = new EngineFixture();
  private final SlowFirstGateway gateway = new SlowFirstGateway();

  private static String caller(int i) {
    return String.format("+1212555%04d", 1000 + i);
  }

  private TextBack.Builder engineBuilder() {
    return TextBack.builder()
        .businesses(BusinessDirectory.of(f.business))
        .store(f.store)
        .gateway(gateway)
        .clock(f.clock);
  }

  @Test
  void while_one_send_is_stuck_the_other_texts_all_reach_the_gateway_through_the_free_slot() throws Exception {
    int texts = 6; // more than the two slots: the free slot must be refilled several times
    ExecutorService flusher = Executors.newSingleThreadExecutor();
    try (TextBack engine = engineBuilder().sendConcurrency(2).build()) {
      for (int i = 0; i < texts; i++) engine.onCall(f.missedCall("CA-" + i, caller(i)));

      Future<Integer> flush = flusher.submit(engine::runDueWork);

      assertThat(gateway.others.await(1, TimeUnit.MINUTES))
          .as("every other text reached the gateway while the first send was stuck").isTrue();
      assertThat(gateway.slowStarted.getCount()).as("the stuck send had started").isZero();
      assertThat(flush).as("a flush by hand waits for the stuck send too").isNotDone();

      gateway.unblock.countDown();
      assertThat(flush.get(1, TimeUnit.MINUTES)).isEqualTo(texts);
    } finally {
      gateway.unblock.countDown();
      flusher.shutdownNow();
    }
    assertThat(gateway.calls).hasValue(texts);
  }

  /** Holds the first send until released; every later send is answered at once. */
  private static final class SlowFirstGateway implements SmsGateway {
    final CountDownLatch slowStarted = new CountDownLatch(1);
    final CountDownLatch unblock = new CountDownLatch(1);
    /** Counts down once per send other than the first. */
    final CountDownLatch others = new CountDownLatch(5);
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public CarrierId carrier() {
      return CarrierId.of("twilio");
    }

    @Override
    public SendReceipt send(SendRequest request) {
      int n = calls.incrementAndGet();
      if (n == 1) {
        slowStarted.countDown();
        try {
          unblock.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while held", e);
        }
      } else {
        others.countDown();
      }
      return new SendReceipt("fake-" + n, 1, "accepted");
    }
  }
}
