package dev.textback.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The PostgreSQL the tests run on: the private server .ci/pg-start.sh starts (TEXTBACK_TEST_PG_URL, whose user
 * may create databases), a fresh database per test, and the server itself stopped and started again for
 * store-outage tests (its data directory is TEXTBACK_PG_DIR, as for the scripts).
 */
final class TestPostgres {
  static final String URL = System.getenv().getOrDefault("TEXTBACK_TEST_PG_URL",
      "jdbc:postgresql://127.0.0.1:55432/textback_test?user=postgres");
  static final String DATA_DIR = System.getenv().getOrDefault("TEXTBACK_PG_DIR", "/tmp/textback-pg");

  private TestPostgres() {}

  /** A database of its own, dropped on close. */
  record Database(String name, String url) implements AutoCloseable {
    @Override
    public void close() throws SQLException {
      try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
  }

  /**
   * Creates a database whose commits are durable across a PostgreSQL crash whatever the test server's defaults:
   * .ci/pg-start.sh turns {@code synchronous_commit} off for speed, with which an immediate shutdown may drop the
   * last commits a client was told had succeeded. Production servers keep it on.
   */
  static Database createDatabase(String prefix) {
    String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
      s.execute("ALTER DATABASE " + name + " SET synchronous_commit = on");
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL is not reachable at " + URL + ": run `bash .ci/pg-start.sh` first ("
          + e.getMessage() + ")", e);
    }
    return new Database(name, URL.replace("/textback_test", "/" + name));
  }

  /**
   * Stops the server at once, as a crash would ({@code pg_ctl stop -m immediate}: every connection is cut, no
   * checkpoint), keeps it down for {@code downMillis} and starts it again with the options it had; returns how
   * long it refused connections, in milliseconds. As root, pg_ctl runs as the {@code postgres} user, as in
   * .ci/pg-start.sh.
   */
  static long crashAndRestart(long downMillis) throws Exception {
    String dataDir = checkedDataDirectory();
    long start = System.nanoTime();
    pgCtl("-D", dataDir, "-m", "immediate", "-w", "stop");
    Thread.sleep(downMillis);
    // restart on a stopped server starts it with the options recorded in postmaster.opts at its last start. While
    // it was down, its port (inside the kernel's range for outgoing connections) may have been lent to a client
    // socket for a moment: then the start fails to bind, and is tried again once that connection is gone.
    long startBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (int attempt = 1; ; attempt++) {
      String failure = pgCtlTry("-D", dataDir, "-l", dataDir + "/server.log", "-w", "-t", "60", "restart");
      if (failure == null) break;
      assertThat(System.nanoTime()).as("PostgreSQL restarted (attempt %d: %s)", attempt, failure).isLessThan(startBy);
      Thread.sleep(500);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (Connection c = DriverManager.getConnection(URL)) {
        break;
      } catch (SQLException e) {
        assertThat(System.nanoTime()).as("PostgreSQL accepts connections again").isLessThan(deadline);
        Thread.sleep(20);
      }
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  /** TEXTBACK_PG_DIR, once the server at TEXTBACK_TEST_PG_URL confirms it is its data directory. */
  private static String checkedDataDirectory() throws Exception {
    String served;
    try (Connection c = DriverManager.getConnection(URL); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW data_directory")) {
      rs.next();
      served = rs.getString(1);
    }
    Path configured = Path.of(DATA_DIR);
    assertThat(Files.isDirectory(configured) && Files.isSameFile(configured, Path.of(served)))
        .as("TEXTBACK_PG_DIR (%s) is the data directory of the PostgreSQL at TEXTBACK_TEST_PG_URL (%s): this test"
            + " stops and starts that server, so run it on the one .ci/pg-start.sh started", configured, served)
        .isTrue();
    return served;
  }

  private static void pgCtl(String... args) throws Exception {
    String failure = pgCtlTry(args);
    assertThat(failure).as("pg_ctl %s", String.join(" ", args)).isNull();
  }

  /** Runs pg_ctl; null when it succeeded, else what it printed. */
  private static String pgCtlTry(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) command.addAll(List.of("runuser", "-u", "postgres", "--"));
    command.add(pgCtlBinary());
    command.addAll(List.of(args));
    Path log = Files.createTempFile("pg_ctl", ".log");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
      return p.exitValue() == 0 ? null : command + " exited " + p.exitValue() + ": "
          + Files.readString(log, StandardCharsets.UTF_8).strip();
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** pg_ctl on the PATH, or Debian's newest server binaries, as .ci/pg-stop.sh finds it. */
  private static String pgCtlBinary() throws IOException {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, "pg_ctl");
      if (!dir.isEmpty() && Files.isExecutable(candidate)) return candidate.toString();
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        Path newest = versions.map(v -> v.resolve("bin").resolve("pg_ctl")).filter(Files::isExecutable)
            .max(Comparator.comparing(p -> versionOf(p.getParent().getParent().getFileName().toString())))
            .orElse(null);
        if (newest != null) return newest.toString();
      }
    }
    throw new IllegalStateException("pg_ctl not found on the PATH nor under /usr/lib/postgresql/*/bin");
  }

  private static int versionOf(String name) {
    try {
      return Integer.parseInt(name.replaceAll("\\D.*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
