package dev.textback.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The JDBC store keeps the store contract on a real PostgreSQL server (see {@link TestDatabases#requirePostgres}):
 * the schema is created once by {@link JdbcTextBackStore#migrate()}, and emptied before each test.
 */
class PostgresStoreContractJdbcTest extends PostgresContractJdbcTestBase {
  private static final String SCHEMA = "textback_contract";
  private static HikariDataSource pool;
  private static HikariDataSource secondPool;

  @BeforeAll
  static void createSchema() throws Exception {
    TestDatabases.recreatePostgresSchema(SCHEMA);
    pool = TestDatabases.pool(TestDatabases.postgresUrl(), SCHEMA, 8);
    secondPool = TestDatabases.pool(TestDatabases.postgresUrl(), SCHEMA, 8);
    new JdbcTextBackStore(pool).migrate();
  }

  @AfterAll
  static void closePools() {
    if (pool != null) pool.close();
    if (secondPool != null) secondPool.close();
  }

  @Override
  HikariDataSource pool() {
    return pool;
  }

  @Override
  HikariDataSource secondPool() {
    return secondPool;
  }
}
