package dev.textback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.textback.phone.PhoneNumber;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.StoreUnavailableException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
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
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the SQLite store does differently from the server databases, seen from outside: how it keeps instants,
 * how its transactions exclude each other, and what it does when the database is busy.
 */
class SqliteStoreBehaviourTest {
  /** 2026-03-02T10:00:00.123456Z: 1772445600 s (date -u -d ... +%s) and 123456 us. */
  private static final Instant AT = Instant.parse("2026-03-02T10:00:00.123456Z");
  private static final long AT_MICROS = 1_772_445_600_123_456L;

  @TempDir
  Path dir;

  private final List<HikariDataSource> pools = new ArrayList<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void close() {
    threads.shutdownNow();
    pools.forEach(HikariDataSource::close);
  }

  private String url(String extra) {
    return TestDatabases.sqliteFileUrl(dir, "textback") + extra;
  }

  private JdbcTextBackStore store(String extra) {
    HikariDataSource pool = TestDatabases.pool(url(extra), null, 4);
    pools.add(pool);
    JdbcTextBackStore store = new JdbcTextBackStore(pool);
    store.migrate();
    return store;
  }

  /** A store whose connections wait for SQLite's lock only 10 ms at a time before they report it busy. */
  private JdbcTextBackStore storeBusyAfter10ms(int connections, int maxAttempts) {
    HikariDataSource pool = TestDatabases.pool(url("&busy_timeout=10").replace("busy_timeout=30000&", ""), null,
        connections);
    pools.add(pool);
    JdbcTextBackStore store = JdbcTextBackStore.builder(pool).maxAttempts(maxAttempts).build();
    store.migrate();
    return store;
  }

  private static OutboxEntry dueAt(String id, Instant due) {
    return OutboxEntry.builder().id(id).kind(OutboxKind.TEXT_BACK).businessId("biz-1").carrier("twilio")
        .from(PhoneNumber.of("+15550100100")).to(PhoneNumber.of("+15550123401")).body("text " + id)
        .createdAt(due).dueAt(due).status(OutboxStatus.PENDING).build();
  }

  private Connection raw() throws Exception {
    return DriverManager.getConnection(TestDatabases.sqliteFileUrl(dir, "textback"));
  }

  @Test
  void a_full_database_is_an_outage_as_postgresqls_disk_full_is() throws Exception {
    JdbcTextBackStore store = store("");
    long pages;
    try (Connection c = raw(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA page_count")) {
      rs.next();
      pages = rs.getLong(1);
    }
    // A pool whose connections may not grow the file past its size now: SQLite then answers SQLITE_FULL.
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url(""));
    config.setMaximumPoolSize(1);
    config.setConnectionInitSql("PRAGMA max_page_count = " + pages);
    HikariDataSource full = new HikariDataSource(config);
    pools.add(full);
    OutboxEntry big = OutboxEntry.builder().id("ob-big").kind(OutboxKind.TEXT_BACK).businessId("biz-1")
        .carrier("twilio").from(PhoneNumber.of("+15550100100")).to(PhoneNumber.of("+15550123401"))
        .body("x".repeat(200_000)).createdAt(AT).dueAt(AT).status(OutboxStatus.PENDING).build();

    assertThatThrownBy(() -> new JdbcTextBackStore(full).inTransaction(tx -> {
      tx.insertOutbox(big);
      return null;
    })).isInstanceOf(StoreUnavailableException.class).hasStackTraceContaining("SQLITE_FULL");
    assertThat(store.outboxEntry("ob-big")).isEmpty();
  }

