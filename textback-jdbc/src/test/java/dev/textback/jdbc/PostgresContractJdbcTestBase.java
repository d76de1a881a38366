package dev.textback.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.spi.TextBackStore;
import dev.textback.test.TextBackStoreContract;

/**
 * The store contract on a PostgreSQL schema, through two pools: one for the store under test, one for the other
 * instance, as another engine process would have. Subclasses make the pools (and their connection settings).
 */
abstract class PostgresContractJdbcTestBase extends TextBackStoreContract {
  abstract HikariDataSource pool();

  abstract HikariDataSource secondPool();

  @Override
  protected TextBackStore newStore() throws Exception {
    TestDatabases.truncateAll(pool(), JdbcDialect.POSTGRESQL);
    return new JdbcTextBackStore(pool());
  }

  @Override
  protected TextBackStore anotherInstance(TextBackStore store) {
    return new JdbcTextBackStore(secondPool());
  }

  @Override
  protected void release(TextBackStore store) {
    store.close();
    TestDatabases.assertNoConnectionLeak(pool());
    TestDatabases.assertNoConnectionLeak(secondPool());
  }
}
