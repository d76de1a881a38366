package dev.textback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.TextBackException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.DatabaseMetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Picking the SQL dialect from the database. */
class JdbcDialectTest {

  private static DatabaseMetaData product(String name) {
    return (DatabaseMetaData) Proxy.newProxyInstance(JdbcDialectTest.class.getClassLoader(),
        new Class<?>[] {DatabaseMetaData.class}, (proxy, method, args) -> {
          if (method.getName().equals("getDatabaseProductName")) return name;
          throw new UnsupportedOperationException(method.getName());
        });
  }

  @Test
  void recognises_postgresql_sqlite_and_h2_by_product_name() throws Exception {
    assertThat(JdbcDialect.detect(product("PostgreSQL"))).isEqualTo(JdbcDialect.POSTGRESQL);
    assertThat(JdbcDialect.detect(product("H2"))).isEqualTo(JdbcDialect.H2);
    assertThat(JdbcDialect.detect(product("SQLite"))).isEqualTo(JdbcDialect.SQLITE);
  }

  @Test
  void refuses_other_databases_naming_the_product() {
    assertThatThrownBy(() -> JdbcDialect.detect(product("MySQL"))).isInstanceOf(TextBackException.class)
        .hasMessageContaining("MySQL").hasMessageContaining("PostgreSQL, SQLite and H2");
  }

  @Test
  void detects_h2_from_a_live_data_source() {
    try (HikariDataSource pool = TestDatabases.pool(TestDatabases.newH2MemoryUrl(), null, 2)) {
      assertThat(new JdbcTextBackStore(pool).dialect()).isEqualTo(JdbcDialect.H2);
    }
  }

  @Test
  void detects_sqlite_from_a_live_data_source(@TempDir Path dir) {
    try (HikariDataSource pool = TestDatabases.pool(TestDatabases.sqliteFileUrl(dir, "textback"), null, 2)) {
      assertThat(new JdbcTextBackStore(pool).dialect()).isEqualTo(JdbcDialect.SQLITE);
    }
  }

  @Test
  void detects_postgresql_from_a_live_data_source() {
    TestDatabases.requirePostgres();
    try (HikariDataSource pool = TestDatabases.pool(TestDatabases.postgresUrl(), null, 2)) {
      assertThat(new JdbcTextBackStore(pool).dialect()).isEqualTo(JdbcDialect.POSTGRESQL);
    }
  }

  @Test
  void script_locations_are_flyway_classpath_folders() {
    assertThat(JdbcDialect.POSTGRESQL.scriptLocation()).isEqualTo("dev/textback/jdbc/postgresql");
    assertThat(JdbcDialect.H2.scriptLocation()).isEqualTo("dev/textback/jdbc/h2");
    assertThat(JdbcDialect.SQLITE.scriptLocation()).isEqualTo("dev/textback/jdbc/sqlite");
  }
}
