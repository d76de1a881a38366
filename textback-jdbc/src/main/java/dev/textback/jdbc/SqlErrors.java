package dev.textback.jdbc;

import dev.textback.TextBackException;
import dev.textback.spi.DuplicateKeyException;
import dev.textback.spi.StoreUnavailableException;
import java.sql.SQLException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Sorts SQL errors into what a transaction retry can cure and what it cannot. */
final class SqlErrors {
  static final String UNIQUE_VIOLATION = "23505";

  /**
   * PostgreSQL's states of a server that cannot do the work now but may soon: shutting down, crashed, starting up
   * (57P01-57P03), a statement cancelled (57014: {@code statement_timeout}, or the driver's query timeout), and a
   * read-only transaction (25006: still connected to a primary demoted in a failover, or to a standby), and a failed
   * read or write of the database's files (58030). Class 53, insufficient resources (disk full, out of memory, too
   * many connections), is checked by its prefix.
   */
  private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "57014", "25006", "58030");

  /**
   * Conflicts with concurrent transactions: serialization failure, deadlock (PostgreSQL 40P01, H2 reports 40001),
   * lock timeout (PostgreSQL 55P03 with {@code lock_timeout} set, H2 HYT00) and H2 concurrent update.
   */
  private static final Set<String> CONFLICT_STATES = Set.of("40001", "40P01", "55P03", "HYT00", "90131");

  private SqlErrors() {}

  static boolean isUniqueViolation(SQLException e) {
    return hasState(e, Set.of(UNIQUE_VIOLATION));
  }

  /**
   * The database went away or cannot do the work now: SQLState class 08 (connection exception), class 53
   * (insufficient resources), the states in {@link #UNAVAILABLE_STATES}, and the JDBC exception types for a lost
   * connection. Another attempt may succeed once it is back.
   */
  static boolean isUnavailable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLRecoverableException
          || t instanceof java.sql.SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException) {
        String state = ((SQLException) t).getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("53") || UNAVAILABLE_STATES.contains(state))) {
          return true;
        }
      }
      if (t.getCause() == t) break;
    }
    return false;
  }

  static boolean isConflict(SQLException e) {
    return hasState(e, CONFLICT_STATES);
  }

  /** The exception a store operation throws for {@code e}: retriable ones keep a type the retry loop knows. */
  static RuntimeException translate(SQLException e, String operation) {
    if (isUniqueViolation(e)) return new DuplicateKeyException(operation + ": unique key already taken", e);
    if (isConflict(e)) return new TransactionConflictException(operation + ": conflict with a concurrent transaction", e);
    if (isUnavailable(e)) return new StoreUnavailableException(operation + ": the database is unavailable (SQLState "
        + e.getSQLState() + ")", e);
    return new TextBackException(operation + " failed (SQLState " + e.getSQLState() + ")", e);
  }

  private static boolean hasState(SQLException e, Set<String> states) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException) {
        for (SQLException s = (SQLException) t; s != null; s = s.getNextException()) {
          if (s.getSQLState() != null && states.contains(s.getSQLState())) return true;
        }
      }
      if (t.getCause() == t) break;
    }
    return false;
  }

  /** A transaction lost a race with another one; running it again is expected to succeed. */
  static final class TransactionConflictException extends TextBackException {
    TransactionConflictException(String message, @Nullable Throwable cause) {
      super(message, cause);
    }
  }
}
