package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.TextBack;
import dev.textback.business.BusinessDirectory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Sends run continuously, up to the send concurrency: a slot that frees is refilled with the next due text, so one
 * slow send holds back only itself (closing with a send in flight: {@link DispatcherCloseTest}). The latches make
 * the order deterministic; the await bounds only turn a hang into a failure, they measure nothing.
 */
class DispatcherSlowSendTest {
  private final EngineFixture f = new EngineFixture();
  private final HeldFirstGateway gateway = new HeldFirstGateway(5);

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
      assertThat(gateway.firstStarted.getCount()).as("the stuck send had started").isZero();
      assertThat(flush).as("a flush by hand waits for the stuck send too").isNotDone();

      gateway.release.countDown();
      assertThat(flush.get(1, TimeUnit.MINUTES)).isEqualTo(texts);
    } finally {
      gateway.release.countDown();
      flusher.shutdownNow();
    }
    assertThat(gateway.calls).hasValue(texts);
  }
}
