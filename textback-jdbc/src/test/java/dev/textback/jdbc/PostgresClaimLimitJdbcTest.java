package dev.textback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A claim on PostgreSQL hands out at most its limit whatever plan the planner picks. In a new deployment the
 * outbox's statistics can still count the one row it held when they were last read, and for the claim's
 * {@code UPDATE … WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)} the planner then chose a nested loop that
 * ran the limited subquery once per outbox row: each run passed over the rows the statement had leased already and
 * picked the next ones, so one claim for 4 leased all 20 due entries.
 */
class PostgresClaimLimitJdbcTest {
  private static final String SCHEMA = "textback_claim_limit";
  private static final int ENTRIES = 20;
  private static final int LIMIT = 4;
  private HikariDataSource pool;

  @AfterEach
  void closePool() {
    if (pool != null) pool.close();
  }

  @Test
  void a_claim_on_a_freshly_migrated_schema_leases_at_most_its_limit_and_every_entry_once() throws Exception {
    JdbcTextBackStore store = storeWithNewDeploymentStatistics(OutboxKind.TEXT_BACK);

    List<String> claimed = claimAll(() -> store.claimDue("dispatcher-1", RowLockingJdbcTestBase.NOW,
        Duration.ofMinutes(5), LIMIT, TestDatabases.TWILIO_TEXTS));

    assertThat(claimed).as("in due order, each once").isSorted().hasSize(ENTRIES).doesNotHaveDuplicates();
  }

  @Test
  void a_routing_claim_on_a_freshly_migrated_schema_leases_at_most_its_limit_and_every_entry_once()
      throws Exception {
    JdbcTextBackStore store = storeWithNewDeploymentStatistics(OutboxKind.ROUTE_REPLY);

    List<String> claimed = claimAll(() -> store.claimDueRouting("router-1", RowLockingJdbcTestBase.NOW,
        Duration.ofMinutes(5), LIMIT, EnumSet.of(OutboxKind.ROUTE_REPLY)));

    assertThat(claimed).as("in due order, each once").isSorted().hasSize(ENTRIES).doesNotHaveDuplicates();
  }

  /** A store on a new schema whose outbox holds {@value #ENTRIES} due entries of {@code kind}, oldest first. */
  private JdbcTextBackStore storeWithNewDeploymentStatistics(OutboxKind kind) throws Exception {
    // One connection, so the claim's prepared statement is the same one each time, as on a dispatcher's connection
    // (PostgreSQL switches it to a generic plan after five runs).
    pool = TestDatabases.freshPool(JdbcDialect.POSTGRESQL, null, SCHEMA, 1);
    JdbcTextBackStore store = new JdbcTextBackStore(pool);
    insert(store, 0, 1, kind);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      // The statistics of a new deployment's outbox, read by autovacuum while it held one entry, and kept while
      // the outbox fills: the planner then expects one row where there are dozens.
      s.execute("ANALYZE textback_outbox");
      s.execute("ALTER TABLE textback_outbox SET (autovacuum_enabled = false)");
    }
    insert(store, 1, ENTRIES, kind);
    return store;
  }

  /** Claims until nothing is left; every claim must lease exactly {@value #LIMIT} entries, the last the rest. */
  private static List<String> claimAll(Supplier<List<OutboxEntry>> claim) {
    List<Integer> sizes = new ArrayList<>();
    List<String> claimed = new ArrayList<>();
    for (int round = 0; round < ENTRIES; round++) {
      List<OutboxEntry> got = claim.get();
      if (got.isEmpty()) break;
      sizes.add(got.size());
      for (OutboxEntry e : got) claimed.add(e.id());
    }
    assertThat(sizes).as("entries leased by each claim for %d", LIMIT).containsExactly(4, 4, 4, 4, 4);
    return claimed;
  }

  private static void insert(JdbcTextBackStore store, int from, int to, OutboxKind kind) {
    store.inTransaction(tx -> {
      // Oldest first, as calls come in: the outbox's physical order is its due order.
      for (int i = from; i < to; i++) {
        tx.insertOutbox(RowLockingJdbcTestBase.due(String.format("ob-%02d", i), ENTRIES - i).toBuilder().kind(kind)
            .build());
      }
      return null;
    });
  }
}
