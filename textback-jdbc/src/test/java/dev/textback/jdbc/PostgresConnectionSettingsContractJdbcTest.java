package dev.textback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on PostgreSQL with connections that start outside autocommit mode and at REPEATABLE READ: the
 * store must commit and roll back itself, and run its work at READ COMMITTED, which its locking is written for (at
 * REPEATABLE READ a delivery receipt that waited for the record of its send would not see it).
 */
class PostgresConnectionSettingsContractJdbcTest extends PostgresContractJdbcTestBase {
  private static final String SCHEMA = "textback_contract_settings";
  private static HikariDataSource pool;
  private static HikariDataSource secondPool;

  @BeforeAll
  static void createSchema() throws Exception {
    TestDatabases.recreatePostgresSchema(SCHEMA);
    pool = strict();
    secondPool = strict();
    try (Connection c = pool.getConnection()) {
      assertThat(c.getAutoCommit()).isFalse();
      assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
    }
    new JdbcTextBackStore(pool).migrate();
  }

  private static HikariDataSource strict() {
    HikariConfig config = new HikariConfig();
    // Schema and isolation as startup parameters: a session setting made on a connection outside autocommit mode
    // would be rolled back with the first transaction the pool rolls back.
    String url = TestDatabases.postgresUrl();
    config.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA
        + "&options=" + URLEncoder.encode("-c default_transaction_isolation=repeatable\\ read", StandardCharsets.UTF_8));
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(1);
    config.setAutoCommit(false);
    return new HikariDataSource(config);
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
