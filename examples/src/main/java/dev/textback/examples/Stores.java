package dev.textback.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.textback.jdbc.JdbcTextBackStore;
import dev.textback.spi.TextBackStore;
import dev.textback.store.InMemoryTextBackStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the store TEXTBACK_STORE names, with a connection pool for SQL stores, and migrates its schema. */
final class Stores {
  private static final Logger log = LoggerFactory.getLogger(Stores.class);

  private Stores() {}

  /** An open store and whatever must be closed with it. */
  record Opened(TextBackStore store, AutoCloseable resources) implements AutoCloseable {
    @Override
    public void close() {
      try {
        store.close();
        if (resources != null) resources.close();
      } catch (Exception e) {
        log.warn("closing the store failed", e);
      }
    }
  }

  static Opened open(String setting) {
    if (setting.equals("memory")) {
      log.warn("TEXTBACK_STORE=memory: opt-outs and pending texts are lost when the server stops");
      return new Opened(new InMemoryTextBackStore(), null);
    }
    if (setting.startsWith("jdbc:h2:file:")) {
      String path = setting.substring("jdbc:h2:file:".length()).split(";", 2)[0];
      try {
        Path parent = Path.of(path).toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
      } catch (Exception e) {
        throw new ConfigException("TEXTBACK_STORE: cannot create the directory for " + path + ": " + e.getMessage());
      }
    }
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(setting);
    pool.setPoolName("textback");
    pool.setMaximumPoolSize(10);
    pool.setInitializationFailTimeout(10_000);
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(pool);
    } catch (RuntimeException e) {
      throw new ConfigException("TEXTBACK_STORE: cannot connect to " + describe(setting) + ": " + rootMessage(e));
    }
    try {
      JdbcTextBackStore store = new JdbcTextBackStore(dataSource);
      store.migrate();
      return new Opened(store, dataSource);
    } catch (RuntimeException e) {
      dataSource.close();
      throw new ConfigException("TEXTBACK_STORE: schema migration failed: " + rootMessage(e));
    }
  }

  /** The store setting without credentials, for logs. */
  static String describe(String setting) {
    return setting.replaceAll("(?i)(password|user)=[^&;]*", "$1=***");
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) t = t.getCause();
    return t.getMessage();
  }
}
