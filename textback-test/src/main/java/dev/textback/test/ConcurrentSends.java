package dev.textback.test;

import dev.textback.phone.PhoneNumber;
import dev.textback.spi.SendRequest;
import dev.textback.spi.SmsGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.ConnectionPool;

/**
 * Sends texts through a gateway in rounds of concurrent sends against a {@link MockWebServer} and counts the
 * connections each round opened: for checking that a gateway's connection pool keeps a connection for each send
 * that runs at once, so that concurrent senders reuse connections (a TLS handshake each, against a real API)
 * instead of opening new ones. Every answer of a round is held until all its sends have reached the server, so
 * they truly run at once, each on a connection of its own. Not thread-safe: one round at a time.
 *
 * <pre>{@code
 * ConcurrentSends sends = new ConcurrentSends(server, () -> accepted("SM1"));
 * SmsGateway gateway = TwilioSmsGateway.create(config, 3);
 * sends.round(gateway, 5);                        // 5 connections
 * ConcurrentSends.awaitIdle(pool, 3, ...);        // the pool keeps 3 of them
 * assertThat(sends.round(gateway, 5)).isEqualTo(2);
 * }</pre>
 */
public final class ConcurrentSends {
  /** How long a send waits for the rest of its round before the server answers it anyway (a hang, not a wait). */
  private static final Duration ROUND_LIMIT = Duration.ofMinutes(1);

  private final Supplier<MockResponse> accepted;
  private volatile CountDownLatch arrived = new CountDownLatch(0);
  private final AtomicInteger newConnections = new AtomicInteger();

  /**
   * Answers every request {@code server} receives from now on.
   *
   * @param server the fake carrier API the gateway sends to
   * @param accepted the carrier's answer to an accepted text, one per request
   */
  public ConcurrentSends(MockWebServer server, Supplier<MockResponse> accepted) {
    this.accepted = Objects.requireNonNull(accepted, "accepted == null");
    Objects.requireNonNull(server, "server == null").setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        // The first exchange on a connection is the one that opened it.
        if (request.getExchangeIndex() == 0) newConnections.incrementAndGet();
        CountDownLatch round = arrived;
        round.countDown();
        round.await(ROUND_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        return ConcurrentSends.this.accepted.get();
      }
    });
  }

  /**
   * Sends {@code sends} texts through {@code gateway} at once and waits until every one was answered.
   *
   * @param gateway the gateway under test, sending to the server given at construction
   * @param sends how many texts to send at once, at least 1
   * @return how many new connections the server saw during the round
   * @throws Exception the first send's failure, or InterruptedException
   */
  public int round(SmsGateway gateway, int sends) throws Exception {
    Objects.requireNonNull(gateway, "gateway == null");
    if (sends < 1) throw new IllegalArgumentException("sends < 1: " + sends);
    newConnections.set(0);
    arrived = new CountDownLatch(sends);
    ExecutorService threads = Executors.newFixedThreadPool(sends);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (int i = 0; i < sends; i++) {
        SendRequest text = new SendRequest(PhoneNumber.of("+13035550100"),
            PhoneNumber.of(String.format("+1212555%04d", 1000 + i)), "Sorry we missed your call.", "ob_pool_" + i);
        results.add(threads.submit(() -> gateway.send(text)));
      }
      for (Future<?> result : results) result.get(ROUND_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      threads.shutdownNow();
    }
    return newConnections.get();
  }

  /**
   * Runs rounds of {@code sends} texts until one opens {@code expected} new connections, or {@code max} has passed:
   * for a gateway whose pool can be seen only through the connections it reuses (built by a framework or a server
   * module), which closes those above its size on a thread of its own, a moment after each round.
   *
   * @param gateway the gateway under test, sending to the server given at construction
   * @param sends how many texts to send at once in each round, at least 1
   * @param expected the new connections a round should open once the pool has settled
   * @param max how long to keep trying
   * @return how many new connections the last round opened: {@code expected} unless {@code max} passed first
   * @throws Exception the first failed send's failure, or InterruptedException
   */
  public int roundsUntil(SmsGateway gateway, int sends, int expected, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    int opened;
    do {
      Thread.sleep(20);
      opened = round(gateway, sends);
    } while (opened != expected && System.nanoTime() < deadline);
    return opened;
  }

  /**
   * Waits until {@code pool} holds exactly {@code expected} idle connections: a pool closes the connections above its
   * limit on a thread of its own, a moment after they return to it.
   *
   * @param pool the gateway's connection pool
   * @param expected the idle connections it should keep
   * @param max how long to wait
   * @return false when {@code max} passed first
   * @throws InterruptedException when interrupted while waiting
   */
  public static boolean awaitIdle(ConnectionPool pool, int expected, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (pool.idleConnectionCount() != expected) {
      if (System.nanoTime() > deadline) return false;
      Thread.sleep(10);
    }
    return true;
  }
}
