package dev.textback.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Reply routing and escalations shared by two engines on one SQLite file. */
class RoutingOnTwoEnginesOnOneSqliteFileTest extends RoutingOnTwoEnginesTestBase {
  @TempDir
  Path dir;

  @Override
  void createDatabase() {
    // The first connection creates the file.
  }

  @Override
  HikariDataSource pool(int size) {
    return TestDatabases.pool(TestDatabases.sqliteFileUrl(dir, "textback"), null, size);
  }
}
