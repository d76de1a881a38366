package dev.textback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.spi.OutboxEntry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code lock_timeout} set, as many production databases have it, a locking read that waits past it fails with
 * SQLState 55P03. That is a race lost to another transaction, like a deadlock: the store runs the transaction again
 * rather than failing the webhook or the send that asked.
 */
class PostgresLockTimeoutJdbcTest {
  private static final String SCHEMA = "textback_lock_timeout";
  private static HikariDataSource pool;

  @BeforeAll
  static void createSchema() throws Exception {
    TestDatabases.recreatePostgresSchema(SCHEMA);
    String url = TestDatabases.postgresUrl();
    pool = TestDatabases.pool(url + (url.contains("?") ? "&" : "?") + "options="
        + URLEncoder.encode("-c lock_timeout=100", StandardCharsets.UTF_8), SCHEMA, 4);
    new JdbcTextBackStore(pool).migrate();
  }

  @AfterAll
  static void closePool() {
    if (pool != null) pool.close();
  }

  @Test
  void a_locking_read_that_times_out_behind_another_transaction_is_tried_again_and_gets_the_row() throws Exception {
    JdbcTextBackStore store = new JdbcTextBackStore(pool);
    store.inTransaction(tx -> {
      tx.insertOutbox(RowLockingJdbcTestBase.due("ob-1", 0));
      return null;
    });
    try (Connection holder = pool.getConnection()) {
      holder.setAutoCommit(false);
      try (Statement s = holder.createStatement();
          ResultSet rs = s.executeQuery("SELECT id FROM textback_outbox WHERE id = 'ob-1' FOR UPDATE")) {
        assertThat(rs.next()).isTrue();
      }
      // Held for three lock timeouts, well within the store's eight attempts and their back-off.
      CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
        try {
          TimeUnit.MILLISECONDS.sleep(300);
          holder.rollback();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });

      Optional<OutboxEntry> locked = store.inTransaction(tx -> tx.lockOutbox("ob-1"));

      release.get(10, TimeUnit.SECONDS);
      assertThat(locked).map(OutboxEntry::id).contains("ob-1");
    }
  }
}
