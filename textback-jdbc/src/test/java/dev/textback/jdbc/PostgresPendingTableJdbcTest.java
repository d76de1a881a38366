package dev.textback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL the pending outbox entries also live in {@code textback_outbox_pending} (schema version 7), kept by
 * triggers on the outbox, and the claims read them there: a claim then no longer walks the partial-index entries of
 * sent rows that only the outbox's next vacuum removes.
 */
class PostgresPendingTableJdbcTest {
  private static final Instant NOW = RowLockingJdbcTestBase.NOW;
  private static final Duration LEASE = Duration.ofMinutes(2);
  private HikariDataSource pool;

  @AfterEach
  void closePool() {
    if (pool != null) pool.close();
  }

  @Test
  void the_pending_table_follows_every_write_of_an_entry_until_it_is_final() throws Exception {
    pool = TestDatabases.freshPool(JdbcDialect.POSTGRESQL, null, "textback_pending_table", 4);
    JdbcTextBackStore store = new JdbcTextBackStore(pool);
    OutboxEntry sentBefore = RowLockingJdbcTestBase.due("ob-0", 90).sent("SM0", 1, NOW.minusSeconds(80));
    store.inTransaction(tx -> {
      tx.insertOutbox(RowLockingJdbcTestBase.due("ob-1", 30));
      tx.insertOutbox(RowLockingJdbcTestBase.due("ob-2", 20));
      tx.insertOutbox(RowLockingJdbcTestBase.due("ob-3", 10));
      tx.insertOutbox(sentBefore);
      return null;
    });
    assertThat(TestDatabases.assertPendingTableInStep(pool)).as("queued, not the sent one").isEqualTo(3);

    List<OutboxEntry> claimed = store.claimDue("engine-1", NOW, LEASE, 2, TestDatabases.TWILIO_TEXTS);
    assertThat(claimed).extracting(OutboxEntry::id).containsExactly("ob-1", "ob-2");
    assertThat(TestDatabases.assertPendingTableInStep(pool)).as("leased: the lease end follows").isEqualTo(3);

    assertThat(store.completeClaim(claimed.get(0), claimed.get(0).sent("SM1", 1, NOW))).isTrue();
    assertThat(TestDatabases.assertPendingTableInStep(pool)).as("sent").isEqualTo(2);

    OutboxEntry retry = claimed.get(1).retryAt(NOW.plusSeconds(60), "busy", false, false);
    assertThat(store.completeClaim(claimed.get(1), retry)).isTrue();
    assertThat(TestDatabases.assertPendingTableInStep(pool)).as("released for a retry: the new due time").isEqualTo(2);

    store.inTransaction(tx -> {
      for (OutboxEntry e : tx.lockPendingTo("biz-1", RowLockingJdbcTestBase.due("x", 0).to(), OutboxKind.TEXT_BACK)) {
        if (e.id().equals("ob-3")) tx.updateOutbox(e.finish(OutboxStatus.CANCELED, "called back", false));
      }
      return null;
    });
    assertThat(TestDatabases.assertPendingTableInStep(pool)).as("canceled").isEqualTo(1);

    assertThat(store.claimDue("engine-1", NOW.plusSeconds(61), LEASE, 10, TestDatabases.TWILIO_TEXTS))
        .extracting(OutboxEntry::id).containsExactly("ob-2");
    store.purge(NOW.plusSeconds(3600), NOW.plusSeconds(3600));
    assertThat(TestDatabases.assertPendingTableInStep(pool)).as("purged the final ones, kept the pending one")
        .isEqualTo(1);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("DELETE FROM textback_outbox WHERE id = 'ob-2'");
    }
    assertThat(TestDatabases.assertPendingTableInStep(pool)).as("a pending row deleted").isZero();
  }

  @Test
  void claims_read_the_pending_table_and_the_outbox_by_primary_key_even_with_a_new_deployments_statistics()
      throws Exception {
    pool = TestDatabases.freshPool(JdbcDialect.POSTGRESQL, null, "textback_pending_plan", 4);
    List<String> statements = Collections.synchronizedList(new ArrayList<>());
    JdbcTextBackStore store = new JdbcTextBackStore(recordingStatements(pool, statements));
    store.inTransaction(tx -> {
      for (int i = 0; i < 300; i++) {
        tx.insertOutbox(RowLockingJdbcTestBase.due(String.format("sent-%04d", i), 4000).sent("SM" + i, 1, NOW));
      }
      return null;
    });
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      // Statistics read while every entry was sent, kept while a backlog builds up: the planner then expects
      // about no pending row anywhere. With the conditions checked on a join to the outbox, it read the outbox
      // through its index of pending rows for each candidate (1.2 s a claim with 2,800 pending).
      s.execute("ANALYZE textback_outbox, textback_outbox_pending");
      s.execute("ALTER TABLE textback_outbox SET (autovacuum_enabled = false)");
      s.execute("ALTER TABLE textback_outbox_pending SET (autovacuum_enabled = false)");
    }
    store.inTransaction(tx -> {
      // A backlog across carriers and kinds.
      for (int i = 0; i < 3000; i++) {
        OutboxEntry e = RowLockingJdbcTestBase.due(String.format("ob-%04d", i), 3000 - i);
        tx.insertOutbox(switch (i % 3) {
          case 0 -> e;
          case 1 -> e.toBuilder().carrier("vonage").build();
          default -> e.toBuilder().kind(OutboxKind.ROUTE_REPLY).build();
        });
      }
      return null;
    });
    statements.clear();
    assertThat(store.claimDue("engine-1", NOW, LEASE, 4, TestDatabases.TWILIO_TEXTS)).extracting(OutboxEntry::id)
        .containsExactly("ob-0000", "ob-0003", "ob-0006", "ob-0009");
    String textClaim = claimStatement(statements);
    statements.clear();
    assertThat(store.claimDueRouting("router-1", NOW, LEASE, 4, EnumSet.of(OutboxKind.ROUTE_REPLY)))
        .extracting(OutboxEntry::id).containsExactly("ob-0002", "ob-0005", "ob-0008", "ob-0011");
    String routingClaim = claimStatement(statements);

    for (String plan : List.of(genericPlan(textClaim), genericPlan(routingClaim))) {
      assertThat(plan).contains("on textback_outbox_pending").contains("Index Scan using textback_outbox_pk")
          .doesNotContain("Seq Scan on textback_outbox ").doesNotContain("textback_outbox_pending_to");
    }
  }

  @Test
  void upgrading_a_version_6_schema_moves_the_pending_entries_into_their_table() throws Exception {
    pool = TestDatabases.freshPool(JdbcDialect.POSTGRESQL, null, "textback_pending_upgrade", 4);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      // Back to what version 6 left.
      s.execute("DROP TABLE textback_outbox_pending");
      s.execute("DROP FUNCTION textback_outbox_track_pending() CASCADE");
      s.execute("CREATE INDEX textback_outbox_due_carrier ON textback_outbox (carrier, due_at, id)"
          + " WHERE status = 'PENDING'");
      s.execute("CREATE INDEX textback_outbox_due_routing ON textback_outbox (due_at, id)"
          + " WHERE status = 'PENDING' AND kind IN ('ROUTE_REPLY', 'NOTIFY_ESCALATION')");
      s.execute("DELETE FROM textback_schema_version WHERE version = 7");
    }
    JdbcTextBackStore store = new JdbcTextBackStore(pool);
    OutboxEntry leased = RowLockingJdbcTestBase.due("ob-2", 20).withLease("engine-0", NOW.plusSeconds(30));
    store.inTransaction(tx -> {
      tx.insertOutbox(RowLockingJdbcTestBase.due("ob-1", 30).sent("SM1", 1, NOW.minusSeconds(25)));
      tx.insertOutbox(leased);
      tx.insertOutbox(RowLockingJdbcTestBase.due("ob-3", 10));
      return null;
    });

    assertThat(store.migrate()).containsExactly("V7__pending_outbox.sql");

    assertThat(TestDatabases.assertPendingTableInStep(pool)).isEqualTo(2);
    assertThat(store.claimDue("engine-1", NOW, LEASE, 10, TestDatabases.TWILIO_TEXTS))
        .extracting(OutboxEntry::id).as("the leased one waits for its lease").containsExactly("ob-3");
    assertThat(store.claimDue("engine-1", NOW.plusSeconds(31), LEASE, 10, TestDatabases.TWILIO_TEXTS))
        .extracting(OutboxEntry::id).containsExactly("ob-2");
  }

  /** The one claim statement among those recorded. */
  private static String claimStatement(List<String> statements) {
    List<String> claims = statements.stream().filter(sql -> sql.startsWith("WITH picked")).toList();
    assertThat(claims).hasSize(1);
    return claims.get(0);
  }

  /**
   * The plan PostgreSQL keeps for {@code sql} once it runs as a prepared statement with a generic plan (what a
   * pooled connection runs after five executions), read without binding any value.
   */
  private String genericPlan(String sql) throws Exception {
    StringBuilder numbered = new StringBuilder();
    int parameters = 0;
    for (char ch : sql.toCharArray()) {
      if (ch == '?') numbered.append('$').append(++parameters);
      else numbered.append(ch);
    }
    StringBuilder plan = new StringBuilder();
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("SET LOCAL plan_cache_mode = force_generic_plan");
      s.execute("PREPARE claim AS " + numbered);
      try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE claim(" + String.join(", ",
          Collections.nCopies(parameters, "NULL")) + ")")) {
        while (rs.next()) plan.append(rs.getString(1)).append('\n');
      }
      s.execute("DEALLOCATE claim");
      c.rollback();
    }
    return plan.toString();
  }

  /** {@code dataSource}, recording the SQL of every statement prepared on its connections. */
  private static DataSource recordingStatements(HikariDataSource dataSource, List<String> statements) {
    return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(dataSource, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
          if (!(result instanceof Connection connection)) return result;
          return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
              (p, m, a) -> {
                if (m.getName().equals("prepareStatement") && a != null && a[0] instanceof String sql) {
                  statements.add(sql);
                }
                try {
                  return m.invoke(connection, a);
                } catch (java.lang.reflect.InvocationTargetException e) {
                  throw e.getCause();
                }
              });
        });
  }
}
