package dev.textback.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engines in one process, each with its own store and pool, on one SQLite file: the sharing the SQLite store
 * supports. Their transactions meet at SQLite's file lock, as they would across processes on one host.
 */
class TwoEnginesOnOneSqliteFileTest extends TwoEnginesTestBase {
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
