package dev.textback.jdbc;

import static dev.textback.jdbc.JdbcEngineFixture.AFTERNOON;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.gateway.RecordingSmsGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded file store stays small: the database file grows by a bounded number of bytes per missed call
 * (decided, texted, its conversation opened), and once the retention purge has removed old calls their space is
 * used again instead of growing the file.
 *
 * <p>A size check, not a timing one. Commits here skip the disk flush ({@code synchronous=OFF}) to keep the test
 * quick; that setting changes when pages reach the disk, not which pages the file holds. The number of calls can be
 * raised with {@code -Dtextback.filestore.calls=100000}, and another store URL tried with
 * {@code -Dtextback.filestore.url=...} ({@code {dir}} standing for a fresh directory).
 */
class FileStoreSizeTest {
  /** Calls per batch in the default run. */
  private static final int CALLS = 2_000;
  /**
   * The README's promise: at most this many bytes of database file per call, i.e. 300 MB per 100,000 calls kept.
   * Measured: about 2.3 KB (see the printed figures).
   */
  static final long BYTES_PER_CALL_BOUND = 3_000;
  /** After a purge, a second batch as large as the first may grow the file by at most this fraction. */
  private static final double REUSE_GROWTH_BOUND = 0.10;

  @TempDir
  Path dir;

  private HikariDataSource pool;

  @AfterEach
  void closePool() {
    if (pool != null) pool.close();
  }

  private String url() {
    String configured = System.getProperty(FileStoreCrashTest.URL_PROPERTY);
    return configured == null || configured.isBlank()
        ? TestDatabases.sqliteFileUrl(dir, "textback").replace("synchronous=FULL", "synchronous=OFF")
        : configured.replace("{dir}", dir.toAbsolutePath().toString());
  }

  @Test
  void the_file_grows_by_a_bounded_size_per_call_and_reuses_the_space_of_purged_calls() throws Exception {
    int calls = Integer.getInteger("textback.filestore.calls", CALLS);
    String url = url();
    pool = TestDatabases.pool(url, null, 4);
    JdbcTextBackStore store = new JdbcTextBackStore(pool);
    store.migrate();
    long empty = databaseBytes(url);
    Duration offset = Duration.between(Instant.now(), AFTERNOON);
    RecordingSmsGateway gateway = RecordingSmsGateway.forCarrier(JdbcEngineFixture.CARRIER);
    try (TextBack engine = TextBack.builder()
        .businesses(JdbcEngineFixture.businesses())
        .store(store)
        .gateway(gateway)
        .clock(Clock.offset(Clock.systemUTC(), offset))
        .sendConcurrency(16)
        .build()) {
      takeCalls(engine, "first", calls);
      long first = databaseBytes(url);
      long perCall = (first - empty) / calls;

      // Retention passes for everything: the purge removes the calls, texts, conversations and episodes.
      Instant later = Instant.now().plus(offset).plus(Duration.ofDays(1));
      assertThat(store.purge(later, later)).as("rows purged").isGreaterThanOrEqualTo(calls * 3);
      takeCalls(engine, "second", calls);
      long second = databaseBytes(url);

      System.out.printf("file store size (%s): empty %,d bytes; after %,d calls %,d bytes, %,d bytes per call"
          + " (%,.0f MB per 100,000 calls); after purging them and taking %,d more %,d bytes (%+.1f%%)%n", url, empty,
          calls, first, perCall, perCall * 100_000 / 1e6, calls, second, 100.0 * (second - first) / first);
      assertThat(gateway.sent()).hasSize(2 * calls);
      assertThat(perCall).as("bytes per call").isLessThanOrEqualTo(BYTES_PER_CALL_BOUND);
      assertThat(second).as("file size after reusing purged space")
          .isLessThanOrEqualTo((long) (first * (1 + REUSE_GROWTH_BOUND)));
    }
  }

  /** Decides {@code calls} missed calls from distinct callers and sends their texts. */
  private static void takeCalls(TextBack engine, String batch, int calls) {
    for (int i = 0; i < calls; i++) {
      CallDecision decision = engine.onCall(JdbcEngineFixture.missedCall("CA-size-" + batch + "-" + i,
          caller(i), engine.clock().instant()));
      assertThat(decision.texted()).as("call %d texted", i).isTrue();
      if (i % 500 == 499) engine.runDueWork();
    }
    engine.runDueWork();
  }

  /** A distinct valid New York number per index, for up to a million calls. */
  private static String caller(int i) {
    return String.format("+1212%07d", 5_550_000 + i % 1_000_000);
  }

  /**
   * The bytes the database holds on disk. SQLite's write-ahead log is copied into the file first (it is
   * bounded on its own: reset at every checkpoint, about 4 MB, and cut back to 16 MB by journal_size_limit).
   */
  private long databaseBytes(String url) throws Exception {
    if (url.startsWith("jdbc:sqlite:")) {
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> !f.getFileName().toString().endsWith("-wal")).mapToLong(FileStoreSizeTest::size)
          .sum();
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
