package dev.textback.jdbc;

import static dev.textback.jdbc.JdbcEngineFixture.AFTERNOON;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.TextBack;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An engine process is killed (SIGKILL) while texts are on their way to the carrier; a new engine on the same
 * PostgreSQL database finishes the job. Every text reaches the carrier, and the only copies sent twice are
 * texts the carrier may already have had when the first engine died, each flagged as a possible duplicate.
 */
class CrashRecoveryOnPostgresTest {
  private static final String SCHEMA = "textback_crash_recovery";
  private static final int TEXTS = 40;
  /** The child is killed once the carrier has seen this many texts: some, not all. */
  private static final int KILL_AFTER = 10;
  private static final Duration ANSWER_DELAY = Duration.ofMillis(300);

  private HikariDataSource pool;
  private SendCounter counter;
  private Process child;
  private final List<String> childOutput = new CopyOnWriteArrayList<>();
  private final CountDownLatch childReady = new CountDownLatch(1);

  static String callId(int i) {
    return "CA-crash-" + i;
  }

  @BeforeEach
  void openDatabaseAndCarrier() throws Exception {
    TestDatabases.recreatePostgresSchema(SCHEMA);
    pool = TestDatabases.pool(TestDatabases.postgresUrl(), SCHEMA, 6);
    new JdbcTextBackStore(pool).migrate();
    counter = new SendCounter(ANSWER_DELAY);
  }

  @AfterEach
  void killChildAndClose() throws Exception {
    if (child != null && child.isAlive()) {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
    if (counter != null) counter.close();
    if (pool != null) pool.close();
  }

  @Test
  void a_new_engine_sends_every_text_a_killed_engine_left_and_flags_the_only_possible_duplicates()
      throws Exception {
    // Both engines read the same shifted clock: a July afternoon, so quiet hours never hold a text back.
    Duration offset = Duration.between(Instant.now(), AFTERNOON);
    Clock clock = Clock.offset(Clock.systemUTC(), offset);

    startChild(offset);
    assertThat(childReady.await(90, TimeUnit.SECONDS)).as("child READY; output: %s", childOutput).isTrue();
    assertThat(counter.awaitDistinctKeys(KILL_AFTER, Duration.ofSeconds(60)))
        .as("carrier saw %d texts from the child; output: %s", KILL_AFTER, childOutput).isTrue();
    child.destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child died").isTrue();
    assertThat(counter.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(30))).as("carrier quiet").isTrue();

    Set<String> seenBeforeKill = new TreeSet<>(counter.counts().keySet());
    Map<String, OutboxEntry> atKill = outbox();
    assertThat(atKill).as("texts the child queued").hasSize(TEXTS);
    Set<String> recordedSent = atKill.values().stream().filter(e -> e.status() == OutboxStatus.SENT)
        .map(OutboxEntry::id).collect(Collectors.toCollection(TreeSet::new));
    // With the carrier but not recorded as sent: the sends the child may have had accepted when it died.
    Set<String> inFlight = new TreeSet<>(seenBeforeKill);
    inFlight.removeAll(recordedSent);
    assertThat(seenBeforeKill).as("the kill came mid-run").hasSizeGreaterThanOrEqualTo(KILL_AFTER)
        .hasSizeLessThan(TEXTS);
    assertThat(seenBeforeKill).containsAll(recordedSent);
    assertThat(inFlight).as("texts in flight at the kill").isNotEmpty();

    JdbcTextBackStore store = new JdbcTextBackStore(pool);
    try (TextBack recovery = TextBack.builder()
        .businesses(JdbcEngineFixture.businesses())
        .store(store)
        .gateway(new CountingHttpGateway(counter.uri()))
        .clock(clock)
        .instanceId("recovery")
        .build()) {
      // The child's leases run out within CrashChild.LEASE; until then its claimed texts wait.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      for (List<String> pending = TestDatabases.pendingOutboxIds(pool); !pending.isEmpty();
          pending = TestDatabases.pendingOutboxIds(pool)) {
        assertThat(System.nanoTime()).as("recovery finished in time; pending: %s", pending).isLessThan(deadline);
        recovery.runDueWork();
        Thread.sleep(200);
      }
    }

    Map<String, Integer> counts = counter.counts();
    Map<String, OutboxEntry> after = outbox();
    assertThat(after.values()).extracting(OutboxEntry::status).containsOnly(OutboxStatus.SENT);
    assertThat(counts.keySet()).as("every text reached the carrier, nothing else did")
        .containsExactlyInAnyOrderElementsOf(after.keySet());
    for (OutboxEntry entry : after.values()) {
      assertThat(counter.received(entry.id())).allSatisfy(r -> {
        assertThat(r.to()).isEqualTo(entry.to().e164());
        assertThat(r.body()).isEqualTo(JdbcEngineFixture.TEXT_BACK);
      });
    }
    Set<String> duplicates = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> flagged = after.values().stream().filter(OutboxEntry::possibleDuplicate).map(OutboxEntry::id)
        .collect(Collectors.toCollection(TreeSet::new));
    System.out.printf("crash recovery: %d texts; before the kill the carrier saw %d (%d recorded sent, %d in flight);"
        + " after recovery %d sent twice, %d flagged possibleDuplicate%n", TEXTS, seenBeforeKill.size(),
        recordedSent.size(), inFlight.size(), duplicates.size(), flagged.size());

    assertThat(counts.values()).as("copies per text").allSatisfy(n -> assertThat(n).isBetween(1, 2));
    assertThat(flagged).as("texts sent twice are flagged").containsAll(duplicates);
    assertThat(inFlight).as("texts sent twice were in flight at the kill").containsAll(duplicates);
    assertThat(duplicates.size()).isLessThanOrEqualTo(inFlight.size());
    assertThat(recordedSent).as("texts recorded sent before the kill are not sent again")
        .allSatisfy(id -> assertThat(counts.get(id)).isEqualTo(1));
    TestDatabases.assertNoConnectionLeak(pool);
  }

  private void startChild(Duration clockOffset) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    child = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
        TestDatabases.postgresUrl(), SCHEMA, counter.uri().toString(), Integer.toString(TEXTS),
        Long.toString(clockOffset.toMillis()))
        .redirectErrorStream(true)
        .start();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          childOutput.add(line);
          if (line.startsWith(CrashChild.READY)) childReady.countDown();
        }
      } catch (IOException e) {
        childOutput.add("(output closed: " + e + ")");
      }
    }, "crash-child-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Every outbox entry, by id. */
  private Map<String, OutboxEntry> outbox() throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM textback_outbox")) {
      while (rs.next()) ids.add(rs.getString(1));
    }
    JdbcTextBackStore store = new JdbcTextBackStore(pool);
    return ids.stream().collect(Collectors.toMap(id -> id, id -> store.outboxEntry(id).orElseThrow()));
  }
}
