package dev.textback.jdbc;

import java.nio.file.Path;

/** The JDBC store keeps the store contract on SQLite database files. */
class SqliteFileStoreContractJdbcTest extends FileStoreContractJdbcTestBase {
  @Override
  String fileUrl(Path dir, String name) {
    return TestDatabases.sqliteFileUrl(dir, name);
  }
}
