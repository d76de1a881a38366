package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.textback.jdbc.JdbcDialect;
import dev.textback.jdbc.JdbcTextBackStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TEXTBACK_STORE as the server reads and opens it: by default a SQLite file set up to survive a crash. */
class StoresTest {
  @TempDir
  Path dir;

  private static Settings settings(Map<String, String> env, String... args) {
    Map<String, String> all = new LinkedHashMap<>(env);
    all.putIfAbsent("TEXTBACK_CONFIG", "businesses.json");
    return Settings.from(all, args);
  }

  /** The SQLite settings in force on the store's connections: journal mode, synchronous level, busy timeout. */
  private static String pragmas(Stores.Opened opened) throws Exception {
    DataSource pool = (DataSource) opened.resources();
    StringBuilder found = new StringBuilder();
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      for (String pragma : new String[] {"journal_mode", "synchronous", "busy_timeout", "journal_size_limit"}) {
        try (ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
          rs.next();
          found.append(pragma).append('=').append(rs.getString(1)).append(' ');
        }
      }
    }
    return found.toString().strip();
  }

  @Test
  void the_default_store_is_a_sqlite_file_whose_commits_are_flushed_to_a_write_ahead_log() {
    Settings settings = settings(Map.of());

    assertThat(settings.store()).isEqualTo(Settings.DEFAULT_STORE)
        .startsWith("jdbc:sqlite:./data/textback.db?")
        .contains("journal_mode=WAL", "synchronous=FULL", "busy_timeout=30000");
  }

  @Test
  void the_demo_keeps_a_fresh_h2_database_in_memory() {
    Settings settings = Settings.from(Map.of(), new String[] {"--demo"});

    assertThat(settings.store()).startsWith("jdbc:h2:mem:textback-demo-");
  }

  @Test
  void accepts_sqlite_postgresql_and_h2_urls_and_names_them_when_refusing_another() {
    for (String url : new String[] {"jdbc:sqlite:/var/lib/textback/textback.db", "jdbc:postgresql://db/textback",
        "jdbc:h2:file:./data/textback"}) {
      assertThat(settings(Map.of("TEXTBACK_STORE", url)).store()).isEqualTo(url);
    }
    assertThatThrownBy(() -> settings(Map.of("TEXTBACK_STORE", "jdbc:mysql://db/textback")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("TEXTBACK_STORE: must be 'memory', a jdbc:sqlite: URL, a jdbc:postgresql: URL or a jdbc:h2: URL");
  }

  @Test
  void opens_a_sqlite_file_in_a_new_directory_with_the_crash_safe_settings() throws Exception {
    Path file = dir.resolve("var/textback/textback.db");

    try (Stores.Opened opened = Stores.open("jdbc:sqlite:" + file)) {
      assertThat(file).isRegularFile();
      assertThat(((JdbcTextBackStore) opened.store()).dialect()).isEqualTo(JdbcDialect.SQLITE);
      assertThat(opened.store().claimDue("t", java.time.Instant.now(), java.time.Duration.ofMinutes(1), 1,
          dev.textback.spi.ClaimScope.carriers("twilio")))
          .as("schema in place").isEmpty();
      // synchronous 2 is FULL: every commit is flushed to disk before the server answers.
      assertThat(pragmas(opened))
          .isEqualTo("journal_mode=wal synchronous=2 busy_timeout=30000 journal_size_limit=16777216");
    }
  }

  @Test
  void a_sqlite_url_keeps_the_settings_it_names_itself() throws Exception {
    Path file = dir.resolve("textback.db");

    try (Stores.Opened opened = Stores.open("jdbc:sqlite:" + file + "?synchronous=NORMAL&busy_timeout=5000")) {
      assertThat(pragmas(opened))
          .isEqualTo("journal_mode=wal synchronous=1 busy_timeout=5000 journal_size_limit=16777216");
    }
  }

  @Test
  void fills_in_each_missing_sqlite_setting_once() {
    assertThat(Stores.withSqliteSettings("jdbc:sqlite:/data/t.db"))
        .isEqualTo("jdbc:sqlite:/data/t.db?journal_mode=WAL&synchronous=FULL&busy_timeout=30000"
            + "&journal_size_limit=16777216");
    assertThat(Stores.withSqliteSettings("jdbc:sqlite:/data/t.db?SYNCHRONOUS=EXTRA&journal_mode=WAL"))
        .isEqualTo("jdbc:sqlite:/data/t.db?SYNCHRONOUS=EXTRA&journal_mode=WAL&busy_timeout=30000"
            + "&journal_size_limit=16777216");
    assertThat(Stores.withSqliteSettings(Settings.DEFAULT_STORE)).isEqualTo(Settings.DEFAULT_STORE);
  }

  @Test
  void refuses_a_new_default_store_beside_the_file_of_the_former_h2_default() throws Exception {
    assertThatCode(() -> Stores.refuseToHideFormerDefault(dir)).doesNotThrowAnyException();
    Files.createDirectories(dir.resolve("data"));
    Files.write(dir.resolve("data/textback.mv.db"), new byte[] {1});

    assertThatThrownBy(() -> Stores.refuseToHideFormerDefault(dir)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("TEXTBACK_STORE: not set, and " + dir.resolve("data/textback.mv.db"))
        .hasMessageContaining("TEXTBACK_STORE=jdbc:h2:file:./data/textback;LOCK_TIMEOUT=10000");
  }
}
