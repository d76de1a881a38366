package dev.textback.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.TextBack;
import dev.textback.call.CallEvent;
import dev.textback.spi.SendRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EngineConcurrencyTest {
  private static final int CALLERS = 40;
  private static final int CALLS_PER_CALLER = 4;
  private static final int DELIVERIES_PER_CALL = 3;
  private static final int THREADS = 8;

  private final EngineFixture f = new EngineFixture();

  private static String caller(int i) {
    return String.format("+1212555%04d", 1000 + i);
  }

  @Test
  void two_engines_on_one_store_send_exactly_one_text_per_episode_under_concurrent_duplicates() throws Exception {
    List<CallEvent> deliveries = new ArrayList<>();
    for (int c = 0; c < CALLERS; c++) {
      for (int k = 0; k < CALLS_PER_CALLER; k++) {
        CallEvent e = f.missedCall("CA-" + c + "-" + k, caller(c));
        for (int d = 0; d < DELIVERIES_PER_CALL; d++) deliveries.add(e);
      }
    }
    Collections.shuffle(deliveries, new Random(42));

    TextBack a = f.engineBuilder().instanceId("a").build();
    TextBack b = f.engineBuilder().instanceId("b").build();
    a.start();
    b.start();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    for (int t = 0; t < THREADS; t++) {
      int offset = t;
      pool.submit(() -> {
        go.await();
        for (int i = offset; i < deliveries.size(); i += THREADS) {
          TextBack engine = (i % 2 == 0) ? a : b;
          engine.onCall(deliveries.get(i));
          if (i % 25 == 0) engine.runDueWork();
        }
        return null;
      });
    }
    go.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).as("workers finished").isTrue();
    a.runDueWork();
    b.runDueWork();
    a.close();
    b.close();

    Map<String, Long> textsPerCaller = f.gateway.sent().stream()
        .collect(Collectors.groupingBy(r -> r.to().e164(), Collectors.counting()));
    assertThat(textsPerCaller).hasSize(CALLERS);
    assertThat(textsPerCaller.values()).allMatch(n -> n == 1L);
    assertThat(f.claimAllPending()).as("nothing left pending").isEmpty();
    assertThat(f.gateway.sent().stream().map(SendRequest::idempotencyKey).distinct().count()).isEqualTo(CALLERS);
  }

}
