package dev.textback.jdbc;

import dev.textback.TextBackException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the dialect's schema scripts that the database has not seen yet, recording each in
 * {@code textback_schema_version}. Concurrent migrations (several instances starting at once) serialise on a
 * database lock and the later ones find nothing left to do.
 */
final class SchemaMigrator {
  private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);
  private static final Pattern SCRIPT_NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");
  /** Key of the PostgreSQL advisory lock that migrations take ("textback" in ASCII, as a number). */
  private static final long ADVISORY_LOCK_KEY = 0x7465787462616368L;
  /** How long an H2 migration waits for another one to finish (H2 reports each lock timeout separately). */
  private static final long H2_LOCK_WAIT_MILLIS = 120_000;

  private static final String CREATE_VERSION_TABLE = "CREATE TABLE IF NOT EXISTS textback_schema_version ("
      + " version INTEGER NOT NULL,"
      + " description VARCHAR(200) NOT NULL,"
      + " script VARCHAR(200) NOT NULL,"
      + " checksum BIGINT NOT NULL,"
      + " installed_at TIMESTAMP WITH TIME ZONE NOT NULL,"
      + " CONSTRAINT textback_schema_version_pk PRIMARY KEY (version))";

  /**
   * H2 only: how many statements of a script not yet recorded as applied have been, and whether one was running
   * when the migration stopped. H2 commits each DDL statement on its own, so a migration that stops part-way (killed,
   * or a statement that timed out waiting for a lock) leaves the statements before it in place; the next migration
   * goes on from there instead of failing on the first.
   */
  private static final String CREATE_PROGRESS_TABLE = "CREATE TABLE IF NOT EXISTS textback_schema_progress ("
      + " version INTEGER NOT NULL,"
      + " statements_done INTEGER NOT NULL,"
      + " running BOOLEAN NOT NULL,"
      + " CONSTRAINT textback_schema_progress_pk PRIMARY KEY (version))";

  /**
   * What H2 answers when a statement's work is already done (table, index, column or constraint already there, or
   * already gone): how a statement shows that a migration killed while it ran had applied it.
   */
  private static final Set<String> ALREADY_DONE_STATES = Set.of(
      "42S01", "42S11", "42S21", "90045", "42S02", "42S12", "42S22", "90057");

  private final DataSource dataSource;
  private final JdbcDialect dialect;

  SchemaMigrator(DataSource dataSource, JdbcDialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  /** Returns the names of the scripts applied now, in order; empty when the schema was current. */
  List<String> migrate() {
    List<Script> scripts = loadScripts();
    try {
      return switch (dialect) {
        case POSTGRESQL -> migratePostgres(scripts);
        case H2 -> migrateH2(scripts);
        case SQLITE -> migrateSqlite(scripts);
      };
    } catch (SQLException e) {
      throw new TextBackException("schema migration failed (SQLState " + e.getSQLState() + ")", e);
    }
  }

  /** PostgreSQL runs DDL in transactions: everything happens in one, under a transaction-scoped advisory lock. */
  private List<String> migratePostgres(List<Script> scripts) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        Sql.first(c, "SELECT pg_advisory_xact_lock(?)", ps -> ps.setLong(1, ADVISORY_LOCK_KEY), rs -> 0);
        List<String> applied = applyMissing(c, scripts, false);
        c.commit();
        return applied;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
  }

  /**
   * SQLite runs DDL in transactions too, and its transactions (begun IMMEDIATE, see {@link SqliteConnections}) hold
   * the database's write lock: concurrent migrations, from any process, wait for each other.
   */
  private List<String> migrateSqlite(List<Script> scripts) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      warnIfSqliteIsNotCrashSafe(c);
      c.setAutoCommit(false);
      try {
        List<String> applied = applyMissing(c, scripts, false);
        c.commit();
        return applied;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /**
   * The settings that decide whether a SQLite commit survives a crash belong to the connection URL, not the store;
   * say so when they are set to lose data.
   */
  private static void warnIfSqliteIsNotCrashSafe(Connection c) throws SQLException {
    String journal = Sql.first(c, "PRAGMA journal_mode", Sql.Binder.NONE, rs -> rs.getString(1)).orElse("?");
    int synchronous = Sql.first(c, "PRAGMA synchronous", Sql.Binder.NONE, rs -> rs.getInt(1)).orElse(-1);
    if (journal.equalsIgnoreCase("off") || journal.equalsIgnoreCase("memory")) {
      log.warn("SQLite journal_mode={}: a crash in the middle of a commit can corrupt the database; use"
          + " journal_mode=WAL", journal);
    }
    if (synchronous >= 0 && synchronous < 2) {
      log.warn("SQLite synchronous={}: commits survive a killed process, but a power failure or operating-system"
          + " crash can lose the last ones{}; use synchronous=FULL", synchronous == 0 ? "OFF" : "NORMAL",
          synchronous == 0 || !journal.equalsIgnoreCase("wal") ? " or corrupt the database" : "");
    }
  }

  /**
   * H2 commits every DDL statement, which would also release a lock held by the same connection. So one
   * connection holds a row lock in {@code textback_schema_lock} while a second one applies the scripts.
   */
  private List<String> migrateH2(List<Script> scripts) throws SQLException {
    try (Connection lock = dataSource.getConnection()) {
      boolean autoCommit = lock.getAutoCommit();
      try {
        lock.setAutoCommit(true);
        execute(lock, "CREATE TABLE IF NOT EXISTS textback_schema_lock (id INTEGER NOT NULL,"
            + " CONSTRAINT textback_schema_lock_pk PRIMARY KEY (id))");
        Sql.insertIfAbsent(lock, dialect, "INSERT INTO textback_schema_lock (id) VALUES (1)", Sql.Binder.NONE);
        lock.setAutoCommit(false);
        acquireH2Lock(lock);
        try (Connection c = dataSource.getConnection()) {
          boolean workAutoCommit = c.getAutoCommit();
          c.setAutoCommit(true);
          try {
            execute(c, CREATE_PROGRESS_TABLE);
            // Its first form (in snapshots before the mark of a running statement) had no such column.
            execute(c, "ALTER TABLE textback_schema_progress ADD COLUMN IF NOT EXISTS running BOOLEAN DEFAULT FALSE"
                + " NOT NULL");
            return applyMissing(c, scripts, true);
          } finally {
            c.setAutoCommit(workAutoCommit);
          }
        }
      } finally {
        rollbackQuietly(lock, null);
        lock.setAutoCommit(autoCommit);
      }
    }
  }

  private static void acquireH2Lock(Connection lock) throws SQLException {
    long deadline = System.currentTimeMillis() + H2_LOCK_WAIT_MILLIS;
    while (true) {
      try {
        Sql.first(lock, "SELECT id FROM textback_schema_lock WHERE id = 1 FOR UPDATE", Sql.Binder.NONE, rs -> 0);
        return;
      } catch (SQLException e) {
        if (!SqlErrors.isConflict(e) || System.currentTimeMillis() > deadline) throw e;
        log.debug("waiting for a concurrent schema migration");
      }
    }
  }

  /**
   * @param resumable whether each statement commits on its own (H2), so progress within a script is recorded and a
   *     script a stopped migration began is taken up after its last recorded statement
   */
  private List<String> applyMissing(Connection c, List<Script> scripts, boolean resumable) throws SQLException {
    execute(c, CREATE_VERSION_TABLE);
    Map<Integer, Long> installed = new HashMap<>();
    for (long[] row : Sql.list(c, "SELECT version, checksum FROM textback_schema_version", Sql.Binder.NONE,
        rs -> new long[] {rs.getInt(1), rs.getLong(2)})) {
      installed.put((int) row[0], row[1]);
    }
    List<String> applied = new ArrayList<>();
    for (Script script : scripts) {
      Long checksum = installed.get(script.version());
      if (checksum != null) {
        if (checksum != script.checksum()) {
          throw new TextBackException("schema script " + script.name() + " differs from the one applied to this"
              + " database (checksum " + checksum + ", now " + script.checksum() + "); scripts must never change once"
              + " released");
        }
        continue;
      }
      List<String> statements = SqlScriptSplitter.split(script.text());
      if (resumable) applyResumably(c, script, statements);
      else for (String statement : statements) execute(c, statement);
      Sql.update(c, "INSERT INTO textback_schema_version (version, description, script, checksum, installed_at)"
          + " VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)", ps -> {
            ps.setInt(1, script.version());
            ps.setString(2, script.description());
            ps.setString(3, script.name());
            ps.setLong(4, script.checksum());
          });
      if (resumable) {
        Sql.update(c, "DELETE FROM textback_schema_progress WHERE version = ?", ps -> ps.setInt(1, script.version()));
      }
      log.info("textback schema: applied {} ({} statements, {})", script.name(), statements.size(), dialect);
      applied.add(script.name());
    }
    return applied;
  }

  /**
   * Runs {@code statements} from the first one not recorded as done, recording each: marked running before it runs,
   * done after, and not running when it fails. A mark left running means the migration was killed while that
   * statement ran: it may have been applied, so an "already there" (or "already gone") from it counts as done. Any
   * other failure, and that answer from any other statement (a table of the same name in the way), is an error.
   */
  private static void applyResumably(Connection c, Script script, List<String> statements) throws SQLException {
    Optional<int[]> recorded = Sql.first(c,
        "SELECT statements_done, running FROM textback_schema_progress WHERE version = ?",
        ps -> ps.setInt(1, script.version()), rs -> new int[] {rs.getInt(1), rs.getBoolean(2) ? 1 : 0});
    int done = recorded.map(r -> r[0]).orElse(0);
    boolean killedWhileRunning = recorded.map(r -> r[1] == 1).orElse(false);
    if (recorded.isEmpty()) {
      Sql.update(c, "INSERT INTO textback_schema_progress (version, statements_done, running) VALUES (?, 0, FALSE)",
          ps -> ps.setInt(1, script.version()));
    } else {
      log.info("textback schema: taking up {} after statement {} of {}, where a migration stopped", script.name(),
          done, statements.size());
    }
    for (int i = done; i < statements.size(); i++) {
      progress(c, script, i, true);
      try {
        execute(c, statements.get(i));
      } catch (SQLException e) {
        if (!(killedWhileRunning && i == done && ALREADY_DONE_STATES.contains(e.getSQLState()))) {
          try {
            progress(c, script, i, false);
          } catch (SQLException unrecorded) {
            e.addSuppressed(unrecorded);
          }
          throw e;
        }
        log.info("textback schema: statement {} of {} was applied by the migration that was stopped ({})", i + 1,
            script.name(), e.getSQLState());
      }
      progress(c, script, i + 1, false);
    }
  }

  private static void progress(Connection c, Script script, int statementsDone, boolean running) throws SQLException {
    Sql.update(c, "UPDATE textback_schema_progress SET statements_done = ?, running = ? WHERE version = ?", ps -> {
      ps.setInt(1, statementsDone);
      ps.setBoolean(2, running);
      ps.setInt(3, script.version());
    });
  }

  private List<Script> loadScripts() {
    List<Script> scripts = new ArrayList<>();
    for (String name : dialect.scripts()) {
      Matcher m = SCRIPT_NAME.matcher(name);
      if (!m.matches()) throw new IllegalStateException("bad schema script name " + name);
      String path = "/" + dialect.scriptLocation() + "/" + name;
      try (InputStream in = JdbcTextBackStore.class.getResourceAsStream(path)) {
        if (in == null) throw new TextBackException("schema script " + path + " is missing from the classpath");
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        scripts.add(new Script(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '), name, text,
            crc.getValue()));
      } catch (IOException e) {
        throw new TextBackException("cannot read schema script " + path, e);
      }
    }
    return scripts;
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void rollbackQuietly(Connection c, @Nullable Throwable failure) {
    try {
      if (!c.getAutoCommit()) c.rollback();
    } catch (SQLException e) {
      if (failure != null) failure.addSuppressed(e);
    }
  }

  private record Script(int version, String description, String name, String text, long checksum) {}
}
