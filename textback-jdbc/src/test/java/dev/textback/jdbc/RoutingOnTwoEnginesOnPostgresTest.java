package dev.textback.jdbc;

import com.zaxxer.hikari.HikariDataSource;

/** Reply routing and escalations shared by two engines on one PostgreSQL database. */
class RoutingOnTwoEnginesOnPostgresTest extends RoutingOnTwoEnginesTestBase {
  private static final String SCHEMA = "textback_routing_two_engines";

  @Override
  void createDatabase() throws Exception {
    TestDatabases.recreatePostgresSchema(SCHEMA);
  }

  @Override
  HikariDataSource pool(int size) {
    return TestDatabases.pool(TestDatabases.postgresUrl(), SCHEMA, size);
  }
}
