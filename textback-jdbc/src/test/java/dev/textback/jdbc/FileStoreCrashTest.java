package dev.textback.jdbc;

import static dev.textback.jdbc.JdbcEngineFixture.AFTERNOON;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.TextBack;
import dev.textback.spi.CallRecord;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded file store survives {@code kill -9}. Engine processes take missed calls at a steady rate and are
 * killed (SIGKILL) at a random moment, four in a row on the same database file; then a survivor opens the file.
 * Every call a process acknowledged (after {@code onCall} returned, when a server answers the carrier 200) is in
 * the store and reached the carrier exactly once, except texts that were on their way to the carrier at a kill,
 * which may go twice and are then flagged as possible duplicates. The file opens cleanly after every kill.
 *
 * <p>Runs on the default file store, SQLite in WAL mode with {@code synchronous=FULL}. Another store URL can be
 * tried with {@code -Dtextback.filestore.url=...}, {@code {dir}} standing for a fresh directory: with the
 * reference server's former default, {@code jdbc:h2:file:{dir}/textback;LOCK_TIMEOUT=10000}, this test fails.
 */
class FileStoreCrashTest {
  static final String URL_PROPERTY = "textback.filestore.url";
  private static final int ROUNDS = 4;
  private static final int CALLS_PER_SECOND = 100;
  /** Calls of round r are numbered from (r - 1) times this, so every call has a caller of its own. */
  private static final int CALLS_PER_ROUND_BOUND = 1000;
  /** The kill comes at a random moment after the child acknowledged this many calls, however fast the machine. */
  private static final int ACKS_BEFORE_KILL = 20;
  /** ... up to this long after that. */
  private static final long KILL_MAX_MILLIS = 2500;
  /** The carrier answers each send after this long, so sends are in flight when a kill comes. */
  private static final Duration ANSWER_DELAY = Duration.ofMillis(100);

  @TempDir
  Path dir;

  private SendCounter counter;
  private Process child;
  private final List<HikariDataSource> pools = new ArrayList<>();

  static String callId(int i) {
    return "CA-file-crash-" + i;
  }

  /** What one round saw: calls acknowledged, and the carrier's and the store's view right after the kill. */
  private record Round(int number, long killAfterMillis, Set<Integer> acked, int failed, int seenBeforeKill,
      Set<String> inFlight) {}

  @AfterEach
  void killChildAndClose() throws Exception {
    if (child != null && child.isAlive()) {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    if (counter != null) counter.close();
    pools.forEach(HikariDataSource::close);
  }

  private String url() {
    String configured = System.getProperty(URL_PROPERTY);
    return configured == null || configured.isBlank() ? TestDatabases.sqliteFileUrl(dir, "textback")
        : configured.replace("{dir}", dir.toAbsolutePath().toString());
  }

  @Test
  void every_acknowledged_call_survives_repeated_kills_and_is_texted_once_or_flagged() throws Exception {
    String url = url();
    counter = new SendCounter(ANSWER_DELAY);
    // Every process reads the same shifted clock: a July afternoon, so quiet hours never hold a text back.
    Duration offset = Duration.between(Instant.now(), AFTERNOON);
    long seed = System.nanoTime();
    Random random = new Random(seed);

    List<Round> rounds = new ArrayList<>();
    Set<Integer> acked = new TreeSet<>();
    for (int r = 1; r <= ROUNDS; r++) {
      long killAfter = (long) (random.nextDouble() * KILL_MAX_MILLIS);
      Round round = runAndKill(r, url, offset, killAfter);
      rounds.add(round);
      acked.addAll(round.acked());
    }

    HikariDataSource pool = open(url);
    JdbcTextBackStore store = new JdbcTextBackStore(pool);
    assertThat(store.migrate()).as("the schema is there").isEmpty();
    try (TextBack survivor = TextBack.builder()
        .businesses(JdbcEngineFixture.businesses())
        .store(store)
        .gateway(new CountingHttpGateway(counter.uri()))
        .clock(Clock.offset(Clock.systemUTC(), offset))
        .instanceId("survivor")
        .sendConcurrency(16)
        .build()) {
      // The last child's leases run out within FileStoreCrashChild.LEASE; until then its claimed texts wait.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      for (List<String> pending = TestDatabases.pendingOutboxIds(pool); !pending.isEmpty();
          pending = TestDatabases.pendingOutboxIds(pool)) {
        assertThat(System.nanoTime()).as("survivor finished in time; still pending %s", pending)
            .isLessThan(deadline);
        survivor.runDueWork();
        Thread.sleep(100);
      }
    }

    Map<String, Integer> counts = counter.counts();
    Map<String, OutboxEntry> outbox = new HashMap<>();
    for (String id : outboxIds(pool)) outbox.put(id, store.outboxEntry(id).orElseThrow());
    Set<String> inFlightAtAKill = rounds.stream().flatMap(round -> round.inFlight().stream())
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> duplicates = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> flagged = outbox.values().stream().filter(OutboxEntry::possibleDuplicate).map(OutboxEntry::id)
        .collect(Collectors.toCollection(TreeSet::new));
    List<Integer> lost = new ArrayList<>();
    List<Integer> neverTexted = new ArrayList<>();
    for (int i : acked) {
      Optional<CallRecord> call = store.inTransaction(tx -> tx.findCall(JdbcEngineFixture.CARRIER.name(), callId(i)));
      if (call.isEmpty()) {
        lost.add(i);
      } else if (call.get().outboxId() == null || !counts.containsKey(call.get().outboxId())) {
        neverTexted.add(i);
      }
    }
    long stored = countRows(pool, "textback_call");
    long storedUnacknowledged = stored - (acked.size() - lost.size());
    Set<String> unflagged = new TreeSet<>(duplicates);
    unflagged.removeAll(flagged);

    for (Round round : rounds) {
      System.out.printf("file store crash, round %d: killed %d ms after its " + ACKS_BEFORE_KILL
          + "th acknowledgement; %d calls"
          + " acknowledged, %d refused; the carrier had seen %d texts, %d of them not recorded as sent (in flight)%n",
          round.number(), round.killAfterMillis(), round.acked().size(), round.failed(), round.seenBeforeKill(),
          round.inFlight().size());
    }
    System.out.printf("file store crash (%s, seed %d): %d kills; %d calls acknowledged, %d stored (%d decided but"
        + " never acknowledged); acknowledged calls lost %d, never texted %d; the carrier got %d texts, %d of them"
        + " twice or more (%d without the possibleDuplicate flag); %d entries flagged, %d texts were in flight at a"
        + " kill; files %,d bytes%n", url, seed, ROUNDS, acked.size(), stored, storedUnacknowledged, lost.size(),
        neverTexted.size(), counts.size(), duplicates.size(), unflagged.size(), flagged.size(),
        inFlightAtAKill.size(), directorySize());

    assertThat(lost).as("acknowledged calls missing from the store").isEmpty();
    assertThat(neverTexted).as("acknowledged calls never texted").isEmpty();
    assertThat(outbox.values()).extracting(OutboxEntry::status).containsOnly(OutboxStatus.SENT);
    assertThat(counts.keySet()).as("every stored text reached the carrier, nothing else did")
        .containsExactlyInAnyOrderElementsOf(outbox.keySet());
    assertThat(flagged).as("texts sent more than once are flagged").containsAll(duplicates);
    assertThat(inFlightAtAKill).as("texts sent more than once were in flight at a kill").containsAll(duplicates);
    if (url.startsWith("jdbc:sqlite:")) assertThat(integrityCheck(pool)).containsExactly("ok");
    TestDatabases.assertNoConnectionLeak(pool);
  }

