package dev.textback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.TextBackException;
import dev.textback.phone.PhoneNumber;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link JdbcTextBackStore#migrate()} on an empty database; subclasses supply the database. */
abstract class MigrationJdbcTestBase {
  private final List<HikariDataSource> pools = new ArrayList<>();

  /** A pool on a database (or schema) that holds no textback tables yet; the same one on every call in a test. */
  abstract HikariDataSource emptyDatabase() throws Exception;

  abstract JdbcDialect dialect();

  HikariDataSource track(HikariDataSource pool) {
    pools.add(pool);
    return pool;
  }

  @AfterEach
  void closePools() {
    pools.forEach(HikariDataSource::close);
  }

  @Test
  void creates_every_table_on_an_empty_database_and_records_the_version() throws Exception {
    JdbcTextBackStore store = new JdbcTextBackStore(emptyDatabase());

    assertThat(store.dialect()).isEqualTo(dialect());
    assertThat(store.migrate()).containsExactly("V1__textback.sql", "V2__pending_call.sql", "V3__routing.sql",
        "V4__early_receipts_inbound_replies_claims.sql", "V5__hot_path_indexes.sql",
        "V6__call_backs.sql");

    try (Connection c = emptyDatabase().getConnection(); Statement s = c.createStatement()) {
      for (String table : TestDatabases.TABLES) {
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getLong(1)).as(table).isZero();
        }
      }
      try (ResultSet rs = s.executeQuery(
          "SELECT version, description, script FROM textback_schema_version ORDER BY version")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
        assertThat(rs.getString(2)).isEqualTo("textback");
        assertThat(rs.getString(3)).isEqualTo("V1__textback.sql");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(2);
        assertThat(rs.getString(2)).isEqualTo("pending call");
        assertThat(rs.getString(3)).isEqualTo("V2__pending_call.sql");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(3);
        assertThat(rs.getString(2)).isEqualTo("routing");
        assertThat(rs.getString(3)).isEqualTo("V3__routing.sql");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(4);
        assertThat(rs.getString(2)).isEqualTo("early receipts inbound replies claims");
        assertThat(rs.getString(3)).isEqualTo("V4__early_receipts_inbound_replies_claims.sql");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(5);
        assertThat(rs.getString(2)).isEqualTo("hot path indexes");
        assertThat(rs.getString(3)).isEqualTo("V5__hot_path_indexes.sql");
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(6);
        assertThat(rs.getString(2)).isEqualTo("call backs");
        assertThat(rs.getString(3)).isEqualTo("V6__call_backs.sql");
        assertThat(rs.next()).isFalse();
      }
    }
  }

  @Test
  void migrating_a_current_schema_applies_nothing() throws Exception {
    JdbcTextBackStore store = new JdbcTextBackStore(emptyDatabase());
    store.migrate();

    assertThat(store.migrate()).isEmpty();
    assertThat(new JdbcTextBackStore(emptyDatabase()).migrate()).isEmpty();
  }

  @Test
  void instances_migrating_at_the_same_time_apply_the_scripts_once() throws Exception {
    int instances = 4;
    List<JdbcTextBackStore> stores = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      stores.add(JdbcTextBackStore.builder(emptyDatabase()).dialect(dialect()).build());
    }
    ExecutorService threads = Executors.newFixedThreadPool(instances);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (JdbcTextBackStore store : stores) {
        results.add(threads.submit(() -> {
          start.await();
          return store.migrate();
        }));
      }
      start.countDown();
      List<String> applied = new ArrayList<>();
      for (Future<List<String>> f : results) applied.addAll(f.get(120, TimeUnit.SECONDS));

      assertThat(applied).containsExactly("V1__textback.sql", "V2__pending_call.sql", "V3__routing.sql",
          "V4__early_receipts_inbound_replies_claims.sql", "V5__hot_path_indexes.sql",
          "V6__call_backs.sql");
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void upgrading_a_database_without_version_3_keeps_its_pending_texts_claimable() throws Exception {
    JdbcTextBackStore store = new JdbcTextBackStore(emptyDatabase());
    store.migrate();
    Instant due = Instant.parse("2026-03-02T10:00:00Z");
    OutboxEntry text = OutboxEntry.builder().id("ob-1").kind(OutboxKind.TEXT_BACK).businessId("biz-1")
        .carrier("twilio").from(PhoneNumber.of("+15550100100")).to(PhoneNumber.of("+15550123401"))
        .body("Sorry we missed your call").conversationId("cv-1").createdAt(due).dueAt(due)
        .status(OutboxStatus.PENDING).build();
    store.inTransaction(tx -> {
      tx.insertOutbox(text);
      return null;
    });
    // Back to what the previous release left: version 2, without the routing columns.
    execute("ALTER TABLE textback_outbox DROP COLUMN conversation_message_id");
    execute("ALTER TABLE textback_outbox DROP COLUMN taken_over");
    execute("DELETE FROM textback_schema_version WHERE version = 3");

    assertThat(new JdbcTextBackStore(emptyDatabase()).migrate()).containsExactly("V3__routing.sql");

    assertThat(store.outboxEntry("ob-1")).contains(text);
    assertThat(store.claimDue("engine-1", due, Duration.ofMinutes(2), 10, TestDatabases.TWILIO_TEXTS))
        .containsExactly(text.withLease("engine-1", due.plus(Duration.ofMinutes(2))));
  }

  @Test
  void upgrading_a_version_2_schema_applies_version_4_and_keeps_the_rows() throws Exception {
    JdbcTextBackStore store = new JdbcTextBackStore(emptyDatabase());
    store.migrate();
    // Back to the schema as version 2 left it, with a text already received.
    execute("DROP TABLE textback_early_receipt");
    execute("DROP INDEX textback_outbox_due_carrier");
    execute("CREATE INDEX textback_outbox_due ON textback_outbox (due_at, id)");
    execute("ALTER TABLE textback_inbound DROP COLUMN reply");
    execute("DELETE FROM textback_schema_version WHERE version = 4");
    store.inTransaction(tx -> tx.insertInboundIfNew("twilio", "SM-before", java.time.Instant.parse(
        "2026-03-02T10:00:00Z")));

    assertThat(store.migrate()).containsExactly("V4__early_receipts_inbound_replies_claims.sql");

    boolean isNew = store.inTransaction(tx -> tx.insertInboundIfNew("twilio", "SM-before",
        java.time.Instant.parse("2026-03-02T10:05:00Z")));
    java.util.Optional<String> reply = store.inTransaction(tx -> tx.findInboundReply("twilio", "SM-before"));
    assertThat(isNew).as("the id received before is still known").isFalse();
    assertThat(reply).isEmpty();
  }

  @Test
  void upgrading_a_version_5_schema_adds_the_called_back_marks_and_keeps_the_calls() throws Exception {
    JdbcTextBackStore store = new JdbcTextBackStore(emptyDatabase());
    store.migrate();
    execute("DROP TABLE textback_call_back");
    execute("DELETE FROM textback_schema_version WHERE version = 6");
    Instant calledAt = Instant.parse("2026-03-02T10:00:00Z");
    PhoneNumber caller = PhoneNumber.of("+15550123401");
    dev.textback.spi.CallRecord call = dev.textback.spi.CallRecord.builder().carrier("twilio").callId("CA-1")
        .businessId("biz-1").dialled(PhoneNumber.of("+15550100100")).caller(caller)
        .outcome(dev.textback.call.CallOutcome.NO_ANSWER).calledAt(calledAt).decidedAt(calledAt)
        .reason(dev.textback.rules.Reason.SKIPPED_COOLDOWN).detail("cooldown").build();
    store.inTransaction(tx -> {
      tx.insertCall(call);
      return null;
    });

    assertThat(store.migrate()).containsExactly("V6__call_backs.sql");

    store.markCalledBack("biz-1", caller, calledAt.plusSeconds(60), "Pat");
    assertThat(store.calls("biz-1", calledAt, calledAt.plusSeconds(1), 10)).singleElement().satisfies(a -> {
      assertThat(a.call()).isEqualTo(call);
      assertThat(a.calledBackAt()).contains(calledAt.plusSeconds(60));
    });
  }

  @Test
  void refuses_to_run_when_an_applied_script_has_changed_since() throws Exception {
    JdbcTextBackStore store = new JdbcTextBackStore(emptyDatabase());
    store.migrate();
    execute("UPDATE textback_schema_version SET checksum = checksum + 1 WHERE version = 1");

    assertThatThrownBy(store::migrate).isInstanceOf(TextBackException.class)
        .hasMessageContaining("V1__textback.sql").hasMessageContaining("differs");
  }

  void execute(String sql) throws Exception {
    try (Connection c = emptyDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new AssertionError(sql, e);
    }
  }
}
