package dev.textback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.phone.PhoneNumber;
import dev.textback.policy.Episode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key-only rows {@code lockEpisode} writes so it has something to lock: invisible as episodes, and cleared by
 * purge without being counted.
 */
class JdbcEpisodeLockRowTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final PhoneNumber CALLER = PhoneNumber.of("+15550123401");

  private static long episodeRows(HikariDataSource pool) throws Exception {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM textback_episode")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void assertLockRowsComeAndGo(HikariDataSource pool) throws Exception {
    JdbcTextBackStore store = new JdbcTextBackStore(pool);
    store.migrate();
    Episode saved = new Episode("biz-1", CALLER, "CA1", T0, T0, T0.plusSeconds(3600), 1);
    store.inTransaction(tx -> {
      tx.lockEpisode("biz-2", CALLER);
      tx.lockEpisode("biz-1", CALLER);
      tx.saveEpisode(saved);
      return null;
    });

    assertThat(episodeRows(pool)).as("one lock row and one episode").isEqualTo(2);
    Optional<Episode> none = store.inTransaction(tx -> tx.lockEpisode("biz-2", CALLER));
    assertThat(none).isEmpty();

    int removed = store.purge(T0, T0);

    assertThat(removed).as("lock rows are not data").isZero();
    assertThat(episodeRows(pool)).isEqualTo(1);
    Optional<Episode> kept = store.inTransaction(tx -> tx.lockEpisode("biz-1", CALLER));
    assertThat(kept).contains(saved);
  }

  @Test
  void lock_rows_hold_no_episode_and_purge_clears_them_on_h2() throws Exception {
    try (HikariDataSource pool = TestDatabases.pool(TestDatabases.newH2MemoryUrl(), null, 2)) {
      assertLockRowsComeAndGo(pool);
    }
  }

  @Test
  void lock_rows_hold_no_episode_and_purge_clears_them_on_sqlite(@TempDir Path dir) throws Exception {
    try (HikariDataSource pool = TestDatabases.pool(TestDatabases.sqliteFileUrl(dir, "textback"), null, 2)) {
      assertLockRowsComeAndGo(pool);
    }
  }

  @Test
  void lock_rows_hold_no_episode_and_purge_clears_them_on_postgresql() throws Exception {
    TestDatabases.recreatePostgresSchema("textback_lock_rows");
    try (HikariDataSource pool = TestDatabases.pool(TestDatabases.postgresUrl(), "textback_lock_rows", 2)) {
      assertLockRowsComeAndGo(pool);
    }
  }
}
