package dev.textback.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;

/** Claims next to row-locking transactions on H2. */
class H2RowLockingJdbcTest extends RowLockingJdbcTestBase {
  private HikariDataSource pool;

  @Override
  HikariDataSource pool() {
    if (pool == null) {
      pool = TestDatabases.pool(TestDatabases.newH2MemoryUrl(), null, 4);
      new JdbcTextBackStore(pool).migrate();
    }
    return pool;
  }

  @AfterEach
  void closePool() {
    if (pool != null) pool.close();
  }
}