  @Test
  void keeps_instants_as_integer_microseconds_since_the_epoch() throws Exception {
    JdbcTextBackStore store = store("");
    insert(store, "ob-1");

    try (Connection c = raw(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT typeof(due_at), due_at FROM textback_outbox WHERE id = 'ob-1'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("integer");
      assertThat(rs.getLong(2)).isEqualTo(AT_MICROS);
    }
    assertThat(store.outboxEntry("ob-1").orElseThrow().dueAt()).isEqualTo(AT);
  }

  @Test
  void orders_instants_before_the_epoch_and_centuries_ahead_the_way_time_runs() {
    JdbcTextBackStore store = store("");
    Instant beforeEpoch = Instant.parse("1969-12-31T23:59:59.999999Z");
    store.inTransaction(tx -> {
      tx.insertOutbox(dueAt("ob-late", Instant.parse("2400-01-01T00:00:00Z")));
      tx.insertOutbox(dueAt("ob-now", AT));
      tx.insertOutbox(dueAt("ob-early", beforeEpoch));
      return null;
    });

    assertThat(store.claimDue("d", AT, Duration.ofMinutes(1), 10, TestDatabases.TWILIO_TEXTS))
        .extracting(OutboxEntry::id).containsExactly("ob-early", "ob-now");
    assertThat(store.outboxEntry("ob-early").orElseThrow().dueAt()).isEqualTo(beforeEpoch);
    // Claimed first, as the later claim's leases would still run at AT; by 2500 the minute-long leases above ended.
    assertThat(store.claimDue("t", Instant.parse("2500-01-01T00:00:00Z"), Duration.ofMinutes(1), 10,
        TestDatabases.TWILIO_TEXTS)).extracting(OutboxEntry::id).containsExactly("ob-early", "ob-now", "ob-late");
  }

  @Test
  void a_transaction_that_has_only_read_a_row_keeps_another_store_on_the_file_waiting() throws Exception {
    JdbcTextBackStore first = store("");
    JdbcTextBackStore second = store("");
    insert(first, "ob-1");
    CountDownLatch read = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> holder = threads.submit(() -> first.inTransaction(tx -> {
      OutboxEntry e = tx.lockOutbox("ob-1").orElseThrow();
      read.countDown();
      await(release);
      tx.updateOutbox(e.retryAt(AT, "first", false, false));
      return null;
    }));
    assertThat(read.await(30, TimeUnit.SECONDS)).isTrue();
    Future<Integer> waiter = threads.submit(() -> second.inTransaction(tx -> {
      OutboxEntry e = tx.lockOutbox("ob-1").orElseThrow();
      tx.updateOutbox(e.retryAt(AT, "second", false, false));
      return e.attempts();
    }));

    assertThatWaits(waiter);
    release.countDown();
    holder.get(30, TimeUnit.SECONDS);
    assertThat(waiter.get(30, TimeUnit.SECONDS)).as("attempts the second transaction read").isEqualTo(1);
    assertThat(first.outboxEntry("ob-1").orElseThrow().attempts()).isEqualTo(2);
  }

  @Test
  void work_that_has_only_made_plain_reads_holds_no_lock_so_writers_go_ahead() throws Exception {
    JdbcTextBackStore store = store("");
    CountDownLatch read = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<Boolean> reader = threads.submit(() -> store.inTransaction(tx -> {
      boolean found = tx.findCall("twilio", "CA0001").isPresent() || tx.findUnreachable(
          PhoneNumber.of("+15550123401")).isPresent();
      read.countDown();
      await(release);
      return found;
    }));
    assertThat(read.await(30, TimeUnit.SECONDS)).isTrue();

    // busy_timeout 0: BEGIN IMMEDIATE fails at once with SQLITE_BUSY if any connection holds the file's write lock.
    try (Connection other = raw(); Statement s = other.createStatement()) {
      s.execute("PRAGMA busy_timeout = 0");
      s.execute("BEGIN IMMEDIATE");
      s.execute("COMMIT");
    }
    // The store's own queue for the lock is free too: a write through it ends while the reading work still runs.
    threads.submit(() -> insert(store, "ob-1")).get(30, TimeUnit.SECONDS);
    assertThat(reader.isDone()).isFalse();

    release.countDown();
    assertThat(reader.get(30, TimeUnit.SECONDS)).isFalse();
    assertThat(store.outboxEntry("ob-1")).isPresent();
  }

  @Test
  void the_stores_own_reads_see_the_last_commit_beside_a_transaction_holding_the_write_lock() throws Exception {
    JdbcTextBackStore store = store("");
    insert(store, "ob-1");
    CountDownLatch release = new CountDownLatch(1);
    Future<?> writer = holdLocked(store, "ob-1", e -> e.retryAt(AT, "retry", false, false), release);

    // Queued behind the writer, this read would wait until the writer's work returns, which it does not until released.
    OutboxEntry seen = threads.submit(() -> store.outboxEntry("ob-1").orElseThrow()).get(10, TimeUnit.SECONDS);
    assertThat(seen.attempts()).as("attempts as last committed").isZero();
    assertThat(writer.isDone()).isFalse();

    release.countDown();
    writer.get(30, TimeUnit.SECONDS);
    assertThat(store.outboxEntry("ob-1").orElseThrow().attempts()).isEqualTo(1);
  }

  @Test
  void read_transactions_leave_writers_queueing_one_at_a_time() throws Exception {
    // A writer let past the store's queue would meet SQLite's lock, fail busy and run again.
    JdbcTextBackStore store = storeBusyAfter10ms(4, 1_000);
    insert(store, "ob-1");
    for (int i = 0; i < 3; i++) {
      assertThat(store.outboxEntry("ob-1")).isPresent();
      assertThat(store.outboxEntry("ob-none")).isEmpty();
    }
    CountDownLatch release = new CountDownLatch(1);
    Future<?> first = holdLocked(store, "ob-1", null, release);
    AtomicInteger runs = new AtomicInteger();
    Future<?> second = threads.submit(() -> store.inTransaction(tx -> {
      runs.incrementAndGet();
      tx.lockOutbox("ob-1").orElseThrow();
      return null;
    }));

    assertThatWaits(second);
    assertThat(runs.get()).as("runs of the second writer's work while it waits").isEqualTo(1);
    release.countDown();
    first.get(30, TimeUnit.SECONDS);
    second.get(30, TimeUnit.SECONDS);
  }

  @Test
  void a_transaction_that_finds_the_database_busy_runs_again_once_it_is_free() throws Exception {
    // Sees SQLITE_BUSY while another connection writes.
    JdbcTextBackStore store = storeBusyAfter10ms(2, 100);
    AtomicInteger runs = new AtomicInteger();
    try (Connection other = raw(); Statement s = other.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      Future<?> write = threads.submit(() -> store.inTransaction(tx -> {
        runs.incrementAndGet();
        tx.insertOutbox(dueAt("ob-1", AT));
        return null;
      }));
      assertThatWaits(write);
      s.execute("COMMIT");
      write.get(30, TimeUnit.SECONDS);
    }

    assertThat(runs.get()).as("runs of the work").isGreaterThan(1);
    assertThat(store.outboxEntry("ob-1")).isPresent();
  }

  @Test
  void a_transaction_that_failed_leaves_the_database_free_for_others() throws Exception {
    JdbcTextBackStore store = store("");
    try {
      store.inTransaction(tx -> {
        tx.insertOutbox(dueAt("ob-1", AT));
        throw new IllegalStateException("template failed");
      });
    } catch (IllegalStateException expected) {
      // the work's own failure, as the contract requires
    }

    try (Connection other = raw(); Statement s = other.createStatement()) {
      s.execute("PRAGMA busy_timeout = 0");
      s.execute("BEGIN IMMEDIATE");
      s.execute("COMMIT");
    }
    assertThat(store.outboxEntry("ob-1")).isEmpty();
  }

  @Test
  void drops_row_lock_clauses_sqlite_does_not_know() {
    assertThat(SqliteConnections.rewrite("SELECT id FROM t WHERE a = ? FOR UPDATE"))
        .isEqualTo("SELECT id FROM t WHERE a = ?");
    assertThat(SqliteConnections.rewrite("UPDATE t SET x = 1 WHERE id IN (SELECT id FROM t ORDER BY id LIMIT ?"
        + " FOR UPDATE SKIP LOCKED) RETURNING id"))
        .isEqualTo("UPDATE t SET x = 1 WHERE id IN (SELECT id FROM t ORDER BY id LIMIT ?) RETURNING id");
  }

  private static void insert(JdbcTextBackStore store, String id) {
    store.inTransaction(tx -> {
      tx.insertOutbox(dueAt(id, AT));
      return null;
    });
  }

  /**
   * Starts work on another thread that locks entry {@code id}, changes it with {@code change} when one is given, and
   * keeps its transaction open until {@code release}; returns once the lock is held (and the change written).
   */
  private Future<?> holdLocked(JdbcTextBackStore store, String id, @Nullable UnaryOperator<OutboxEntry> change,
      CountDownLatch release) throws InterruptedException {
    CountDownLatch locked = new CountDownLatch(1);
    Future<?> holder = threads.submit(() -> store.inTransaction(tx -> {
      OutboxEntry e = tx.lockOutbox(id).orElseThrow();
      if (change != null) tx.updateOutbox(change.apply(e));
      locked.countDown();
      await(release);
      return null;
    }));
    assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
    return holder;
  }

  private static void assertThatWaits(Future<?> future) throws Exception {
    try {
      future.get(300, TimeUnit.MILLISECONDS);
      throw new AssertionError("finished while the database was locked");
    } catch (TimeoutException expected) {
      // still waiting, as it should
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
