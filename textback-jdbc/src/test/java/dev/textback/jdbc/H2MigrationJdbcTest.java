package dev.textback.jdbc;

import com.zaxxer.hikari.HikariDataSource;

/** Schema migration on a new H2 in-memory database. */
class H2MigrationJdbcTest extends MigrationJdbcTestBase {
  private HikariDataSource pool;

  @Override
  HikariDataSource emptyDatabase() {
    if (pool == null) pool = track(TestDatabases.pool(TestDatabases.newH2MemoryUrl(), null, 8));
    return pool;
  }

  @Override
  JdbcDialect dialect() {
    return JdbcDialect.H2;
  }
}
