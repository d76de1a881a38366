package dev.textback.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.textback.jdbc.JdbcTextBackStore;
import dev.textback.spi.TextBackStore;
import dev.textback.store.InMemoryTextBackStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the store TEXTBACK_STORE names, with a connection pool for SQL stores, and migrates its schema. */
final class Stores {
  private static final Logger log = LoggerFactory.getLogger(Stores.class);
  private static final String SQLITE = "jdbc:sqlite:";
  /**
   * What a SQLite URL gets unless it says otherwise: the settings that make an acknowledged commit survive a crash
   * (the write-ahead log, flushed at each commit) and keep the log file small.
   */
  static final Map<String, String> SQLITE_SETTINGS = sqliteSettings();
  /** The file of the server's former default store, H2 at {@code jdbc:h2:file:./data/textback}. */
  static final Path FORMER_DEFAULT_FILE = Path.of("data", "textback.mv.db");

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
    String url = setting;
    if (setting.startsWith(SQLITE)) {
      if (setting.equals(Settings.DEFAULT_STORE)) refuseToHideFormerDefault(Path.of(""));
      url = withSqliteSettings(setting);
      sqliteFile(url).ifPresent(Stores::createParentDirectory);
    }
    if (setting.startsWith("jdbc:h2:file:")) {
      createParentDirectory(setting.substring("jdbc:h2:file:".length()).split(";", 2)[0]);
    }
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(url);
    pool.setPoolName("textback");
    pool.setMaximumPoolSize(10);
    // A webhook waits for a connection at most this long, so that with the database down it answers within the
    // carriers' time limits (Twilio's 15 s) and the carrier asks again; Hikari's default is 30 s.
    pool.setConnectionTimeout(3_000);
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

  /**
   * A SQLite URL with {@link #SQLITE_SETTINGS} added for each setting it does not name, so that a bare
   * {@code jdbc:sqlite:/var/lib/textback/textback.db} keeps the default's crash guarantees.
   */
  static String withSqliteSettings(String url) {
    int query = url.indexOf('?');
    String given = query < 0 ? "" : url.substring(query + 1);
    Set<String> named = new HashSet<>();
    for (String pair : given.split("&")) {
      if (!pair.isEmpty()) named.add(pair.split("=", 2)[0].toLowerCase(Locale.ROOT));
    }
    StringBuilder result = new StringBuilder(url);
    char separator = query < 0 ? '?' : '&';
    for (Map.Entry<String, String> setting : SQLITE_SETTINGS.entrySet()) {
      if (named.contains(setting.getKey())) continue;
      if (result.charAt(result.length() - 1) != '?') result.append(separator);
      result.append(setting.getKey()).append('=').append(setting.getValue());
      separator = '&';
    }
    return result.toString();
  }

  private static Map<String, String> sqliteSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String pair : Settings.DEFAULT_STORE.substring(Settings.DEFAULT_STORE.indexOf('?') + 1).split("&")) {
      String[] kv = pair.split("=", 2);
      settings.put(kv[0], kv[1]);
    }
    return Collections.unmodifiableMap(settings);
  }

  /** The database file a SQLite URL names; empty for an in-memory database. */
  static Optional<String> sqliteFile(String url) {
    String path = url.substring(SQLITE.length()).split("\\?", 2)[0];
    if (path.startsWith("file:")) path = path.substring("file:".length());
    if (path.isEmpty() || path.startsWith(":memory:") || path.contains("mode=memory")) return Optional.empty();
    return Optional.of(path);
  }

  /**
   * Stops the server from starting on a new, empty default store next to the file of the former default (H2),
   * which would leave every opt-out and pending text in the old file unseen.
   */
  static void refuseToHideFormerDefault(Path workingDirectory) {
    Path former = workingDirectory.resolve(FORMER_DEFAULT_FILE);
    if (Files.exists(former)) {
      throw new ConfigException("TEXTBACK_STORE: not set, and " + former + " holds the data of the former default"
          + " store (H2). The default is now the SQLite file ./data/textback.db, which keeps acknowledged calls"
          + " through a crash. To keep using the H2 file, set TEXTBACK_STORE=jdbc:h2:file:./data/textback;LOCK_TIMEOUT="
          + "10000 (it can lose the last calls it acknowledged when the process is killed); to start on SQLite, move"
          + " " + former + " away");
    }
  }

  private static void createParentDirectory(String path) {
    try {
      Path parent = Path.of(path).toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
    } catch (Exception e) {
      throw new ConfigException("TEXTBACK_STORE: cannot create the directory for " + path + ": " + e.getMessage());
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
