package dev.textback.jdbc;

import com.zaxxer.hikari.HikariDataSource;

/** Schema migration on a new, empty PostgreSQL schema. */
class PostgresMigrationJdbcTest extends MigrationJdbcTestBase {
  private static final String SCHEMA = "textback_migration";
  private HikariDataSource pool;

  @Override
  HikariDataSource emptyDatabase() throws Exception {
    if (pool == null) {
      TestDatabases.recreatePostgresSchema(SCHEMA);
      pool = track(TestDatabases.pool(TestDatabases.postgresUrl(), SCHEMA, 8));
    }
    return pool;
  }

  @Override
  JdbcDialect dialect() {
    return JdbcDialect.POSTGRESQL;
  }
}
