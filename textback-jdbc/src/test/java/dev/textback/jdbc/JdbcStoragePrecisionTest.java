package dev.textback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.spi.OutboxEntry;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the JDBC store keeps of an instant, on every database. */
class JdbcStoragePrecisionTest {
  private static final Instant NANOS = Instant.parse("2026-03-02T10:00:00.123456789Z");
  private static final Instant MICROS = Instant.parse("2026-03-02T10:00:00.123456Z");

  private static void assertKeepsMicroseconds(JdbcTextBackStore store) {
    OutboxEntry precise = RowLockingJdbcTestBase.due("ob-1", 0).toBuilder().createdAt(NANOS).dueAt(NANOS).build();
    store.inTransaction(tx -> {
      tx.insertOutbox(precise);
      return null;
    });

    OutboxEntry read = store.outboxEntry("ob-1").orElseThrow();
    assertThat(read.createdAt()).isEqualTo(MICROS);
    assertThat(read.dueAt()).isEqualTo(MICROS);
  }

  @Test
  void keeps_instants_to_the_microsecond_on_h2() {
    try (HikariDataSource pool = TestDatabases.pool(TestDatabases.newH2MemoryUrl(), null, 2)) {
      JdbcTextBackStore store = new JdbcTextBackStore(pool);
      store.migrate();
      assertKeepsMicroseconds(store);
    }
  }

  @Test
  void keeps_instants_to_the_microsecond_on_sqlite(@TempDir Path dir) {
    try (HikariDataSource pool = TestDatabases.pool(TestDatabases.sqliteFileUrl(dir, "textback"), null, 2)) {
      JdbcTextBackStore store = new JdbcTextBackStore(pool);
      store.migrate();
      assertKeepsMicroseconds(store);
    }
  }

  @Test
  void keeps_instants_to_the_microsecond_on_postgresql() throws Exception {
    TestDatabases.recreatePostgresSchema("textback_precision");
    try (HikariDataSource pool = TestDatabases.pool(TestDatabases.postgresUrl(), "textback_precision", 2)) {
      JdbcTextBackStore store = new JdbcTextBackStore(pool);
      store.migrate();
      assertKeepsMicroseconds(store);
    }
  }
}
