package dev.textback.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.CallDecision;
import dev.textback.TextBack;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * An engine process for {@link CrashRecoveryOnPostgresTest}: queues missed calls on the shared PostgreSQL
 * schema, starts its dispatcher with a short lease, says READY and runs until it is killed.
 *
 * <p>Arguments: JDBC URL, schema, counter URI, number of calls, clock offset in milliseconds.
 */
public final class CrashChild {
  static final String READY = "READY";
  static final String INSTANCE_ID = "crash-child";
  static final Duration LEASE = Duration.ofSeconds(3);
  /** A child whose parent lost track of it still goes away. */
  private static final Duration LIFETIME = Duration.ofMinutes(3);

  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String schema = args[1];
    URI counter = URI.create(args[2]);
    int calls = Integer.parseInt(args[3]);
    Clock clock = Clock.offset(Clock.systemUTC(), Duration.ofMillis(Long.parseLong(args[4])));

    HikariDataSource pool = TestDatabases.pool(url, schema, 6);
    TextBack engine = TextBack.builder()
        .businesses(JdbcEngineFixture.businesses())
        .store(new JdbcTextBackStore(pool))
        .gateway(new CountingHttpGateway(counter))
        .clock(clock)
        .instanceId(INSTANCE_ID)
        .lease(LEASE)
        .pollInterval(Duration.ofMillis(200))
        .build();
    for (int i = 0; i < calls; i++) {
      CallDecision decision = engine.onCall(JdbcEngineFixture.missedCall(CrashRecoveryOnPostgresTest.callId(i),
          JdbcEngineFixture.caller(i), clock.instant()));
      if (!decision.texted()) throw new IllegalStateException("call " + i + " not texted: " + decision);
    }
    engine.start();
    System.out.println(READY + " " + calls);
    System.out.flush();
    Thread.sleep(LIFETIME.toMillis());
    System.exit(3);
  }
}
