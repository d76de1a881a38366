package dev.textback.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Small JDBC helpers: prepared statements with a binder, rows through a mapper. */
final class Sql {
  /** Sets the parameters of a statement. */
  @FunctionalInterface
  interface Binder {
    Binder NONE = ps -> {};

    void bind(PreparedStatement ps) throws SQLException;
  }

  /** Maps the current row; may return null (a row that maps to nothing). */
  @FunctionalInterface
  interface Mapper<T extends @Nullable Object> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Work against one connection inside a transaction the caller manages. */
  @FunctionalInterface
  interface Work<T extends @Nullable Object> {
    T run(Connection connection) throws SQLException;
  }

  private Sql() {}

  static <T extends @Nullable Object> List<T> list(Connection c, String sql, Binder binder, Mapper<T> mapper)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> rows = new ArrayList<>();
        while (rs.next()) rows.add(mapper.map(rs));
        return rows;
      }
    }
  }

  /** The first row, mapped; empty when there is none or the mapper returns null. */
  static <T> Optional<T> first(Connection c, String sql, Binder binder, Mapper<? extends @Nullable T> mapper)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
      }
    }
  }

  /**
   * Runs several statements sent as one ({@code "INSERT …; SELECT …; SELECT …"}, PostgreSQL only: one round trip),
   * in order, and returns the rows of each query, mapped by the mapper of the same position; row counts of other
   * statements are passed over.
   */
  static List<List<?>> lists(Connection c, String sql, Binder binder, List<Mapper<?>> mappers)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      boolean isQuery = ps.execute();
      List<List<?>> results = new ArrayList<>(mappers.size());
      for (Mapper<?> mapper : mappers) {
        while (!isQuery) {
          if (ps.getUpdateCount() == -1) {
            throw new SQLException("expected " + mappers.size() + " result sets, got " + results.size());
          }
          isQuery = ps.getMoreResults();
        }
        try (ResultSet rs = ps.getResultSet()) {
          List<Object> rows = new ArrayList<>();
          while (rs.next()) rows.add(mapper.map(rs));
          results.add(rows);
        }
        isQuery = ps.getMoreResults();
      }
      return results;
    }
  }

  /**
   * Runs an INSERT unless a row with the same unique key exists, without spoiling the transaction: PostgreSQL
   * aborts a transaction on a unique violation, so it gets {@code ON CONFLICT DO NOTHING}; H2 only rolls back the
   * failed statement. A row inserted by a concurrent transaction that has not committed yet makes both wait for
   * its outcome.
   *
   * @return false when the key was already taken
   */
  static boolean insertIfAbsent(Connection c, JdbcDialect dialect, String insertSql, Binder binder)
      throws SQLException {
    if (dialect == JdbcDialect.POSTGRESQL) {
      return update(c, insertSql + " ON CONFLICT DO NOTHING", binder) == 1;
    }
    try {
      return update(c, insertSql, binder) == 1;
    } catch (SQLException e) {
      if (SqlErrors.isUniqueViolation(e)) return false;
      throw e;
    }
  }

  static int update(Connection c, String sql, Binder binder) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      return ps.executeUpdate();
    }
  }
}
