package dev.textback.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Claims next to row-locking transactions on PostgreSQL. */
class PostgresRowLockingJdbcTest extends RowLockingJdbcTestBase {
  private static final String SCHEMA = "textback_row_locking";
  private static HikariDataSource pool;

  @BeforeAll
  static void createSchema() throws Exception {
    TestDatabases.recreatePostgresSchema(SCHEMA);
    pool = TestDatabases.pool(TestDatabases.postgresUrl(), SCHEMA, 4);
    new JdbcTextBackStore(pool).migrate();
  }

  @AfterAll
  static void closePool() {
    if (pool != null) pool.close();
  }

  @BeforeEach
  void empty() throws Exception {
    TestDatabases.truncateAll(pool, JdbcDialect.POSTGRESQL);
  }

  @Override
  HikariDataSource pool() {
    return pool;
  }
}
