package dev.textback.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Lets the SQL the store shares with PostgreSQL and H2 run on SQLite (xerial sqlite-jdbc), by wrapping the
 * application's DataSource. Everything SQLite needs differently lives here, so the statements stay one set:
 *
 * <ul>
 *   <li><b>Transactions.</b> After {@code setAutoCommit(false)}, the first statement begins the work in a savepoint of
 *       the process's one write transaction, begun with {@code BEGIN IMMEDIATE}, which takes the database's write lock
 *       (waiting up to the connection's busy timeout). Store transactions therefore run one at a time, so the
 *       {@code SELECT … FOR UPDATE} reads need no row locks: nothing else can change a row between the read and the
 *       write. Works that queue for their turn meanwhile are committed with it, by one COMMIT ({@link Writer}). The
 *       driver's own transaction handling is not used because it issues the next {@code BEGIN} right after every
 *       commit, which with IMMEDIATE would take the write lock again for a connection that sits idle in the pool.
 *       Within the process, transactions queue in arrival order: SQLite's own busy handler polls with growing
 *       sleeps, so under load one waiter (a dispatcher recording sends) can lose to a stream of others (webhooks
 *       deciding calls) for seconds. On a connection set
 *       {@code setReadOnly(true)} (for this borrowing only; the driver is not told) the transaction is a plain
 *       deferred {@code BEGIN} instead: a read transaction on one snapshot that neither takes nor waits for the write
 *       lock. It is meant for reads only: a write in it would take SQLite's lock without queueing here.
 *   <li><b>SQL.</b> {@code FOR UPDATE} and {@code SKIP LOCKED}, which SQLite does not know, are removed. Prepared
 *       statements are kept per connection between uses ({@link StatementCache}).
 *   <li><b>Instants.</b> An {@link OffsetDateTime} parameter is stored as INTEGER microseconds since the epoch,
 *       and read back as one ({@code getObject(column, OffsetDateTime.class)}): exact, compact, and ordered the way
 *       the instants are. The driver would store text without a fixed width, which sorts wrongly.
 *   <li><b>Errors.</b> SQLite's busy and locked results become SQLState 40001 (a conflict the store's retry loop
 *       runs again), and unique or primary-key violations SQLState 23505, the codes the other databases use.
 * </ul>
 *
 * <p>Each wrapped connection belongs to one thread at a time, as JDBC connections from a pool do.
 */
final class SqliteConnections {
  private static final Pattern ROW_LOCKS = Pattern.compile("\\s+FOR UPDATE(\\s+SKIP LOCKED)?");
  /** Statements already rewritten: the store's are a fixed set, so this stays small; the cap guards the rest. */
  private static final Map<String, String> REWRITTEN = new ConcurrentHashMap<>();
  private static final int MAX_REWRITTEN = 1_024;
  private static final Set<String> STATEMENT_EXECUTION = Set.of("execute", "executeQuery", "executeUpdate",
      "executeLargeUpdate", "executeBatch", "executeLargeBatch", "addBatch");
  static final String CONFLICT = "40001";
  static final String UNIQUE_VIOLATION = SqlErrors.UNIQUE_VIOLATION;
  /** How long a transaction waits for the others of this process before it counts as a (retried) conflict. */
  private static final long WRITE_LOCK_WAIT_SECONDS = 30;

  private SqliteConnections() {}

  /** {@code dataSource}, its connections adapted as described above. */
  static DataSource adapt(DataSource dataSource) {
    return new AdaptedDataSource(Objects.requireNonNull(dataSource, "dataSource == null"));
  }

  /** The statement as SQLite runs it: row-lock clauses removed. */
  static String rewrite(String sql) {
    // Every statement passes through here: the regular expression took 6% of the reference server's CPU.
    if (sql == null || !sql.contains("FOR UPDATE")) return sql;
    String rewritten = REWRITTEN.get(sql);
    if (rewritten == null) {
      rewritten = ROW_LOCKS.matcher(sql).replaceAll("");
      if (REWRITTEN.size() < MAX_REWRITTEN) REWRITTEN.put(sql, rewritten);
    }
    return rewritten;
  }

