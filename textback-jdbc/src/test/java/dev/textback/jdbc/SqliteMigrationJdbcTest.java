package dev.textback.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Schema migration on a new SQLite database file. */
class SqliteMigrationJdbcTest extends MigrationJdbcTestBase {
  @TempDir
  Path dir;

  private HikariDataSource pool;

  @Override
  HikariDataSource emptyDatabase() {
    if (pool == null) pool = track(TestDatabases.pool(TestDatabases.sqliteFileUrl(dir, "textback"), null, 8));
    return pool;
  }

  @Override
  JdbcDialect dialect() {
    return JdbcDialect.SQLITE;
  }
}
