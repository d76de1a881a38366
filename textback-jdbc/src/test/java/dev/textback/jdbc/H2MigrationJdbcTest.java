package dev.textback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.TextBackException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Schema migration on a new H2 in-memory database. H2 commits each DDL statement on its own, so a migration that
 * stops part-way leaves part of a script applied; the next one takes the script up where it stopped.
 */
class H2MigrationJdbcTest extends MigrationJdbcTestBase {
  private HikariDataSource pool;

  @Override
  HikariDataSource emptyDatabase() {
    if (pool == null) pool = track(TestDatabases.pool(TestDatabases.newH2MemoryUrl(), null, 8));
    return pool;
  }

  @Override
  JdbcDialect dialect() {
    return JdbcDialect.H2;
  }

  @Test
  void an_upgrade_that_failed_part_way_behind_a_running_instance_completes_when_run_again() throws Exception {
    // A short lock timeout, so V4's index on the outbox times out behind the running instance's transaction after
    // V4's first statements (a new table, a new column) were committed.
    pool = track(TestDatabases.pool("jdbc:h2:mem:textback-" + UUID.randomUUID() + ";LOCK_TIMEOUT=500", null, 4));
    JdbcTextBackStore store = new JdbcTextBackStore(pool);
    store.migrate();
    store.inTransaction(tx -> {
      tx.insertOutbox(RowLockingJdbcTestBase.due("ob-1", 0));
      return null;
    });
    withoutVersion4();
    try (Connection running = pool.getConnection()) {
      running.setAutoCommit(false);
      try (Statement s = running.createStatement()) {
        s.executeUpdate("UPDATE textback_outbox SET attempts = attempts WHERE id = 'ob-1'");
      }
      assertThatThrownBy(store::migrate).isInstanceOf(TextBackException.class);
      assertThat(tableExists("TEXTBACK_EARLY_RECEIPT")).as("V4's first statement stays applied").isTrue();
      running.rollback();
    }

    assertThat(store.migrate()).containsExactly("V4__early_receipts_inbound_replies_claims.sql");

    assertThat(indexExists("TEXTBACK_OUTBOX_DUE_CARRIER")).isTrue();
    assertThat(indexExists("TEXTBACK_OUTBOX_DUE")).isFalse();
    assertThat(store.migrate()).as("nothing left to apply, and no progress left behind").isEmpty();
    assertThat(count("SELECT COUNT(*) FROM textback_schema_progress")).isZero();
  }

  @Test
  void a_statement_run_by_a_migration_killed_before_recording_it_counts_as_done() throws Exception {
    JdbcTextBackStore store = new JdbcTextBackStore(emptyDatabase());
    store.migrate();
    execute("DROP TABLE textback_call_back");
    execute("DELETE FROM textback_schema_version WHERE version = 6");
    // V6's first statement ran (the table is back) and the migration was killed before it recorded that: its mark
    // still says running.
    execute("CREATE TABLE textback_call_back (business_id VARCHAR(255) NOT NULL, caller VARCHAR(16) NOT NULL,"
        + " marked_at TIMESTAMP WITH TIME ZONE NOT NULL, marked_by VARCHAR(255),"
        + " CONSTRAINT textback_call_back_pk PRIMARY KEY (business_id, caller))");
    execute("INSERT INTO textback_schema_progress (version, statements_done, running) VALUES (6, 0, TRUE)");

    assertThat(store.migrate()).containsExactly("V6__call_backs.sql");

    assertThat(indexExists("TEXTBACK_CALL_BACK_MARKED")).isTrue();
    assertThat(count("SELECT COUNT(*) FROM textback_schema_progress")).isZero();
  }

  @Test
  void a_table_in_the_way_of_a_script_is_an_error_on_every_start_not_adopted_on_the_second() throws Exception {
    JdbcTextBackStore store = new JdbcTextBackStore(emptyDatabase());
    store.migrate();
    execute("DROP TABLE textback_call_back");
    execute("CREATE TABLE textback_call_back (id INTEGER, note VARCHAR(20))"); // someone else's table of that name
    execute("DELETE FROM textback_schema_version WHERE version = 6");

    assertThatThrownBy(store::migrate).isInstanceOf(TextBackException.class).hasMessageContaining("42S01");
    assertThatThrownBy(store::migrate).as("a failed statement leaves no mark of having run")
        .isInstanceOf(TextBackException.class).hasMessageContaining("42S01");
  }

  /** The schema without version 4 (as the upgrade test of the base class does for version 2). */
  private void withoutVersion4() throws Exception {
    execute("DROP TABLE textback_early_receipt");
    execute("DROP INDEX textback_outbox_due_carrier");
    execute("CREATE INDEX textback_outbox_due ON textback_outbox (status, due_at, id)");
    execute("ALTER TABLE textback_inbound DROP COLUMN reply");
    execute("DELETE FROM textback_schema_version WHERE version = 4");
  }

  private boolean tableExists(String name) throws Exception {
    return count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = '" + name + "'") > 0;
  }

  private boolean indexExists(String name) throws Exception {
    return count("SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES WHERE INDEX_NAME = '" + name + "'") > 0;
  }

  private long count(String sql) throws Exception {
    try (Connection c = emptyDatabase().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
