package dev.textback.jdbc;

import static dev.textback.jdbc.JdbcEngineFixture.AFTERNOON;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.business.BusinessDirectory;
import dev.textback.business.BusinessProfile;
import dev.textback.test.RecordingSmsGateway;
import dev.textback.template.MessageTemplates;
import dev.textback.template.Situation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded file store stays small: the database file grows by a bounded number of bytes per missed call
 * (decided, texted, its conversation opened), and once the retention purge has removed old calls their space is
 * used again instead of growing the file. The calls look like real ones: Twilio-sized call ids and a text-back of
 * 159 characters.
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
   * The README's promise: at most this many bytes of database file per call, i.e. 250 MB per 100,000 calls kept.
   * Measured: about 1.7 KB (see the printed figures).
   */
  static final long BYTES_PER_CALL_BOUND = 2_500;
  /** A text-back as long as a real one: 159 characters once rendered, one GSM-7 segment. */
  private static final String TEMPLATE = "Hi, this is {business}. Sorry we missed your call! Reply here with what you"
      + " need and we will text you back within minutes. Reply STOP to opt out.";
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
    BusinessProfile business = BusinessProfile.builder()
        .id(JdbcEngineFixture.BUSINESS_ID)
        .displayName("Summit Heating & Cooling")
        .zone(ZoneId.of("America/Denver"))
        .number(JdbcEngineFixture.BUSINESS_NUMBER.e164())
        .templates(MessageTemplates.builder("en").add(Situation.DEFAULT, "en", TEMPLATE).build())
        .build();
    try (TextBack engine = TextBack.builder()
        .businesses(BusinessDirectory.of(business))
        .store(store)
        .gateway(gateway)
        .clock(Clock.offset(Clock.systemUTC(), offset))
        .sendConcurrency(16)
        .build()) {
      takeCalls(engine, "a", calls);
      long first = databaseBytes(url);
      long perCall = (first - empty) / calls;

      // Retention passes for everything: the purge removes the calls, texts, conversations and episodes.
      Instant later = Instant.now().plus(offset).plus(Duration.ofDays(1));
      assertThat(store.purge(later, later)).as("rows purged").isGreaterThanOrEqualTo(calls * 3);
      takeCalls(engine, "b", calls);
      long second = databaseBytes(url);

      System.out.printf("file store size (%s): empty %,d bytes; after %,d calls %,d bytes, %,d bytes per call"
          + " (%,.0f MB per 100,000 calls); after purging them and taking %,d more %,d bytes (%+.1f%%)%n", url, empty,
          calls, first, perCall, perCall * 100_000 / 1e6, calls, second, 100.0 * (second - first) / first);
      assertThat(gateway.sent()).hasSize(2 * calls)
          .allSatisfy(sent -> assertThat(sent.body()).hasSize(TEMPLATE.length() - "{business}".length()
              + "Summit Heating & Cooling".length()));
      assertThat(perCall).as("bytes per call").isLessThanOrEqualTo(BYTES_PER_CALL_BOUND);
      assertThat(second).as("file size after reusing purged space")
          .isLessThanOrEqualTo((long) (first * (1 + REUSE_GROWTH_BOUND)));
    }
  }

  /** Decides {@code calls} missed calls from distinct callers and sends their texts. */
  private static void takeCalls(TextBack engine, String batch, int calls) {
    for (int i = 0; i < calls; i++) {
      // Twilio call ids are "CA" and 32 hex digits.
      CallDecision decision = engine.onCall(JdbcEngineFixture.missedCall(String.format("CA%s%031x", batch, i),
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
