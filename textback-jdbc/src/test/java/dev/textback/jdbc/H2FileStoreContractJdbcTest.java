package dev.textback.jdbc;

import java.nio.file.Path;

/** The JDBC store keeps the store contract on H2 database files. */
class H2FileStoreContractJdbcTest extends FileStoreContractJdbcTestBase {
  @Override
  String fileUrl(Path dir, String name) {
    return TestDatabases.h2FileUrl(dir, name);
  }
}
