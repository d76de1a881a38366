package dev.textback.jdbc;

import com.zaxxer.hikari.HikariDataSource;

/** Two engines, as two processes would run them, on one PostgreSQL database. */
class TwoEnginesOnPostgresTest extends TwoEnginesTestBase {
  private static final String SCHEMA = "textback_two_engines";

  @Override
  void createDatabase() throws Exception {
    TestDatabases.recreatePostgresSchema(SCHEMA);
  }

  @Override
  HikariDataSource pool(int size) {
    return TestDatabases.pool(TestDatabases.postgresUrl(), SCHEMA, size);
  }
}