  static long toMicros(OffsetDateTime value) {
    Instant instant = value.toInstant();
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  static OffsetDateTime fromMicros(long micros) {
    return OffsetDateTime.ofInstant(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1_000L), ZoneOffset.UTC);
  }

  /**
   * The error the store's callers understand: SQLite reports no SQLState, only its result code, in the message
   * ({@code [SQLITE_BUSY] ...}) and as the vendor code.
   */
  static SQLException translate(SQLException e) {
    if (e.getSQLState() != null || e.getMessage() == null) return e;
    String message = e.getMessage();
    if (message.startsWith("[SQLITE_BUSY") || message.startsWith("[SQLITE_LOCKED")) {
      return new SQLException(message, CONFLICT, e.getErrorCode(), e);
    }
    if (message.startsWith("[SQLITE_CONSTRAINT_PRIMARYKEY]") || message.startsWith("[SQLITE_CONSTRAINT_UNIQUE]")) {
      return new SQLException(message, UNIQUE_VIOLATION, e.getErrorCode(), e);
    }
    // What PostgreSQL reports as an outage (class 53, a read-only transaction, a failed read or write of its files),
    // so the engine keeps a result through it and a webhook asks the carrier to come back, as it does there.
    if (message.startsWith("[SQLITE_FULL")) return new SQLException(message, "53100", e.getErrorCode(), e);
    if (message.startsWith("[SQLITE_NOMEM")) return new SQLException(message, "53200", e.getErrorCode(), e);
    if (message.startsWith("[SQLITE_READONLY")) return new SQLException(message, "25006", e.getErrorCode(), e);
    if (message.startsWith("[SQLITE_IOERR") || message.startsWith("[SQLITE_CANTOPEN")) {
      return new SQLException(message, "58030", e.getErrorCode(), e);
    }
    return e;
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException sql) throw translate(sql);
      throw cause;
    }
  }

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(Proxy.newProxyInstance(SqliteConnections.class.getClassLoader(), new Class<?>[] {type},
        handler));
  }

  /** Hands out adapted connections; everything else goes to the application's DataSource. */
  private static final class AdaptedDataSource implements DataSource {
    private final DataSource delegate;
    /** The database's write transactions as this process shares them. */
    private final Writer writer = new Writer();
    /** The prepared statements of each of the driver's connections, by the connection itself. */
    private final Map<Connection, StatementCache> caches = new IdentityHashMap<>();

    AdaptedDataSource(DataSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return adaptConnection(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return adaptConnection(delegate.getConnection(username, password));
    }

    private Connection adaptConnection(Connection connection) throws SQLException {
      try {
        // Transactions are begun explicitly below; the driver must not hold one of its own open.
        if (!connection.getAutoCommit()) connection.setAutoCommit(true);
      } catch (SQLException e) {
        closeQuietly(connection, e);
        throw translate(e);
      }
      StatementCache cache;
      try {
        cache = cacheOf(connection);
      } catch (SQLException e) {
        closeQuietly(connection, e);
        throw translate(e);
      }
      ConnectionHandler handler = new ConnectionHandler(connection, cache, writer);
      handler.proxy = proxy(Connection.class, handler);
      return handler.proxy;
    }

    /**
     * The statement cache of the driver's connection behind {@code connection}, or null when the pool hands out
     * something that cannot be unwrapped to the driver's own connection (it may then close statements on its own).
     */
    private @Nullable StatementCache cacheOf(Connection connection) throws SQLException {
      Connection physical = connection.isWrapperFor(Connection.class) ? connection.unwrap(Connection.class) : connection;
      if (physical == null || !physical.getClass().getName().startsWith("org.sqlite.")) return null;
      synchronized (caches) {
        StatementCache cache = caches.get(physical);
        if (cache == null) {
          // A new connection: the pool may have closed one it had, whose statements went with it.
          for (Iterator<Connection> it = caches.keySet().iterator(); it.hasNext(); ) {
            if (it.next().isClosed()) it.remove();
          }
          cache = new StatementCache(physical);
          caches.put(physical, cache);
        }
        return cache;
      }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      return iface.isInstance(delegate) ? iface.cast(delegate) : delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
      return iface.isInstance(delegate) || delegate.isWrapperFor(iface);
    }

    private static void closeQuietly(Connection connection, SQLException failure) {
      try {
        connection.close();
      } catch (SQLException e) {
        failure.addSuppressed(e);
      }
    }
  }

  /**
   * The write transactions of one process on one database, committed in groups. A store transaction's work runs in
   * a savepoint of the one SQLite transaction open at the time, on the connection of the transaction's first member,
   * one work at a time (the {@link #turn}). When a work ends and others are queueing for their turn, the transaction
   * stays open for them; the last of the group commits it, once, for all of them. Each member's {@code commit()}
   * returns only after that COMMIT, so what it acknowledged is on disk; if the COMMIT fails, every member's
   * {@code commit()} fails and none of their work is kept. A work that rolls back undoes its savepoint only, and
   * ends the group (the others' work is committed then).
   *
   * <p>The price: a member's {@code commit()} waits for the works after it in its group (at most
   * 31 of them). Work that stalls while holding the turn holds up the commits of the members
   * before it as well as the writers after it, so store work should not wait on anything outside the database.
   *
   * <p>Why: in WAL mode with {@code synchronous=FULL} most of a store transaction's time holding the write lock is
   * its COMMIT (appending the changed pages to the log and the flush), and the transactions of one burst queue
   * behind each other for that lock anyway. Run serially in one transaction they see what they would have seen
   * committed one after the other, and pay for one COMMIT.
   */
  private static final class Writer {
    /** How many works at most share one COMMIT, so the first of them waits a bounded time for it. */
    private static final int MAX_MEMBERS = 32;
    /** How often a work waiting for its group's COMMIT checks that someone is still there to make it. */
    private static final long WAIT_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** Whose work runs now, first come, first served (SQLite's busy handler would let waiters starve). */
    private final Semaphore turn = new Semaphore(1, true);
    /** The transaction under way, if any. Read and written by the holder of the turn only. */
    private @Nullable Group open;

    /** Waits for the turn, then starts a member's work in the open transaction or a new one on {@code own}. */
    Group join(Connection own, @Nullable StatementCache ownStatements) throws SQLException {
      try {
        if (!turn.tryAcquire(WRITE_LOCK_WAIT_SECONDS, TimeUnit.SECONDS)) {
          throw new SQLException("waited " + WRITE_LOCK_WAIT_SECONDS + " s for the other store transactions of this"
              + " process", CONFLICT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while waiting for the database's write lock", e);
      }
      Group group = open;
      try {
        if (group == null) {
          execute(own, "BEGIN IMMEDIATE");
          group = new Group(own, ownStatements);
          open = group;
        }
        execute(group.connection, "SAVEPOINT " + SAVEPOINT);
      } catch (Throwable e) {
        // Whatever went wrong, the turn must not stay taken.
        if (group != null) end(group, e);
        else turn.release();
        throw e;
      }
      return group;
    }

    /**
     * Ends a member's work: keeps it ({@code keep}) or undoes it. Called holding the turn; gives it up. A kept work
     * returns once the transaction is committed, and throws if that failed; so does the member whose connection
     * the transaction runs on, which must not go back to the pool before the transaction ends.
     *
     * @throws SQLException releasing the savepoint failed (the member still holds the turn and should roll back),
     *     or undoing it failed (the whole transaction is rolled back), or the COMMIT failed
     */
    void leave(Group group, Connection own, boolean keep) throws SQLException {
      if (group.ended.getCount() == 0) {
        // Ended already, by a failure that escaped as an unchecked exception: nothing of this work was kept, and
        // its connection may be running someone else's work by now.
        if (keep) throw new SQLException("the transaction of this work has already ended without a commit");
        return;
      }
      if (keep) {
        execute(group.connection, "RELEASE " + SAVEPOINT);
        group.kept++;
      } else {
        try {
          execute(group.connection, "ROLLBACK TO " + SAVEPOINT);
          execute(group.connection, "RELEASE " + SAVEPOINT);
        } catch (Throwable e) {
          end(group, e);
          throw e;
        }
      }
      group.members++;
      // A work that rolled back ends the group: a retry of it (a lost race on a unique key, say) must see the rows
      // the earlier members wrote, which its reads before its first write, on its own connection, see only once
      // they are committed.
      if (keep && group.members < MAX_MEMBERS && turn.hasQueuedThreads()) {
        turn.release();
        awaitEnd(group);
      } else {
        end(group, null);
      }
      SQLException failure = group.failure;
      if (keep && failure != null) {
        // When another member's failure spoiled the transaction, this work did nothing wrong: a conflict, which the
        // store runs again.
        String state = group.spoiled ? CONFLICT : failure.getSQLState();
        throw new SQLException("the transaction this work was committed in failed: " + failure.getMessage(), state,
            failure.getErrorCode(), failure);
      }
    }

    /**
     * Waits until {@code group} is committed or rolled back. Should the turn come free while it is still open (a
     * member queueing for it gave up), ends it here rather than waiting for a member that will not come.
     */
    private void awaitEnd(Group group) {
      boolean interrupted = false;
      try {
        while (true) {
          try {
            if (group.ended.await(WAIT_TICK_NANOS, TimeUnit.NANOSECONDS)) return;
            // The timed form keeps the queue's order: it takes the turn only if no one is waiting for it.
            if (turn.tryAcquire(0, TimeUnit.NANOSECONDS)) {
              if (open == group) {
                end(group, null);
                return;
              }
              turn.release();
            }
          } catch (InterruptedException e) {
            // The work is in the transaction: its caller must learn whether it was committed, so keep waiting.
            interrupted = true;
          }
        }
      } finally {
        if (interrupted) Thread.currentThread().interrupt();
      }
    }

    /**
     * Commits {@code group}, or rolls it back when none of its work was kept or {@code cause} (a failure that
     * spoils it) is given; records a failure for its members, gives up the turn and wakes them.
     */
    private void end(Group group, @Nullable Throwable cause) {
      SQLException failure = null;
      boolean ended = false;
      try {
        if (cause == null && group.kept > 0) execute(group.connection, "COMMIT");
        else execute(group.connection, "ROLLBACK");
        ended = true;
      } catch (SQLException | RuntimeException e) {
        failure = e instanceof SQLException sql ? sql : new SQLException("ending the transaction failed", e);
        if (cause == null && group.kept > 0) {
          // A COMMIT that failed (busy in rollback-journal mode) leaves the transaction open.
          try {
            execute(group.connection, "ROLLBACK");
          } catch (SQLException | RuntimeException rollback) {
            failure.addSuppressed(rollback);
          }
        }
      } finally {
        // Whatever was thrown, the members must be woken, told, and the next writer let in.
        if (cause != null) {
          failure = cause instanceof SQLException sql ? sql : new SQLException(cause);
          group.spoiled = true;
        } else if (failure == null && !ended) {
          failure = new SQLException("ending the transaction failed");
        }
        group.failure = failure;
        open = null;
        turn.release();
        group.ended.countDown();
      }
    }
  }

  private static final String SAVEPOINT = "textback_work";

  /** One SQLite write transaction and the works committed in it. */
  private static final class Group {
    /** The connection of its first member, which it runs on, and that connection's statements. */
    final Connection connection;
    final @Nullable StatementCache statements;
    final CountDownLatch ended = new CountDownLatch(1);
    /** Works that were in it, and how many of them were kept; written by the holder of the turn. */
    int members;
    int kept;
    /** Why it was not committed; read after {@link #ended}. */
    volatile @Nullable SQLException failure;
    /** It was rolled back for a failure of one member, not of its COMMIT. */
    volatile boolean spoiled;

    Group(Connection connection, @Nullable StatementCache statements) {
      this.connection = connection;
      this.statements = statements;
    }
  }

  private static void execute(Connection connection, String command) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(command);
    } catch (SQLException e) {
      throw translate(e);
    }
  }

  /**
   * A connection whose transactions are works in the process's shared write transaction ({@link Writer}), or plain
   * {@code BEGIN} read transactions once set read-only.
   */
  private static final class ConnectionHandler implements InvocationHandler {
    private final Connection connection;
    private final @Nullable StatementCache statements;
    private final Writer writer;
    /** The connection as handed out: what its statements report as theirs. */
    Connection proxy;
    /** What the caller asked for with setAutoCommit(false): every statement runs inside a transaction. */
    private boolean transactional;
    /** A transaction was begun and neither committed nor rolled back yet. */
    private boolean begun;
    /** Transactions are read transactions (setReadOnly(true) on this handle): no write lock. */
    private boolean readOnly;
    /** The write transaction this connection's open work runs in; null for a read transaction. */
    private @Nullable Group group;

    ConnectionHandler(Connection connection, @Nullable StatementCache statements, Writer writer) {
      this.connection = connection;
      this.statements = statements;
      this.writer = writer;
    }

    /** Where statements run now: the shared write transaction's connection while in it, else this one. */
    Connection target() {
      Group g = group;
      return g != null ? g.connection : connection;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "getAutoCommit":
          if (args == null) return !transactional;
          break;
        case "setAutoCommit":
          setAutoCommit((Boolean) args[0]);
          return null;
        case "commit":
          if (args == null) {
            end(true);
            return null;
          }
          break;
        case "rollback":
          if (args == null) {
            end(false);
            return null;
          }
          break;
        case "close":
          close();
          return null;
        case "setReadOnly":
          if (begun) throw new SQLException("setReadOnly inside a transaction");
          readOnly = (Boolean) args[0];
          return null;
        case "isReadOnly":
          return readOnly;
        case "prepareStatement": {
          String sql = rewrite((String) args[0]);
          args[0] = sql;
          beginIfNeeded();
          Connection on = target();
          Group g = group;
          StatementCache cache = g != null ? g.statements : statements;
          if (cache != null && args.length == 1) {
            return proxy(PreparedStatement.class, new StatementHandler(this, on, cache.take(sql), cache, sql));
          }
          return proxy(PreparedStatement.class, new StatementHandler(this, on, call(on, method, args), null, null));
        }
        case "createStatement": {
          beginIfNeeded();
          Connection on = target();
          return proxy(Statement.class, new StatementHandler(this, on, call(on, method, args), null, null));
        }
        case "prepareCall":
        case "setSavepoint":
        case "releaseSavepoint":
          throw new SQLFeatureNotSupportedException(method.getName() + " is not supported on the textback SQLite"
              + " connection");
        case "nativeSQL":
          return rewrite((String) args[0]);
        default:
          break;
      }
      return call(connection, method, args);
    }

    private void setAutoCommit(boolean autoCommit) throws SQLException {
      // JDBC: switching auto-commit on in the middle of a transaction commits it.
      if (autoCommit && begun) end(true);
      transactional = !autoCommit;
    }

    /** Starts the caller's transaction before its first statement, and the next one after each commit. */
    void beginIfNeeded() throws SQLException {
      if (!transactional || begun) return;
      if (readOnly) {
        execute(connection, "BEGIN");
      } else {
        group = writer.join(connection, statements);
      }
      begun = true;
    }

    private void end(boolean keep) throws SQLException {
      String command = keep ? "COMMIT" : "ROLLBACK";
      if (!transactional) throw new SQLException(command + " without a transaction: auto-commit is on");
      if (!begun) return;
      Group g = group;
      if (g == null) {
        try {
          execute(connection, command);
          begun = false;
        } catch (SQLException e) {
          if (!keep) begun = false;
          throw e;
        }
        return;
      }
      try {
        writer.leave(g, connection, keep);
        finished();
      } catch (SQLException | RuntimeException | Error e) {
        // A savepoint that could not be released is still open, and the work still holds the turn: the caller rolls
        // back. Anything else has ended the work.
        if (!keep || g.ended.getCount() == 0) finished();
        throw e;
      }
    }

    private void finished() {
      begun = false;
      group = null;
    }

    private void close() throws SQLException {
      SQLException failure = null;
      if (begun) {
        try {
          end(false);
        } catch (SQLException e) {
          failure = e;
        } finally {
          finished();
        }
      }
      transactional = false;
      try {
        connection.close();
      } catch (SQLException e) {
        if (failure != null) e.addSuppressed(failure);
        throw translate(e);
      }
      if (failure != null) throw failure;
    }
  }

  /**
   * A statement that joins its connection's transaction and stores and reads instants as microseconds. One taken
   * from a {@link StatementCache} goes back to it when closed.
   */
  private static final class StatementHandler implements InvocationHandler {
    private final ConnectionHandler connection;
    /** The connection it was made on. */
    private final Connection on;
    private final Object statement;
    private final @Nullable StatementCache cache;
    private final @Nullable String sql;
    /** The write transaction it was made in, if any: it runs in that one only. */
    private final @Nullable Group madeIn;
    /** The result set it last returned: closed with it, as JDBC closes it, which also resets the statement. */
    private @Nullable ResultSet results;
    /** Only what a later use cannot tell from a new statement was done to it, so it may go back to the cache. */
    private boolean reusable = true;
    private boolean closed;

    StatementHandler(ConnectionHandler connection, Connection on, Object statement, @Nullable StatementCache cache,
        @Nullable String sql) {
      this.connection = connection;
      this.on = on;
      this.statement = statement;
      this.cache = cache;
      this.sql = sql;
      this.madeIn = connection.group;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      if (reusable && !REUSABLE_AFTER.contains(name) && !isParameterSetter(name)) reusable = false;
      if (STATEMENT_EXECUTION.contains(name)) {
        if (args != null && args.length > 0 && args[0] instanceof String sql) args[0] = rewrite(sql);
        connection.beginIfNeeded();
        if (connection.group != madeIn || connection.target() != on) {
          throw new SQLException("statement made outside the transaction it is run in: make it again in the"
              + " transaction");
        }
      } else if (name.equals("setObject") && args[1] instanceof OffsetDateTime time) {
        ((PreparedStatement) statement).setLong((Integer) args[0], toMicros(time));
        return null;
      } else if (name.equals("getConnection") && args == null) {
        return connection.proxy;
      } else if (cache != null && (name.equals("close") || name.equals("isClosed")) && args == null) {
        if (name.equals("isClosed")) return closed;
        if (!closed) {
          closed = true;
          ResultSet rs = results;
          results = null;
          // One closed after its transaction ended may belong to a connection someone else now uses.
          if (reusable && connection.group == madeIn) {
            cache.give(Objects.requireNonNull(sql), (PreparedStatement) statement, rs);
          } else {
            call(statement, method, args);
          }
        }
        return null;
      }
      if (closed) throw new SQLException("statement is closed");
      Object result = call(statement, method, args);
      if (result instanceof ResultSet rs && method.getReturnType() == ResultSet.class) {
        results = rs;
        return proxy(ResultSet.class, new ResultSetHandler(rs));
      }
      return result;
    }
  }

  /**
   * The prepared statements of one of the driver's connections, kept between uses: SQLite compiles a statement
   * when it is prepared, which took about a sixth of a store transaction's time holding the write lock. Used by
   * whoever holds the connection (its borrower, or the works of a group running on it), one at a time. A statement
   * is out of the cache while in use, so the same SQL used twice at once gets a second statement; statements are
   * made on the driver's connection itself, so a pool does not close them when the connection goes back to it.
   */
  private static final class StatementCache {
    /** Distinct statements kept per connection; the store uses a few dozen. */
    private static final int MAX_IDLE = 128;

    private final Connection physical;
    private final LinkedHashMap<String, PreparedStatement> idle = new LinkedHashMap<>(64, 0.75f, true);

    StatementCache(Connection physical) {
      this.physical = physical;
    }

    PreparedStatement take(String sql) throws SQLException {
      PreparedStatement ps = idle.remove(sql);
      if (ps != null && !ps.isClosed()) return ps;
      try {
        return physical.prepareStatement(sql);
      } catch (SQLException e) {
        throw translate(e);
      }
    }

    /** Takes back a statement its user closed, reset and with its parameters cleared. */
    void give(String sql, PreparedStatement ps, @Nullable ResultSet results) throws SQLException {
      try {
        if (results != null) results.close();
        ps.clearParameters();
      } catch (SQLException e) {
        closeQuietly(ps, e);
        throw translate(e);
      }
      PreparedStatement other = idle.put(sql, ps);
      if (other != null && other != ps) closeQuietly(other, null);
      if (idle.size() > MAX_IDLE) {
        Iterator<PreparedStatement> eldest = idle.values().iterator();
        closeQuietly(eldest.next(), null);
        eldest.remove();
      }
    }

    private static void closeQuietly(Statement statement, @Nullable SQLException failure) {
      try {
        statement.close();
      } catch (SQLException e) {
        if (failure != null) failure.addSuppressed(e);
      }
    }
  }

  /**
   * What may be done to a cached statement besides setting parameters: each leaves it, once its result set is
   * closed, as a new one. Anything else (execute(), batches, limits, timeouts) and it is closed instead of kept.
   */
  private static final Set<String> REUSABLE_AFTER = Set.of("executeQuery", "executeUpdate", "executeLargeUpdate",
      "clearParameters", "close", "isClosed", "unwrap", "isWrapperFor", "getConnection", "getMetaData",
      "getParameterMetaData", "getWarnings", "clearWarnings", "hashCode", "equals", "toString");
  /** Setters of a statement's own settings rather than of its parameters. */
  private static final Set<String> STATEMENT_SETTINGS = Set.of("setMaxRows", "setLargeMaxRows", "setQueryTimeout",
      "setFetchSize", "setFetchDirection", "setMaxFieldSize", "setEscapeProcessing", "setCursorName", "setPoolable");

  private static boolean isParameterSetter(String method) {
    return method.startsWith("set") && !STATEMENT_SETTINGS.contains(method);
  }

  /** A result set that reads INTEGER microseconds back as {@link OffsetDateTime}. */
  private record ResultSetHandler(ResultSet rs) implements InvocationHandler {
    // Looked up once: a lookup for every instant read showed in profiles.
    private static final Method GET_OBJECT_BY_LABEL = getObject(String.class);
    private static final Method GET_OBJECT_BY_INDEX = getObject(int.class);

    private static Method getObject(Class<?> column) {
      try {
        return ResultSet.class.getMethod("getObject", column);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getName().equals("getObject") && args != null && args.length == 2
          && args[1] == OffsetDateTime.class) {
        Method plain = method.getParameterTypes()[0] == String.class ? GET_OBJECT_BY_LABEL : GET_OBJECT_BY_INDEX;
        Object value = call(rs, plain, new Object[] {args[0]});
        if (value == null) return null;
        if (value instanceof Long || value instanceof Integer) return fromMicros(((Number) value).longValue());
        throw new SQLException("column " + args[0] + " holds " + value.getClass().getSimpleName()
            + ", not an instant in microseconds: was the row written by something other than textback?");
      }
      return call(rs, method, args);
    }
  }
}
