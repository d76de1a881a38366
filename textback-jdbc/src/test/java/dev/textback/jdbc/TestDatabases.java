package dev.textback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.textback.spi.ClaimScope;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** The databases the tests run on: H2 in memory or in files, SQLite files, and a real PostgreSQL server. */
final class TestDatabases {
  static final String PG_URL_ENV = "TEXTBACK_TEST_PG_URL";
  static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:55432/textback_test?user=postgres";
  /** H2 waits this long for a row lock before reporting a (retried) lock timeout. */
  private static final String H2_OPTIONS = ";LOCK_TIMEOUT=10000";
  static final String SQLITE_OPTIONS =
      "?journal_mode=WAL&synchronous=FULL&busy_timeout=30000&journal_size_limit=16777216";

  static final List<String> TABLES = List.of("textback_call", "textback_episode", "textback_opt_out",
      "textback_unreachable", "textback_outbox", "textback_inbound", "textback_conversation", "textback_message",
      "textback_pending_call", "textback_early_receipt", "textback_call_back");
  /** What a dispatcher with a Twilio gateway claims: the tests' entries are Twilio's. */
  static final ClaimScope TWILIO_TEXTS = ClaimScope.carriers("twilio");

  private static final AtomicInteger POOLS = new AtomicInteger();

  private TestDatabases() {}

  /** A URL for a new, private in-memory H2 database; it lives while a connection to it is open. */
  static String newH2MemoryUrl() {
    return "jdbc:h2:mem:textback-" + UUID.randomUUID() + H2_OPTIONS;
  }

  static String h2FileUrl(Path dir, String name) {
    return "jdbc:h2:file:" + dir.resolve(name).toAbsolutePath() + H2_OPTIONS;
  }

  /**
   * A SQLite database file with the settings that make commits durable (WAL, synchronous=FULL) and let a store
   * transaction wait for the write lock instead of failing at once.
   */
  static String sqliteFileUrl(Path dir, String name) {
    return "jdbc:sqlite:" + dir.resolve(name + ".db").toAbsolutePath() + SQLITE_OPTIONS;
  }

  static HikariDataSource pool(String url, String schema, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setPoolName("textback-test-" + POOLS.incrementAndGet());
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    if (schema != null) config.setSchema(schema);
    return new HikariDataSource(config);
  }

  /**
   * A pool of {@code size} connections on a new, migrated, empty database of {@code dialect}: a PostgreSQL schema
   * named {@code name} (dropped and created again), a new H2 database in memory, or a new SQLite file in {@code dir}.
   */
  static HikariDataSource freshPool(JdbcDialect dialect, Path dir, String name, int size) throws SQLException {
    HikariDataSource pool = switch (dialect) {
      case POSTGRESQL -> {
        recreatePostgresSchema(name);
        yield pool(postgresUrl(), name, size);
      }
      case H2 -> pool(newH2MemoryUrl(), null, size);
      case SQLITE -> pool(sqliteFileUrl(dir, name), null, size);
    };
    new JdbcTextBackStore(pool).migrate();
    return pool;
  }

  static String postgresUrl() {
    String url = System.getenv(PG_URL_ENV);
    return url == null || url.isBlank() ? DEFAULT_PG_URL : url;
  }

  /**
   * Fails the calling test, with what to do, when the PostgreSQL server for the tests cannot be reached. These
   * tests are part of the build: they run against a real server and never pass without one.
   */
  static void requirePostgres() {
    String url = postgresUrl();
    DriverManager.setLoginTimeout(5);
    try (Connection c = DriverManager.getConnection(url)) {
      assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
    } catch (SQLException e) {
      fail("The textback-jdbc tests need a PostgreSQL server and cannot reach " + url + " (" + e.getMessage()
          + "). Start the private test server with `bash .ci/pg-start.sh` from the repository root (it installs"
          + " PostgreSQL from Debian when missing and listens on 127.0.0.1:55432), or set " + PG_URL_ENV
          + " to a JDBC URL of a database the tests may create schemas in.", e);
    }
  }

  /** Drops and creates {@code schema} on the test server, so a test class starts from nothing. */
  static void recreatePostgresSchema(String schema) throws SQLException {
    requirePostgres();
    try (Connection c = DriverManager.getConnection(postgresUrl()); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      s.execute("CREATE SCHEMA " + schema);
    }
  }

  /** Empties every textback table (the schema stays). */
  static void truncateAll(DataSource dataSource, JdbcDialect dialect) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      if (dialect == JdbcDialect.POSTGRESQL) {
        s.execute("TRUNCATE " + String.join(", ", TABLES));
      } else if (dialect == JdbcDialect.SQLITE) {
        for (String table : TABLES) s.execute("DELETE FROM " + table);
      } else {
        for (String table : TABLES) s.execute("TRUNCATE TABLE " + table);
      }
      if (!c.getAutoCommit()) c.commit();
    }
  }

  /** Ids of the outbox entries still PENDING (waiting to be sent or retried), read straight from the table. */
  static List<String> pendingOutboxIds(DataSource dataSource) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM textback_outbox WHERE status = 'PENDING' ORDER BY id")) {
      while (rs.next()) ids.add(rs.getString(1));
    }
    return ids;
  }

  /** Every connection the store borrowed went back to the pool. */
  static void assertNoConnectionLeak(HikariDataSource pool) {
    assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("connections still borrowed").isZero();
  }
}
