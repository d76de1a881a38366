package dev.textback.server;

import dev.textback.demo.TwilioSimulator;
import dev.textback.demo.Demo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.demo.TwilioSimulator.Delivery;
import dev.textback.demo.TwilioSimulator.PlacedCall;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL crashes and comes back ({@code pg_ctl stop -m immediate}, {@value #DOWN_MILLIS} ms down, start) in
 * the middle of a burst of signed missed calls to one server process. The server keeps each call's decision
 * going through the outage within its webhook budget and answers 503 past it; the simulator asks again as Twilio
 * does on the URLs that carry {@code #rc=2&rp=5xx,ct}, the console's call-status URL included. Every call
 * answered 2xx is texted exactly once, none is left to Twilio's fallback URL, and the server takes calls again
 * afterwards without being restarted.
 *
 * <p>Before the change the same outage lost calls: the routes answered 200 to a decision that failed and nothing
 * asked again. {@link #without_the_webhook_budget_carrier_retries_or_status_callback_a_database_restart_loses_calls}
 * plays that: no budget, no carrier retries, and no call-status URL in the console. (With the status URL set, the
 * final status callback decides each call whose dial webhook failed, and a restart loses nothing even without the
 * budget: it takes both of a call's webhooks failing.)
 *
 * <p>The outage is a real restart of the test's private PostgreSQL rather than a proxy cutting connections: the
 * server sees what it would in production, its sessions cut mid-transaction (SQLState 08006), refused connections,
 * then "the database system is starting up" (57P03) while it recovers. Needs the PostgreSQL .ci/pg-start.sh
 * starts, with TEXTBACK_PG_DIR its data directory.
 */
class StoreOutageOnPostgresTest {
  private static final int CALLS = 300;
  private static final int CALLS_PER_SECOND = 50;
  /** The database goes down once this many calls of the burst were placed, mid-burst... */
  private static final int OUTAGE_AFTER_CALLS = 100;
  /** ... for this long, plus what its own stop and start take. */
  private static final long DOWN_MILLIS = 2000;
  /** Calls placed before the burst (so that a cold server does not fall behind) and after the outage. */
  private static final int CALLS_AFTER = 20;

  private TwilioSimulator carrier;
  private ServerProcess server;
  private TestPostgres.Database database;
  private final List<CallTraffic> traffics = new ArrayList<>();
  private final ExecutorService background = Executors.newSingleThreadExecutor();

  /** What one run saw. */
  private record Outcome(List<PlacedCall> burst, List<PlacedCall> after, Map<String, Long> texts,
      List<OutboxEntry> outbox, long downMillis, int placedDuringOutage, long connectionsCut) {
    List<PlacedCall> all() {
      List<PlacedCall> all = new ArrayList<>(burst);
      all.addAll(after);
      return all;
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    carrier = new TwilioSimulator(new PrintStream(PrintStream.nullOutputStream()));
    // Twilio's API takes a moment to answer a send, so some sends are under way when the database goes.
    carrier.answerSendsAfter(Duration.ofMillis(100));
    database = TestPostgres.createDatabase("textback_outage");
  }

  @AfterEach
  void tearDown() throws Exception {
    background.shutdownNow();
    traffics.forEach(CallTraffic::close);
    if (server != null) server.close();
    if (carrier != null) carrier.close();
    if (database != null) database.close();
  }

  @Test
  void every_call_answered_2xx_through_a_database_restart_is_texted_once_and_the_server_recovers() throws Exception {
    Outcome run = burstThroughRestart(Map.of());
    List<PlacedCall> all = run.all();
    List<PlacedCall> acknowledged = all.stream().filter(CallTraffic::acknowledged).toList();
    report("with the 5 s webhook budget and Twilio's retries", run);

    assertThat(acknowledged).as("acknowledged calls texted exactly once")
        .allSatisfy(call -> assertThat(run.texts().get(call.from())).as(call.callSid()).isEqualTo(1L));
    assertThat(run.texts().values()).as("texts per caller").containsOnly(1L);
    assertThat(run.outbox()).extracting(OutboxEntry::status).containsOnly(OutboxStatus.SENT);
    assertThat(CallTraffic.unacknowledgedByFinalAnswers(all)).as("calls that would go to Twilio's fallback URL")
        .isEmpty();
    assertThat(run.after()).as("calls after the outage, to the same server process").hasSize(CALLS_AFTER)
        .allMatch(CallTraffic::acknowledged);
  }

  @Test
  void without_the_webhook_budget_carrier_retries_or_status_callback_a_database_restart_loses_calls()
      throws Exception {
    carrier.retryWebhooks(false);
    carrier.callStatusCallbacks(false);
    Outcome run = burstThroughRestart(Map.of("TEXTBACK_WEBHOOK_RETRY_BUDGET", "0"));
    report("with no webhook budget, no carrier retries, no call-status URL", run);
    List<PlacedCall> lost = run.burst().stream().filter(call -> !run.texts().containsKey(call.from())).toList();

    assertThat(lost).as("calls never texted").isNotEmpty();
    assertThat(lost).as("each got a 5xx or no answer on every webhook that could decide it, never a 2xx")
        .noneMatch(CallTraffic::acknowledged);
    assertThat(run.all().stream().filter(CallTraffic::acknowledged))
        .as("acknowledged calls texted exactly once")
        .allSatisfy(call -> assertThat(run.texts().get(call.from())).as(call.callSid()).isEqualTo(1L));
  }

  private Outcome burstThroughRestart(Map<String, String> serverEnv) throws Exception {
    server = new ServerProcess(carrier, database.url(), serverEnv);
    server.start();
    long pid = server.pid();
    CallTraffic warmUp = traffic(CALLS + CALLS_AFTER);
    warmUp.burst(CALLS_AFTER, 10);
    assertThat(warmUp.calls()).as("calls before the burst").allMatch(CallTraffic::acknowledged);
    CallTraffic burst = traffic(0);
    Future<?> placing = background.submit(() -> {
      burst.burst(CALLS, CALLS_PER_SECOND);
      return null;
    });
    while (burst.placedSoFar() < OUTAGE_AFTER_CALLS) Thread.sleep(5);
    int placedBefore = burst.placedSoFar();
    long down = TestPostgres.crashAndRestart(DOWN_MILLIS);
    int placedDuringOutage = burst.placedSoFar() - placedBefore;
    placing.get(120, TimeUnit.SECONDS);

    CallTraffic after = traffic(CALLS);
    after.burst(CALLS_AFTER, 10);
    assertThat(server.isAlive() && server.pid() == pid).as("the same server process throughout").isTrue();

    try (StoreView view = new StoreView(database.url())) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      for (long pending = view.pending(); pending > 0; pending = view.pending()) {
        if (System.nanoTime() - deadline >= 0) {
          // What is left, and what the server said about it, so that a failure here can be explained.
          StringBuilder left = new StringBuilder();
          for (OutboxEntry e : view.pendingEntries()) {
            left.append(String.format("%n  %s due %s, claimed by %s until %s, attempts %d, last error %s",
                e.id(), e.dueAt(), e.leaseOwner(), e.leaseUntil(), e.attempts(), e.lastError()));
            server.warningLines(e.id()).forEach(line -> left.append("\n    ").append(line));
          }
          assertThat(pending).as("texts still pending 60 s after the last call:%s", left).isZero();
        }
        Thread.sleep(200);
      }
      List<OutboxEntry> outbox = view.outbox();
      server.stop();
      Map<String, Long> texts = carrier.sent().stream()
          .collect(Collectors.groupingBy(TwilioSimulator.Sent::to, Collectors.counting()));
      // HikariCP warns of each pooled connection that failed under a statement; the others were found dead when
      // next borrowed, and their borrowers waited for the database to come back.
      return new Outcome(burst.calls(), after.calls(), texts, outbox, down, placedDuringOutage,
          server.warningsContaining("marked as broken"));
    }
  }

  private CallTraffic traffic(int firstCaller) {
    CallTraffic t = new CallTraffic(carrier, server.base(), firstCaller);
    traffics.add(t);
    return t;
  }

  private static void report(String how, Outcome run) {
    List<PlacedCall> burst = run.burst();
    long acknowledged = burst.stream().filter(CallTraffic::acknowledged).count();
    long texted = burst.stream().filter(c -> run.texts().containsKey(c.from())).count();
    long lost = burst.size() - texted;
    List<Delivery> deliveries = burst.stream().flatMap(c -> c.webhooks().stream()).toList();
    long triedAgain = deliveries.stream().filter(d -> d.answers().size() > 1).count();
    long savedByRetry = deliveries.stream().filter(d -> d.answers().size() > 1 && d.acknowledged()).count();
    Set<Integer> finalFailures = deliveries.stream().filter(d -> !d.acknowledged()).map(Delivery::finalAnswer)
        .collect(Collectors.toCollection(TreeSet::new));
    long duplicates = run.texts().values().stream().filter(n -> n > 1).count();
    long flagged = run.outbox().stream().filter(OutboxEntry::possibleDuplicate).count();
    System.out.printf("store outage (%s): PostgreSQL down for %d ms (stop, %d ms, start), %d calls placed"
        + " meanwhile, %d connections cut under a statement; %d calls at %d/s: %d"
        + " acknowledged, %d not (final answers %s), %d texted, %d never texted, %d callers texted twice, %d flagged;"
        + " %d webhooks tried more than once, %d of them answered 2xx in the end; %d of %d calls after the outage"
        + " acknowledged by the same server%n", how, run.downMillis(), DOWN_MILLIS, run.placedDuringOutage(),
        run.connectionsCut(), burst.size(), CALLS_PER_SECOND, acknowledged,
        burst.size() - acknowledged, finalFailures, texted, lost, duplicates, flagged, triedAgain, savedByRetry,
        run.after().stream().filter(CallTraffic::acknowledged).count(), run.after().size());
    System.out.printf("store outage (%s): calls not acknowledged, by their webhooks' answers (0 = no answer): %s%n",
        how, CallTraffic.unacknowledgedByFinalAnswers(run.all()));
  }
}
