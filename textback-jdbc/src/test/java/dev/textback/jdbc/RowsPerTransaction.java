package dev.textback.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * A DataSource that counts the rows each transaction changed (the sum of its update counts), so a test can see how
 * much one commit carried. A transaction ends with {@code commit()}, {@code rollback()} or a {@code COMMIT} /
 * {@code ROLLBACK} statement (how the SQLite store ends its transactions). Thread-safe enough for one store used
 * from one thread at a time.
 */
final class RowsPerTransaction {
  private final List<Integer> committed = new ArrayList<>();
  private final DataSource dataSource;

  RowsPerTransaction(DataSource target) {
    this.dataSource = JdbcProxies.proxy(DataSource.class, (p, m, a) -> {
      Object result = JdbcProxies.call(target, m, a);
      return result instanceof Connection c ? connection(c) : result;
    });
  }

  DataSource dataSource() {
    return dataSource;
  }

  /** Rows changed by each transaction committed since the last {@link #clear()}, in order. */
  synchronized List<Integer> committed() {
    return List.copyOf(committed);
  }

  synchronized void clear() {
    committed.clear();
  }

  private synchronized void ended(boolean commit, int rows) {
    if (commit && rows > 0) committed.add(rows);
  }

  private Connection connection(Connection target) {
    int[] rows = {0};
    return JdbcProxies.proxy(Connection.class, (p, m, a) -> {
      switch (m.getName()) {
        case "commit" -> {
          Object r = JdbcProxies.call(target, m, a);
          ended(true, rows[0]);
          rows[0] = 0;
          return r;
        }
        case "rollback" -> {
          if (a == null) rows[0] = 0;
          return JdbcProxies.call(target, m, a);
        }
        case "prepareStatement", "createStatement" -> {
          Statement s = (Statement) JdbcProxies.call(target, m, a);
          String sql = a != null && a.length > 0 && a[0] instanceof String text ? text : null;
          return statement(s, sql, rows);
        }
        default -> {
          return JdbcProxies.call(target, m, a);
        }
      }
    });
  }

  private Statement statement(Statement target, String preparedSql, int[] rows) {
    Class<? extends Statement> type = target instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
    return JdbcProxies.proxy(type, (p, m, a) -> {
      String sql = a != null && a.length > 0 && a[0] instanceof String text ? text : preparedSql;
      Object r = JdbcProxies.call(target, m, a);
      if (m.getName().equals("executeUpdate") || m.getName().equals("executeLargeUpdate")) {
        rows[0] += ((Number) r).intValue();
      } else if (m.getName().equals("execute") && sql != null) {
        String command = sql.strip().toUpperCase(Locale.ROOT);
        if (command.equals("COMMIT")) {
          ended(true, rows[0]);
          rows[0] = 0;
        } else if (command.equals("ROLLBACK")) {
          rows[0] = 0;
        }
      }
      return r;
    });
  }
}
