package dev.textback.server;

import dev.textback.demo.TwilioSimulator;
import dev.textback.demo.Demo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.demo.TwilioSimulator.PlacedCall;
import dev.textback.spi.CallRecord;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxStatus;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference server survives {@code kill -9}. The real server {@code main}, in a process of its own, takes
 * signed missed calls from the carrier simulator at a steady rate and is killed with SIGKILL at a random moment,
 * then started again on the same store, {@value #KILLS} times in a row; a last server then runs until nothing is
 * pending. Every call the carrier saw acknowledged (see {@link CallTraffic#acknowledged}) is in the store and
 * was texted exactly once by the carrier's count, except texts that were on their way to the carrier at a kill:
 * those may go twice and are then flagged as possible duplicates. Calls keep coming while the server is down, as
 * they would; those the carrier could not deliver are not acknowledged, and Twilio would take them to the
 * number's fallback URL.
 *
 * <p>Runs on the server's default store (a SQLite file) and on PostgreSQL (the one .ci/pg-start.sh starts, or
 * TEXTBACK_TEST_PG_URL).
 */
class ServerCrashTest {
  private static final int KILLS = 3;
  private static final int CALLS_PER_SECOND = 20;
  /** A round's kill comes at a random moment after this many more calls were acknowledged... */
  private static final int ACKS_BEFORE_KILL = 15;
  /** ... up to this long after that. */
  private static final long KILL_MAX_MILLIS = 2000;
  /** The carrier answers each send after this long, so that sends are in flight when a kill comes. */
  private static final Duration SEND_ANSWER_DELAY = Duration.ofMillis(100);

  @TempDir
  Path dir;

  private TwilioSimulator carrier;
  private ServerProcess server;
  private CallTraffic traffic;
  private TestPostgres.Database database;

  /** One round: when the kill came, and the texts the carrier had that the store did not record as sent. */
  private record Round(int number, long killAfterMillis, int acknowledged, Set<String> inFlight) {}

  @BeforeEach
  void carrier() throws Exception {
    carrier = new TwilioSimulator(new PrintStream(PrintStream.nullOutputStream()));
    carrier.answerSendsAfter(SEND_ANSWER_DELAY);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (traffic != null) traffic.close();
    if (server != null) server.close();
    if (carrier != null) carrier.close();
    if (database != null) database.close();
  }

  @Test
  void on_the_default_file_store_every_acknowledged_call_survives_repeated_kills_and_is_texted_once_or_flagged()
      throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("data").resolve("textback.db");
    survivesKills("SQLite file", url);
    try (StoreView view = new StoreView(url)) {
      assertThat(view.strings("PRAGMA integrity_check")).as("the file after the kills").containsExactly("ok");
    }
  }

  @Test
  void on_postgresql_every_acknowledged_call_survives_repeated_kills_and_is_texted_once_or_flagged()
      throws Exception {
    database = TestPostgres.createDatabase("textback_crash");
    survivesKills("PostgreSQL", database.url());
  }

  private void survivesKills(String storeName, String url) throws Exception {
    server = new ServerProcess(carrier, url, Map.of());
    traffic = new CallTraffic(carrier, server.base(), 0);
    long seed = System.nanoTime();
    Random random = new Random(seed);
    List<Round> rounds = new ArrayList<>();

    server.start();
    traffic.start(CALLS_PER_SECOND);
    for (int r = 1; r <= KILLS; r++) {
      if (r > 1) server.start();
      int before = traffic.acknowledgedSoFar();
      traffic.awaitAcknowledged(before + ACKS_BEFORE_KILL, Duration.ofSeconds(60));
      long killAfter = (long) (random.nextDouble() * KILL_MAX_MILLIS);
      Thread.sleep(killAfter);
      server.kill();
      int acknowledged = traffic.acknowledgedSoFar() - before;
      // Sends are counted on arrival: once the server is dead, the carrier has every text it will get from it.
      Set<String> inFlight = inFlight(url);
      rounds.forEach(earlier -> inFlight.removeAll(earlier.inFlight()));
      rounds.add(new Round(r, killAfter, acknowledged, inFlight));
    }
    traffic.stop();

    int leased;
    try (StoreView view = new StoreView(url)) {
      leased = view.expireLeases();
    }
    server.start();
    try (StoreView view = new StoreView(url)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      for (long pending = view.pending(); pending > 0; pending = view.pending()) {
        assertThat(System.nanoTime()).as("the last server sent everything; %d pending", pending).isLessThan(deadline);
        Thread.sleep(200);
      }
    }
    server.stop();

    List<PlacedCall> calls = traffic.calls();
    Map<String, Long> texts = carrier.sent().stream()
        .collect(Collectors.groupingBy(TwilioSimulator.Sent::to, Collectors.counting()));
    Set<String> inFlightAtAKill = rounds.stream().flatMap(round -> round.inFlight().stream())
        .collect(Collectors.toCollection(TreeSet::new));
    List<String> lost = new ArrayList<>();
    List<String> neverTexted = new ArrayList<>();
    int acknowledged = 0;
    long stored;
    List<OutboxEntry> outbox;
    try (StoreView view = new StoreView(url)) {
      for (PlacedCall call : calls) {
        if (!CallTraffic.acknowledged(call)) continue;
        acknowledged++;
        Optional<CallRecord> record = view.call(call.callSid());
        if (record.isEmpty()) {
          lost.add(call.callSid());
        } else if (record.get().outboxId() == null || !texts.containsKey(call.from())) {
          neverTexted.add(call.callSid());
        }
      }
      stored = view.calls();
      outbox = view.outbox();
    }
    Set<String> duplicates = texts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> flagged = outbox.stream().filter(OutboxEntry::possibleDuplicate).map(e -> e.to().e164())
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> unflagged = new TreeSet<>(duplicates);
    unflagged.removeAll(flagged);

    for (Round round : rounds) {
      System.out.printf("server crash on %s, round %d: killed %d ms after its %dth acknowledgement; %d calls"
          + " acknowledged in the round; %d texts in flight at the kill%n", storeName, round.number(),
          round.killAfterMillis(), ACKS_BEFORE_KILL, round.acknowledged(), round.inFlight().size());
    }
    System.out.printf("server crash on %s (seed %d): %d kills; %d calls placed, %d acknowledged, %d not"
        + " acknowledged; %d calls stored (%d decided but never acknowledged); acknowledged calls lost %d, never"
        + " texted %d; the carrier got %d texts for %d callers, %d callers texted twice or more (%d without the"
        + " possibleDuplicate flag); %d entries flagged, %d texts in flight at a kill, %d leases taken over by the"
        + " last server%n", storeName, seed, KILLS, calls.size(), acknowledged, calls.size() - acknowledged, stored,
        stored - (acknowledged - lost.size()), lost.size(), neverTexted.size(), carrier.sent().size(), texts.size(),
        duplicates.size(), unflagged.size(), flagged.size(), inFlightAtAKill.size(), leased);
    System.out.printf("server crash on %s: calls not acknowledged, by their webhooks' answers (0 = no answer): %s%n",
        storeName, CallTraffic.unacknowledgedByFinalAnswers(calls));

    assertThat(lost).as("acknowledged calls missing from the store").isEmpty();
    assertThat(neverTexted).as("acknowledged calls never texted").isEmpty();
    assertThat(outbox).extracting(OutboxEntry::status).containsOnly(OutboxStatus.SENT);
    assertThat(texts.keySet()).as("every stored text reached the carrier, nothing else did")
        .containsExactlyInAnyOrderElementsOf(outbox.stream().map(e -> e.to().e164()).toList());
    assertThat(flagged).as("callers texted more than once are flagged").containsAll(duplicates);
    assertThat(inFlightAtAKill).as("callers texted more than once had a text in flight at a kill")
        .containsAll(duplicates);
  }

  /** Callers the carrier has a text for that the store does not record as sent: the sends in flight. */
  private Set<String> inFlight(String url) throws Exception {
    Set<String> seen = carrier.sent().stream().map(TwilioSimulator.Sent::to)
        .collect(Collectors.toCollection(TreeSet::new));
    try (StoreView view = new StoreView(url)) {
      view.outbox().stream().filter(e -> e.status() == OutboxStatus.SENT).map(e -> e.to().e164())
          .forEach(seen::remove);
    }
    return seen;
  }
}
