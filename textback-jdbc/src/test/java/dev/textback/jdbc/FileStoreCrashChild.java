package dev.textback.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.TextBack;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An engine process for {@link FileStoreCrashTest}: opens the store in a database file, starts its dispatcher,
 * then takes missed calls at a steady rate on several threads, as a server takes webhooks, until it is killed.
 * Each call is acknowledged on standard output ({@code ACK <index>}) only after {@code onCall} returned, the
 * moment a server would answer the carrier 200.
 *
 * <p>Arguments: JDBC URL, counter URI, index of the first call, calls per second, clock offset in milliseconds,
 * instance id.
 */
public final class FileStoreCrashChild {
  static final String READY = "READY";
  static final String ACK = "ACK ";
  static final String FAILED = "FAILED ";
  static final Duration LEASE = Duration.ofSeconds(3);
  /** Threads taking calls, as a server's request threads would. */
  private static final int CALL_THREADS = 4;
  /** The pool the reference server opens for a SQL store. */
  private static final int POOL_SIZE = 10;
  /** A child whose parent lost track of it still goes away. */
  private static final Duration LIFETIME = Duration.ofMinutes(3);

  private FileStoreCrashChild() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    URI counter = URI.create(args[1]);
    int first = Integer.parseInt(args[2]);
    int perSecond = Integer.parseInt(args[3]);
    Clock clock = Clock.offset(Clock.systemUTC(), Duration.ofMillis(Long.parseLong(args[4])));
    String instanceId = args[5];
    // One line per write, each whole: the parent reads acknowledgements line by line.
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    HikariDataSource pool = TestDatabases.pool(url, null, POOL_SIZE);
    JdbcTextBackStore store = new JdbcTextBackStore(pool);
    store.migrate();
    TextBack engine = TextBack.builder()
        .businesses(JdbcEngineFixture.businesses())
        .store(store)
        .gateway(new CountingHttpGateway(counter))
        .clock(clock)
        .instanceId(instanceId)
        .lease(LEASE)
        .sendConcurrency(16)
        .pollInterval(Duration.ofMillis(200))
        .build();
    engine.start();
    out.println(READY);

    long start = System.nanoTime();
    long intervalNanos = 1_000_000_000L / perSecond;
    AtomicInteger next = new AtomicInteger(first);
    for (int t = 0; t < CALL_THREADS; t++) {
      Thread caller = new Thread(() -> {
        while (true) {
          int i = next.getAndIncrement();
          long due = start + (i - first) * intervalNanos;
          long wait = due - System.nanoTime();
          if (wait > 0) sleep(wait);
          try {
            engine.onCall(JdbcEngineFixture.missedCall(FileStoreCrashTest.callId(i), JdbcEngineFixture.caller(i),
                clock.instant()));
            out.println(ACK + i);
          } catch (RuntimeException e) {
            // A server answers 5xx here and the carrier tries again: not acknowledged.
            out.println(FAILED + i + " " + e);
          }
        }
      }, "caller-" + t);
      caller.setDaemon(true);
      caller.start();
    }
    Thread.sleep(LIFETIME.toMillis());
    System.exit(3);
  }

  private static void sleep(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
