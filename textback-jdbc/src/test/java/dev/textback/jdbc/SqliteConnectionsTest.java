package dev.textback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConnection;

/**
 * The SQLite connections' transactions and statements at the JDBC level: store transactions that queue for the
 * write lock share one COMMIT and fail together if it fails, and prepared statements are kept between uses without
 * holding a snapshot open.
 */
class SqliteConnectionsTest {
  private static final int POOL = 4;

  @TempDir
  Path dir;

  private final ExecutorService threads = Executors.newCachedThreadPool();
  private HikariDataSource pool;
  private DataSource adapted;
  private final AtomicInteger commits = new AtomicInteger();

  @BeforeEach
  void open() throws Exception {
    try (Connection c = raw(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)");
      s.execute("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id)"
          + " DEFERRABLE INITIALLY DEFERRED)");
    }
    pool = TestDatabases.pool(url() + "&foreign_keys=true", null, POOL);
    adapted = SqliteConnections.adapt(pool);
    // Count the COMMITs of every connection the pool holds: borrow them all at once, and listen on each.
    List<Connection> all = new ArrayList<>();
    for (int i = 0; i < POOL; i++) all.add(pool.getConnection());
    for (Connection c : all) {
      c.unwrap(SQLiteConnection.class).addCommitListener(new SQLiteCommitListener() {
        @Override
        public void onCommit() {
          commits.incrementAndGet();
        }

        @Override
        public void onRollback() {}
      });
      c.close();
    }
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    if (pool != null) pool.close();
  }

  private String url() {
    return TestDatabases.sqliteFileUrl(dir, "connections");
  }

  private Connection raw() throws SQLException {
    return DriverManager.getConnection(url());
  }

  @Test
  void transactions_queued_behind_a_writer_share_its_commit_until_one_rolls_back() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<?> first = holding(adapted, 1, release);
    // Queue three more behind it, one after the other so they queue in this order.
    Future<?> second = queued(adapted, 2);
    Future<?> failing = threads.submit(() -> {
      try (Connection c = adapted.getConnection()) {
        c.setAutoCommit(false);
        update(c, "INSERT INTO parent (id) VALUES (3)");
        c.rollback();
      }
      return null;
    });
    assertThatWaits(failing);
    Future<?> fourth = queued(adapted, 4);
    int before = commits.get();

    release.countDown();
    first.get(30, TimeUnit.SECONDS);
    second.get(30, TimeUnit.SECONDS);
    failing.get(30, TimeUnit.SECONDS);
    fourth.get(30, TimeUnit.SECONDS);

