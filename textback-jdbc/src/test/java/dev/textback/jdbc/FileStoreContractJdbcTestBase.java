package dev.textback.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.spi.TextBackStore;
import dev.textback.test.TextBackStoreContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDBC store keeps the store contract on database files, each test on a new file; the second instance is
 * another pool on the same file, as a second engine in the same process would open it.
 */
abstract class FileStoreContractJdbcTestBase extends TextBackStoreContract {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  @TempDir
  static Path dir;

  private final List<HikariDataSource> pools = new ArrayList<>();
  private String url;

  /** The JDBC URL of a new database file {@code name} in {@code dir}. */
  abstract String fileUrl(Path dir, String name);

  @Override
  protected TextBackStore newStore() {
    url = fileUrl(dir, "textback-" + DATABASES.incrementAndGet());
    HikariDataSource pool = TestDatabases.pool(url, null, 8);
    pools.add(pool);
    JdbcTextBackStore store = new JdbcTextBackStore(pool);
    store.migrate();
    return store;
  }

  @Override
  protected TextBackStore anotherInstance(TextBackStore store) {
    HikariDataSource pool = TestDatabases.pool(url, null, 8);
    pools.add(pool);
    return new JdbcTextBackStore(pool);
  }

  @Override
  protected void release(TextBackStore store) {
    store.close();
    if (pools.isEmpty()) return;
    HikariDataSource pool = pools.remove(pools.size() - 1);
    TestDatabases.assertNoConnectionLeak(pool);
    pool.close();
  }
}
