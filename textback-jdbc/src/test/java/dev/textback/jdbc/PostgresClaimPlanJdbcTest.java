package dev.textback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
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
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A claim on PostgreSQL reads its index in due order up to its limit even when the outbox's statistics were read
 * while nothing was pending (a quiet moment, or a new deployment after its first texts went out). PostgreSQL then
 * reckons almost no row pending. A bitmap scan and a sort of every due entry would then look as cheap as the index
 * in due order, and cost a claim in a burst its whole backlog (the sort sits under the row locks, so it cannot stop
 * at the limit): a claim from a separate table of pending entries, tried once, got that plan and took 20-43 ms
 * with 6,000-8,000 pending. The outbox's partial indexes keep the ordered scan cheaper.
 */
class PostgresClaimPlanJdbcTest {
  private static final Instant NOW = RowLockingJdbcTestBase.NOW;
  private static final Duration LEASE = Duration.ofMinutes(2);
  private HikariDataSource pool;

  @AfterEach
  void closePool() {
    if (pool != null) pool.close();
  }

  @Test
  void claims_read_their_index_in_due_order_with_statistics_read_while_nothing_was_pending() throws Exception {
    pool = TestDatabases.freshPool(JdbcDialect.POSTGRESQL, null, "textback_claim_plan", 4);
    List<String> statements = Collections.synchronizedList(new ArrayList<>());
    JdbcTextBackStore store = new JdbcTextBackStore(recordingStatements(pool, statements));
    store.inTransaction(tx -> {
      for (int i = 0; i < 300; i++) {
        tx.insertOutbox(RowLockingJdbcTestBase.due(String.format("sent-%04d", i), 4000).sent("SM" + i, 1, NOW));
      }
      return null;
    });
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("ANALYZE textback_outbox");
      s.execute("ALTER TABLE textback_outbox SET (autovacuum_enabled = false)");
    }
    store.inTransaction(tx -> {
      // Then a backlog, across carriers and kinds.
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

    // The plan of the first executions, for the values bound (in the claim's order: now twice, the scope, the limit,
    // the owner, the lease end), then the generic one a pooled connection keeps after five.
    String at = "'" + NOW + "'";
    List<String> plans = List.of(
        plan(textClaim, "force_custom_plan", List.of(at, at, "'twilio'", "4", "'engine-1'", at)),
        plan(routingClaim, "force_custom_plan", List.of(at, at, "4", "'router-1'", at)),
        plan(textClaim, "force_generic_plan", null), plan(routingClaim, "force_generic_plan", null));
    assertThat(plans.get(0)).contains("Index Scan using textback_outbox_due_carrier");
    assertThat(plans.get(1)).contains("Index Scan using textback_outbox_due_routing");
    for (String plan : plans) {
      assertThat(plan).contains("LockRows").doesNotContain("Sort").doesNotContain("Bitmap").doesNotContain("Seq Scan");
    }
  }

  /** The one claim among the statements recorded. */
  private static String claimStatement(List<String> statements) {
    List<String> claims = statements.stream().filter(sql -> sql.contains("WITH picked")).toList();
    assertThat(claims).hasSize(1);
    return claims.get(0);
  }

  /**
   * The plan PostgreSQL makes for {@code sql} as a prepared statement in plan cache {@code mode}: a custom plan for
   * {@code values}, or the generic plan, read without binding any value (null {@code values}).
   */
  private String plan(String sql, String mode, @Nullable List<String> values) throws Exception {
    StringBuilder numbered = new StringBuilder();
    int parameters = 0;
    for (char ch : sql.toCharArray()) {
      if (ch == '?') numbered.append('$').append(++parameters);
      else numbered.append(ch);
    }
    StringBuilder plan = new StringBuilder();
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("SET LOCAL plan_cache_mode = " + mode);
      s.execute("PREPARE claim AS " + numbered);
      try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE claim(" + String.join(", ",
          values != null ? values : Collections.nCopies(parameters, "NULL")) + ")")) {
        while (rs.next()) plan.append(rs.getString(1)).append('\n');
      }
      s.execute("DEALLOCATE claim");
      c.rollback();
    }
    return plan.toString();
  }

  /** {@code dataSource}, recording the SQL of every statement prepared on its connections. */
  private static DataSource recordingStatements(HikariDataSource dataSource, List<String> statements) {
    return JdbcProxies.proxy(DataSource.class, (proxy, method, args) -> {
      Object result = JdbcProxies.call(dataSource, method, args);
      if (!(result instanceof Connection connection)) return result;
      return JdbcProxies.proxy(Connection.class, (p, m, a) -> {
        if (m.getName().equals("prepareStatement") && a != null && a[0] instanceof String sql) statements.add(sql);
        return JdbcProxies.call(connection, m, a);
      });
    });
  }
}