    assertThat(parents()).containsExactly(1, 2, 4);
    // The first two share one; the rollback ends that group, so that a work run again after it sees their rows.
    assertThat(commits.get() - before).as("COMMITs for the four transactions").isEqualTo(2);
  }

  @Test
  void a_transaction_returns_from_commit_only_once_what_it_wrote_is_committed() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<?> first = holding(adapted, 1, release);
    Future<?> second = queued(adapted, 2);
    CountDownLatch thirdInserted = new CountDownLatch(1);
    CountDownLatch thirdRelease = new CountDownLatch(1);
    Future<?> third = threads.submit(() -> insertParents(List.of(3), thirdInserted, thirdRelease));
    assertThatWaits(third);

    // The first and second finish their work while others queue, so the transaction stays open for the third;
    // their commit() must wait for the COMMIT after it: the first's because the transaction runs on its
    // connection, the second's because what it wrote is not on disk before that.
    release.countDown();
    assertThat(thirdInserted.await(30, TimeUnit.SECONDS)).isTrue();
    assertThatWaits(first);
    assertThatWaits(second);
    assertThat(parents()).as("committed while the third still works").isEmpty();

    thirdRelease.countDown();
    second.get(30, TimeUnit.SECONDS);
    List<Integer> seenOnceTheSecondReturned = parents();
    first.get(30, TimeUnit.SECONDS);
    third.get(30, TimeUnit.SECONDS);
    assertThat(seenOnceTheSecondReturned).containsExactly(1, 2, 3);
  }

  @Test
  void when_the_shared_commit_fails_every_transaction_in_it_fails_and_none_is_kept() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Future<?> first = holding(adapted, 1, release);
    // A deferred foreign key is checked at COMMIT: this child's parent does not exist.
    Future<?> orphan = threads.submit(() -> {
      try (Connection c = adapted.getConnection()) {
        c.setAutoCommit(false);
        update(c, "INSERT INTO child (id, parent_id) VALUES (1, 99)");
        c.commit();
      }
      return null;
    });
    assertThatWaits(orphan);

    release.countDown();

    assertThatThrownBy(() -> first.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(SQLException.class).hasMessageContaining("FOREIGN KEY");
    assertThatThrownBy(() -> orphan.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(SQLException.class).hasMessageContaining("FOREIGN KEY");
    assertThat(parents()).isEmpty();
    // The write lock is free again.
    insertParents(List.of(5), null, null);
    assertThat(parents()).containsExactly(5);
  }

  @Test
  void a_commit_that_fails_unchecked_fails_every_member_and_leaves_writers_one_at_a_time() throws Exception {
    AtomicBoolean failCommit = new AtomicBoolean();
    DataSource failing = SqliteConnections.adapt(commitsFailingWhen(pool, failCommit));
    CountDownLatch release = new CountDownLatch(1);
    Future<?> first = holding(failing, 1, release);
    Future<?> second = queued(failing, 2);
    failCommit.set(true);

    release.countDown();

    assertThatThrownBy(() -> first.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> second.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(SQLException.class).hasRootCauseMessage("COMMIT failed unchecked");
    failCommit.set(false);
    assertThat(parents()).isEmpty();
    // One writer at a time still: the failure handed out no second turn.
    CountDownLatch let = new CountDownLatch(1);
    Future<?> holder = holding(failing, 3, let);
    Future<?> next = queued(failing, 4);
    let.countDown();
    holder.get(30, TimeUnit.SECONDS);
    next.get(30, TimeUnit.SECONDS);
    assertThat(parents()).containsExactly(3, 4);
  }

  /** {@code dataSource}, whose connections' plain statements throw on COMMIT while {@code fail} is set. */
  private static DataSource commitsFailingWhen(DataSource dataSource, AtomicBoolean fail) {
    return (DataSource) Proxy.newProxyInstance(SqliteConnectionsTest.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (p, m, args) -> {
          Object result = invoke(dataSource, m, args);
          if (!(result instanceof Connection c)) return result;
          return Proxy.newProxyInstance(SqliteConnectionsTest.class.getClassLoader(), new Class<?>[] {Connection.class},
              (pc, mc, argsc) -> {
                Object made = invoke(c, mc, argsc);
                if (!mc.getName().equals("createStatement")) return made;
                Statement statement = (Statement) made;
                return Proxy.newProxyInstance(SqliteConnectionsTest.class.getClassLoader(),
                    new Class<?>[] {Statement.class}, (ps, ms, argss) -> {
                      if (ms.getName().equals("execute") && "COMMIT".equals(argss[0]) && fail.get()) {
                        throw new IllegalStateException("COMMIT failed unchecked");
                      }
                      return invoke(statement, ms, argss);
                    });
              });
        });
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void a_prepared_statement_is_used_again_once_closed_even_after_its_connection_went_back_to_the_pool()
      throws Exception {
    String sql = "SELECT id FROM parent WHERE id = ?";
    Object firstStatement;
    try (Connection c = adapted.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      firstStatement = ps.unwrap(PreparedStatement.class);
      try (PreparedStatement same = c.prepareStatement(sql)) {
        assertThat(same.unwrap(PreparedStatement.class)).as("the same SQL while the first is in use")
            .isNotSameAs(firstStatement);
      }
    }
    // Borrow every connection of the pool: one of them is the connection of the first.
    List<Connection> all = new ArrayList<>();
    List<Object> statements = new ArrayList<>();
    try {
      for (int i = 0; i < POOL; i++) {
        Connection c = adapted.getConnection();
        all.add(c);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          statements.add(ps.unwrap(PreparedStatement.class));
          ps.setInt(1, 1);
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isFalse();
          }
        }
      }
    } finally {
      for (Connection c : all) c.close();
    }
    assertThat(statements).contains(firstStatement);
  }

  @Test
  void a_statement_closed_before_its_rows_were_all_read_leaves_no_snapshot_open() throws Exception {
    try (Connection writer = raw(); Statement s = writer.createStatement()) {
      s.execute("INSERT INTO parent (id) VALUES (1), (2)");
      try (Connection c = adapted.getConnection()) {
        // Reads the first row only, then closes the statement without closing its result set.
        PreparedStatement ps = c.prepareStatement("SELECT id FROM parent ORDER BY id");
        ResultSet rs = ps.executeQuery();
        assertThat(rs.next()).isTrue();
        ps.close();
        assertThat(ps.isClosed()).isTrue();
        assertThatThrownBy(ps::executeQuery).isInstanceOf(SQLException.class);

        assertSeesTheNextCommit(s, c);
      }
    }
  }

  @Test
  void a_statement_run_with_execute_is_not_kept_so_it_leaves_no_snapshot_open() throws Exception {
    try (Connection writer = raw(); Statement s = writer.createStatement()) {
      s.execute("INSERT INTO parent (id) VALUES (1), (2)");
      try (Connection c = adapted.getConnection()) {
        // execute() leaves the query stepped to its first row until its result set is taken and closed.
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM parent ORDER BY id")) {
          assertThat(ps.execute()).isTrue();
        }

        assertSeesTheNextCommit(s, c);
      }
    }
  }

  @Test
  void a_statement_made_before_its_connection_began_a_transaction_does_not_run_outside_it() throws Exception {
    try (Connection c = adapted.getConnection()) {
      PreparedStatement early = c.prepareStatement("INSERT INTO parent (id) VALUES (7)");
      c.setAutoCommit(false);
      update(c, "INSERT INTO parent (id) VALUES (6)");
      assertThatThrownBy(early::executeUpdate).isInstanceOf(SQLException.class)
          .hasMessageContaining("outside the transaction");
      c.rollback();
      early.close();
    }
    assertThat(parents()).isEmpty();
  }

  /** Commits a third parent through {@code writer}, and checks that {@code c} counts it: no snapshot held it back. */
  private static void assertSeesTheNextCommit(Statement writer, Connection c) throws SQLException {
    writer.execute("INSERT INTO parent (id) VALUES (3)");
    try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM parent");
        ResultSet n = count.executeQuery()) {
      assertThat(n.next()).isTrue();
      assertThat(n.getInt(1)).as("rows seen after another connection's commit").isEqualTo(3);
    }
  }

  /**
   * Starts a transaction on another thread that inserts parent {@code id}, and returns once the row is written;
   * the transaction holds its turn until {@code release}, then commits.
   */
  private Future<?> holding(DataSource from, int id, CountDownLatch release) throws InterruptedException {
    CountDownLatch inserted = new CountDownLatch(1);
    Future<?> holder = threads.submit(() -> insertParents(from, List.of(id), inserted, release));
    assertThat(inserted.await(30, TimeUnit.SECONDS)).isTrue();
    return holder;
  }

  /** Starts a transaction on another thread that inserts parent {@code id}, and checks that it waits its turn. */
  private Future<?> queued(DataSource from, int id) throws Exception {
    Future<?> waiting = threads.submit(() -> insertParents(from, List.of(id), null, null));
    assertThatWaits(waiting);
    return waiting;
  }

  /** Inserts parents in a transaction; with a latch pair, holds the transaction open after the inserts. */
  private Void insertParents(List<Integer> ids, CountDownLatch inserted, CountDownLatch release) throws Exception {
    return insertParents(adapted, ids, inserted, release);
  }

  private static Void insertParents(DataSource from, List<Integer> ids, CountDownLatch inserted,
      CountDownLatch release) throws Exception {
    try (Connection c = from.getConnection()) {
      c.setAutoCommit(false);
      for (int id : ids) update(c, "INSERT INTO parent (id) VALUES (" + id + ")");
      if (inserted != null) {
        inserted.countDown();
        if (!release.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
      }
      c.commit();
    }
    return null;
  }

  private static void update(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.executeUpdate();
    }
  }

  private List<Integer> parents() throws SQLException {
    List<Integer> ids = new ArrayList<>();
    try (Connection c = raw(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM parent ORDER BY id")) {
      while (rs.next()) ids.add(rs.getInt(1));
    }
    return ids;
  }

  private static void assertThatWaits(Future<?> future) throws Exception {
    try {
      future.get(300, TimeUnit.MILLISECONDS);
      throw new AssertionError("finished while it should wait");
    } catch (TimeoutException expected) {
      // still waiting, as it should
    }
  }
}
