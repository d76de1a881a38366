package dev.textback.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.spi.TextBackStore;
import dev.textback.test.TextBackStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The JDBC store keeps the store contract on a real PostgreSQL server (see {@link TestDatabases#requirePostgres}):
 * the schema is created once by {@link JdbcTextBackStore#migrate()}, and emptied before each test.
 */
class PostgresStoreContractJdbcTest extends TextBackStoreContract {
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
  protected TextBackStore newStore() throws Exception {
    TestDatabases.truncateAll(pool, JdbcDialect.POSTGRESQL);
    return new JdbcTextBackStore(pool);
  }

  /** A store on its own pool, as another engine process would have. */
  @Override
  protected TextBackStore anotherInstance(TextBackStore store) {
    return new JdbcTextBackStore(secondPool);
  }

  @Override
  protected void release(TextBackStore store) {
    store.close();
    TestDatabases.assertNoConnectionLeak(pool);
    TestDatabases.assertNoConnectionLeak(secondPool);
  }
}
