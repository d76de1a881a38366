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
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Lets the SQL the store shares with PostgreSQL and H2 run on SQLite (xerial sqlite-jdbc), by wrapping the
 * application's DataSource. Everything SQLite needs differently lives here, so the statements stay one set:
 *
 * <ul>
 *   <li><b>Transactions.</b> {@code setAutoCommit(false)} starts the transaction with {@code BEGIN IMMEDIATE}, which
 *       takes the database's write lock at once (waiting up to the connection's busy timeout). Store transactions
 *       therefore run one at a time, so the {@code SELECT … FOR UPDATE} reads need no row locks: nothing else can
 *       change a row between the read and the write. The driver's own transaction handling is not used because it
 *       issues the next {@code BEGIN} right after every commit, which with IMMEDIATE would take the write lock again
 *       for a connection that sits idle in the pool. Within the process, transactions queue for the write lock in
 *       arrival order: SQLite's own busy handler polls with growing sleeps, so under load one waiter (a dispatcher
 *       recording sends) can lose to a stream of others (webhooks deciding calls) for seconds. On a connection set
 *       {@code setReadOnly(true)} (for this borrowing only; the driver is not told) the transaction is a plain
 *       deferred {@code BEGIN} instead: a read transaction on one snapshot that neither takes nor waits for the write
 *       lock. It is meant for reads only: a write in it would take SQLite's lock without queueing here.
 *   <li><b>SQL.</b> {@code FOR UPDATE} and {@code SKIP LOCKED}, which SQLite does not know, are removed.
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
    return sql == null ? null : ROW_LOCKS.matcher(sql).replaceAll("");
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
    /** The database's write lock as seen from this process, handed out first come, first served. */
    private final Semaphore writeLock = new Semaphore(1, true);

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
      return proxy(Connection.class, new ConnectionHandler(connection, writeLock));
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
   * A connection whose transactions are SQLite {@code BEGIN IMMEDIATE} ... {@code COMMIT} blocks, or plain
   * {@code BEGIN} read transactions once set read-only.
   */
  private static final class ConnectionHandler implements InvocationHandler {
    private final Connection connection;
    private final Semaphore writeLock;
    /** What the caller asked for with setAutoCommit(false): every statement runs inside a transaction. */
    private boolean transactional;
    /** A BEGIN was issued and neither COMMIT nor ROLLBACK yet. */
    private boolean begun;
    /** Transactions are read transactions (setReadOnly(true) on this handle): no write lock. */
    private boolean readOnly;
    /** This connection holds {@link #writeLock}: its open transaction began IMMEDIATE. */
    private boolean holdsWriteLock;

    ConnectionHandler(Connection connection, Semaphore writeLock) {
      this.connection = connection;
      this.writeLock = writeLock;
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
            end("COMMIT");
            return null;
          }
          break;
        case "rollback":
          if (args == null) {
            end("ROLLBACK");
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
        case "prepareStatement":
          args[0] = rewrite((String) args[0]);
          beginIfNeeded();
          return proxy(PreparedStatement.class, new StatementHandler(this, call(connection, method, args)));
        case "createStatement":
          return proxy(Statement.class, new StatementHandler(this, call(connection, method, args)));
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
      if (autoCommit && begun) end("COMMIT");
      transactional = !autoCommit;
    }

    /** Starts the caller's transaction before its first statement, and the next one after each commit. */
    void beginIfNeeded() throws SQLException {
      if (!transactional || begun) return;
      if (readOnly) {
        execute("BEGIN");
        begun = true;
        return;
      }
      try {
        if (!writeLock.tryAcquire(WRITE_LOCK_WAIT_SECONDS, TimeUnit.SECONDS)) {
          throw new SQLException("waited " + WRITE_LOCK_WAIT_SECONDS + " s for the other store transactions of this"
              + " process", CONFLICT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while waiting for the database's write lock", e);
      }
      try {
        execute("BEGIN IMMEDIATE");
      } catch (SQLException | RuntimeException e) {
        writeLock.release();
        throw e;
      }
      begun = true;
      holdsWriteLock = true;
    }

    private void end(String command) throws SQLException {
      if (!transactional) throw new SQLException(command + " without a transaction: auto-commit is on");
      if (!begun) return;
      try {
        execute(command);
        finished();
      } catch (SQLException e) {
        // A COMMIT that failed (busy in rollback-journal mode) leaves the transaction open for a ROLLBACK; after a
        // failed ROLLBACK there is nothing left to end.
        if (command.equals("ROLLBACK")) finished();
        throw e;
      }
    }

    private void finished() {
      begun = false;
      if (holdsWriteLock) {
        holdsWriteLock = false;
        writeLock.release();
      }
    }

    private void close() throws SQLException {
      SQLException failure = null;
      if (begun) {
        try {
          execute("ROLLBACK");
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

    private void execute(String command) throws SQLException {
      try (Statement s = connection.createStatement()) {
        s.execute(command);
      } catch (SQLException e) {
        throw translate(e);
      }
    }
  }

  /** A statement that joins its connection's transaction and stores and reads instants as microseconds. */
  private static final class StatementHandler implements InvocationHandler {
    private final ConnectionHandler connection;
    private final Object statement;

    StatementHandler(ConnectionHandler connection, Object statement) {
      this.connection = connection;
      this.statement = statement;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      if (STATEMENT_EXECUTION.contains(name)) {
        if (args != null && args.length > 0 && args[0] instanceof String sql) args[0] = rewrite(sql);
        connection.beginIfNeeded();
      } else if (name.equals("setObject") && args[1] instanceof OffsetDateTime time) {
        ((PreparedStatement) statement).setLong((Integer) args[0], toMicros(time));
        return null;
      }
      Object result = call(statement, method, args);
      if (result instanceof ResultSet rs && method.getReturnType() == ResultSet.class) {
        return proxy(ResultSet.class, new ResultSetHandler(rs));
      }
      return result;
    }
  }

  /** A result set that reads INTEGER microseconds back as {@link OffsetDateTime}. */
  private record ResultSetHandler(ResultSet rs) implements InvocationHandler {
    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getName().equals("getObject") && args != null && args.length == 2
          && args[1] == OffsetDateTime.class) {
        Object value = call(rs, ResultSet.class.getMethod("getObject", method.getParameterTypes()[0]),
            new Object[] {args[0]});
        if (value == null) return null;
        if (value instanceof Long || value instanceof Integer) return fromMicros(((Number) value).longValue());
        throw new SQLException("column " + args[0] + " holds " + value.getClass().getSimpleName()
            + ", not an instant in microseconds: was the row written by something other than textback?");
      }
      return call(rs, method, args);
    }
  }
}
