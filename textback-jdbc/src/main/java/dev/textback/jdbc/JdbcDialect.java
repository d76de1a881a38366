package dev.textback.jdbc;

import dev.textback.TextBackException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The databases {@link JdbcTextBackStore} speaks. Each has its own schema scripts on the classpath under
 * {@link #scriptLocation()}, named the way Flyway expects ({@code V1__textback.sql}, ...).
 */
public enum JdbcDialect {
  /** PostgreSQL 12 or later. */
  POSTGRESQL("postgresql"),
  /** H2 2.x in its regular mode (file, memory or server). */
  H2("h2"),
  /**
   * SQLite 3.37 or later through the xerial {@code sqlite-jdbc} driver: one file, the embedded database that
   * survives a killed process. Store transactions run one at a time ({@code BEGIN IMMEDIATE}); see
   * {@link JdbcTextBackStore} for the connection settings it needs.
   */
  SQLITE("sqlite");

  private final String folder;

  JdbcDialect(String folder) {
    this.folder = folder;
  }

  /**
   * Classpath folder of this dialect's schema scripts, e.g. {@code dev/textback/jdbc/postgresql}; prefix it with
   * {@code classpath:} for Flyway's {@code locations}.
   */
  public String scriptLocation() {
    return "dev/textback/jdbc/" + folder;
  }

  /** The schema scripts in version order, as file names inside {@link #scriptLocation()}. */
  public List<String> scripts() {
    return List.of("V1__textback.sql", "V2__pending_call.sql", "V3__routing.sql",
        "V4__early_receipts_inbound_replies_claims.sql", "V5__hot_path_indexes.sql",
        "V6__call_backs.sql");
  }

  /**
   * Recognises the database behind {@code dataSource} from its metadata.
   *
   * @throws TextBackException when the database cannot be reached or is not one of the supported ones
   */
  public static JdbcDialect detect(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource == null");
    try (Connection connection = dataSource.getConnection()) {
      return detect(connection.getMetaData());
    } catch (SQLException e) {
      throw new TextBackException("cannot read the database metadata to pick a dialect", e);
    }
  }

  /**
   * Recognises the database from its product name.
   *
   * @throws TextBackException when it is not one of the supported databases
   */
  public static JdbcDialect detect(DatabaseMetaData metaData) throws SQLException {
    String product = metaData.getDatabaseProductName();
    String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (name.contains("postgresql")) return POSTGRESQL;
    if (name.equals("h2")) return H2;
    if (name.equals("sqlite")) return SQLITE;
    throw new TextBackException("unsupported database '" + product + "': textback-jdbc supports PostgreSQL, SQLite and H2;"
        + " pass a dialect explicitly only if the database speaks one of them");
  }
}