  /**
   * Starts a child, lets it take calls until it acknowledged {@link #ACKS_BEFORE_KILL} and {@code killAfter} ms
   * more, kills it and looks at what it left.
   */
  private Round runAndKill(int number, String url, Duration clockOffset, long killAfter) throws Exception {
    Set<Integer> acked = new ConcurrentSkipListSet<>();
    List<String> failed = new CopyOnWriteArrayList<>();
    List<String> output = new CopyOnWriteArrayList<>();
    CountDownLatch ready = new CountDownLatch(1);
    CountDownLatch enoughAcks = new CountDownLatch(ACKS_BEFORE_KILL);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    child = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), FileStoreCrashChild.class.getName(), url,
        counter.uri().toString(), Integer.toString((number - 1) * CALLS_PER_ROUND_BOUND),
        Integer.toString(CALLS_PER_SECOND), Long.toString(clockOffset.toMillis()), "crash-child-" + number)
        .redirectErrorStream(true)
        .start();
    Process running = child;
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(running.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          if (line.startsWith(FileStoreCrashChild.ACK)) {
            acked.add(Integer.parseInt(line.substring(FileStoreCrashChild.ACK.length())));
            enoughAcks.countDown();
          } else if (line.startsWith(FileStoreCrashChild.FAILED)) {
            failed.add(line);
          } else {
            if (line.equals(FileStoreCrashChild.READY)) ready.countDown();
            if (output.size() < 200) output.add(line);
          }
        }
      } catch (IOException e) {
        output.add("(output closed: " + e + ")");
      }
    }, "crash-child-" + number + "-output");
    reader.setDaemon(true);
    reader.start();

    assertThat(ready.await(90, TimeUnit.SECONDS)).as("child %d READY; output: %s", number, output).isTrue();
    assertThat(enoughAcks.await(90, TimeUnit.SECONDS)).as("child %d acknowledged %d calls; output: %s; failures: %s",
        number, ACKS_BEFORE_KILL, output, failed).isTrue();
    Thread.sleep(killAfter);
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child %d died", number).isTrue();
    reader.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(counter.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(30))).as("carrier quiet").isTrue();

    // What the carrier has but the file does not record as sent: the sends in flight at the kill.
    Set<String> seen = new TreeSet<>(counter.counts().keySet());
    Set<String> recordedSent = new TreeSet<>();
    HikariDataSource pool = open(url);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM textback_outbox WHERE status = 'SENT'")) {
      while (rs.next()) recordedSent.add(rs.getString(1));
    } finally {
      pools.remove(pool);
      pool.close();
    }
    Set<String> inFlight = new TreeSet<>(seen);
    inFlight.removeAll(recordedSent);
    return new Round(number, killAfter, Set.copyOf(acked), failed.size(), seen.size(), inFlight);
  }

  private HikariDataSource open(String url) {
    HikariDataSource pool = TestDatabases.pool(url, null, 4);
    pools.add(pool);
    return pool;
  }

  private static List<String> outboxIds(HikariDataSource pool) throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM textback_outbox")) {
      while (rs.next()) ids.add(rs.getString(1));
    }
    return ids;
  }

  private static long countRows(HikariDataSource pool, String table) throws Exception {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> integrityCheck(HikariDataSource pool) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      while (rs.next()) rows.add(rs.getString(1));
    }
    return rows;
  }

  private long directorySize() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
