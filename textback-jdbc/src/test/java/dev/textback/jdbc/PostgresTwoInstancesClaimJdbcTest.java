package dev.textback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.spi.OutboxEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two store instances, each with its own connection pool as two engine processes would have, drain one outbox
 * on PostgreSQL with many dispatcher threads: every entry is claimed, none twice.
 */
class PostgresTwoInstancesClaimJdbcTest {
  private static final String SCHEMA = "textback_two_instances";
  private static final int ENTRIES = 1000;
  private static final int THREADS_PER_INSTANCE = 6;
  private static HikariDataSource poolA;
  private static HikariDataSource poolB;

  @BeforeAll
  static void createSchema() throws Exception {
    TestDatabases.recreatePostgresSchema(SCHEMA);
    poolA = TestDatabases.pool(TestDatabases.postgresUrl(), SCHEMA, THREADS_PER_INSTANCE);
    poolB = TestDatabases.pool(TestDatabases.postgresUrl(), SCHEMA, THREADS_PER_INSTANCE);
    new JdbcTextBackStore(poolA).migrate();
  }

  @AfterAll
  static void closePools() {
    if (poolA != null) poolA.close();
    if (poolB != null) poolB.close();
  }

  @Test
  void dispatchers_on_two_instances_claim_each_entry_exactly_once() throws Exception {
    JdbcTextBackStore instanceA = new JdbcTextBackStore(poolA);
    JdbcTextBackStore instanceB = new JdbcTextBackStore(poolB);
    instanceA.inTransaction(tx -> {
      for (int i = 0; i < ENTRIES; i++) tx.insertOutbox(RowLockingJdbcTestBase.due(String.format("ob-%04d", i), i));
      return null;
    });

    ExecutorService threads = Executors.newFixedThreadPool(2 * THREADS_PER_INSTANCE);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<String>>> results = new ArrayList<>();
    try {
      for (int t = 0; t < 2 * THREADS_PER_INSTANCE; t++) {
        JdbcTextBackStore store = t % 2 == 0 ? instanceA : instanceB;
        String owner = (t % 2 == 0 ? "a-" : "b-") + t;
        int batch = 3 + t;
        results.add(threads.submit(() -> {
          start.await();
          List<String> claimed = new ArrayList<>();
          for (int round = 0; round < 1000; round++) {
            List<OutboxEntry> got = store.claimDue(owner, RowLockingJdbcTestBase.NOW, Duration.ofMinutes(5), batch,
                TestDatabases.TWILIO_TEXTS);
            if (got.isEmpty()) break;
            for (OutboxEntry e : got) claimed.add(e.id() + "@" + e.leaseOwner());
          }
          return claimed;
        }));
      }
      start.countDown();

      Map<String, List<String>> ownersById = new HashMap<>();
      for (Future<List<String>> f : results) {
        for (String claim : f.get(300, TimeUnit.SECONDS)) {
          String[] parts = claim.split("@");
          ownersById.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
        }
      }

      assertThat(ownersById).hasSize(ENTRIES);
      assertThat(ownersById.values()).allSatisfy(owners -> assertThat(owners).hasSize(1));
      assertThat(ownersById.values().stream().map(o -> o.get(0).charAt(0)).distinct())
          .as("both instances took part").containsExactlyInAnyOrder('a', 'b');
      assertThat(instanceB.claimDue("late", RowLockingJdbcTestBase.NOW, Duration.ofMinutes(5), ENTRIES,
          TestDatabases.TWILIO_TEXTS)).isEmpty();
    } finally {
      threads.shutdownNow();
    }
  }
}
