package dev.textback.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.spi.TextBackStore;
import dev.textback.test.TextBackStoreContract;
import java.util.ArrayList;
import java.util.List;

/** The JDBC store keeps the store contract on H2 in memory, each test on a new database. */
class H2MemoryStoreContractJdbcTest extends TextBackStoreContract {
  private final List<HikariDataSource> pools = new ArrayList<>();
  private String url;

  @Override
  protected TextBackStore newStore() {
    url = TestDatabases.newH2MemoryUrl();
    HikariDataSource pool = TestDatabases.pool(url, null, 8);
    pools.add(pool);
    JdbcTextBackStore store = new JdbcTextBackStore(pool);
    store.migrate();
    return store;
  }

  /** Another pool on the same database, as a second engine instance in the same JVM would have. */
  @Override
  protected TextBackStore anotherInstance(TextBackStore store) {
    HikariDataSource pool = TestDatabases.pool(url, null, 8);
    pools.add(pool);
    return JdbcTextBackStore.builder(pool).dialect(JdbcDialect.H2).build();
  }

  @Override
  protected void release(TextBackStore store) {
    store.close();
    if (pools.isEmpty()) return;
    // The first store opened first and is released last, after any second instance.
    HikariDataSource pool = pools.remove(pools.size() - 1);
    TestDatabases.assertNoConnectionLeak(pool);
    pool.close();
  }
}
