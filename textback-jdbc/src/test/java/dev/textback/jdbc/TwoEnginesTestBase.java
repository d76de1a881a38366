package dev.textback.jdbc;

import static dev.textback.jdbc.JdbcEngineFixture.AFTERNOON;
import static dev.textback.jdbc.JdbcEngineFixture.BUSINESS_ID;
import static dev.textback.jdbc.JdbcEngineFixture.caller;
import static dev.textback.jdbc.JdbcEngineFixture.missedCall;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.CallDecision;
import dev.textback.TextBack;
import dev.textback.call.CallEvent;
import dev.textback.test.RecordingSmsGateway;
import dev.textback.phone.PhoneNumber;
import dev.textback.policy.Episode;
import dev.textback.rules.Reason;
import dev.textback.spi.SendRequest;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxStatus;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two engines, each with its own store and small connection pool on one database, take the same calls delivered
 * many times over from many threads at once; subclasses supply the database.
 */
abstract class TwoEnginesTestBase {
  private static final int CALLERS = 30;
  private static final int CALLS_PER_CALLER = 3;
  private static final int DELIVERIES_PER_CALL = 3;
  private static final int THREADS = 8;
  private static final int POOL_SIZE = 4;

  private final Clock clock = Clock.fixed(AFTERNOON, ZoneOffset.UTC);
  private final RecordingSmsGateway gateway = RecordingSmsGateway.forCarrier(JdbcEngineFixture.CARRIER);
  private HikariDataSource poolA;
  private HikariDataSource poolB;
  private JdbcTextBackStore storeA;
  private JdbcTextBackStore storeB;

  /** Prepares an empty database; called once per test, before {@link #pool}. */
  abstract void createDatabase() throws Exception;

  /** A new pool of {@code size} connections on the database. */
  abstract HikariDataSource pool(int size);

  @BeforeEach
  void openTwoInstances() throws Exception {
    createDatabase();
    poolA = pool(POOL_SIZE);
    poolB = pool(POOL_SIZE);
    storeA = new JdbcTextBackStore(poolA);
    storeB = new JdbcTextBackStore(poolB);
    storeA.migrate();
    storeB.migrate();
  }

  @AfterEach
  void closePools() {
    if (poolA != null) poolA.close();
    if (poolB != null) poolB.close();
  }

  private TextBack engine(String instanceId, JdbcTextBackStore store) {
    return TextBack.builder()
        .businesses(JdbcEngineFixture.businesses())
        .store(store)
        .gateway(gateway)
        .clock(clock)
        .instanceId(instanceId)
        .build();
  }

  @Test
  void texts_each_episode_once_when_two_engines_take_duplicate_and_overlapping_calls() throws Exception {
    List<CallEvent> deliveries = new ArrayList<>();
    for (int c = 0; c < CALLERS; c++) {
      for (int k = 0; k < CALLS_PER_CALLER; k++) {
        CallEvent call = missedCall("CA-" + c + "-" + k, caller(c), AFTERNOON);
        for (int d = 0; d < DELIVERIES_PER_CALL; d++) deliveries.add(call);
      }
    }
    Random random = new Random(7);
    Collections.shuffle(deliveries, random);
    boolean[] toEngineA = new boolean[deliveries.size()];
    for (int i = 0; i < toEngineA.length; i++) toEngineA[i] = random.nextBoolean();

    Map<String, List<CallDecision>> decisionsByCall = new ConcurrentHashMap<>();
    Set<String> decidingEngines = ConcurrentHashMap.newKeySet();
    TextBack a = engine("engine-a", storeA);
    TextBack b = engine("engine-b", storeB);
    try {
      a.start();
      b.start();
      ExecutorService workers = Executors.newFixedThreadPool(THREADS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int first = t;
        done.add(workers.submit(() -> {
          go.await();
          for (int i = first; i < deliveries.size(); i += THREADS) {
            TextBack engine = toEngineA[i] ? a : b;
            CallEvent call = deliveries.get(i);
            CallDecision decision = engine.onCall(call);
            decisionsByCall.computeIfAbsent(call.callId(), k -> new CopyOnWriteArrayList<>()).add(decision);
            if (!decision.duplicate()) decidingEngines.add(engine == a ? "a" : "b");
            if (i % 20 == 0) engine.runDueWork();
          }
          return null;
        }));
      }
      go.countDown();
      workers.shutdown();
      assertThat(workers.awaitTermination(5, TimeUnit.MINUTES)).as("workers finished").isTrue();
      for (Future<?> f : done) f.get();
      a.runDueWork();
      b.runDueWork();
    } finally {
      a.close();
      b.close();
    }

    // Every delivery got an answer; each call was decided once and its redeliveries got that decision back.
    assertThat(decisionsByCall).hasSize(CALLERS * CALLS_PER_CALLER);
    assertThat(decidingEngines).as("engines that decided calls").containsExactlyInAnyOrder("a", "b");
    assertThat(decisionsByCall.values()).allSatisfy(decisions -> {
      assertThat(decisions).hasSize(DELIVERIES_PER_CALL);
      assertThat(decisions).filteredOn(d -> !d.duplicate()).hasSize(1);
      assertThat(decisions.stream().map(d -> d.reason() + "/" + d.outboxId()).distinct()).hasSize(1);
    });

    // Per caller: one call opened the episode and was texted, the others joined it.
    List<String> queued = new ArrayList<>();
    for (int c = 0; c < CALLERS; c++) {
      List<CallDecision> firsts = new ArrayList<>();
      for (int k = 0; k < CALLS_PER_CALLER; k++) firsts.add(decisionsByCall.get("CA-" + c + "-" + k).get(0));
      assertThat(firsts).as("decisions for caller %d", c).filteredOn(CallDecision::texted).hasSize(1);
      assertThat(firsts).filteredOn(d -> !d.texted()).extracting(CallDecision::reason)
          .containsOnly(Reason.SKIPPED_COOLDOWN).hasSize(CALLS_PER_CALLER - 1);
      firsts.stream().filter(CallDecision::texted).forEach(d -> queued.add(d.outboxId()));
      PhoneNumber number = PhoneNumber.of(caller(c));
      Episode episode = storeA.inTransaction(tx -> tx.lockEpisode(BUSINESS_ID, number)).orElseThrow();
      assertThat(episode.calls()).as("calls in the episode of caller %d", c).isEqualTo(CALLS_PER_CALLER);
    }

    List<SendRequest> sent = gateway.sent();
    Map<String, Long> textsPerCaller = sent.stream()
        .collect(Collectors.groupingBy(r -> r.to().e164(), Collectors.counting()));
    assertThat(textsPerCaller).hasSize(CALLERS);
    assertThat(textsPerCaller.values()).containsOnly(1L);
    assertThat(gateway.attempts()).hasSize(CALLERS);
    Set<String> keys = sent.stream().map(SendRequest::idempotencyKey).collect(Collectors.toSet());
    assertThat(keys).containsExactlyInAnyOrderElementsOf(queued);

    for (String id : queued) {
      OutboxEntry entry = storeB.outboxEntry(id).orElseThrow();
      assertThat(entry.status()).isEqualTo(OutboxStatus.SENT);
      assertThat(entry.possibleDuplicate()).as("flagged as a possible duplicate: %s", id).isFalse();
    }
    assertThat(TestDatabases.pendingOutboxIds(poolA)).as("nothing left pending").isEmpty();
    TestDatabases.assertNoConnectionLeak(poolA);
    TestDatabases.assertNoConnectionLeak(poolB);
  }
}
