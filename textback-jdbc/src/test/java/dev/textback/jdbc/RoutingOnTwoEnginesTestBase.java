package dev.textback.jdbc;

import static dev.textback.jdbc.JdbcEngineFixture.AFTERNOON;
import static dev.textback.jdbc.JdbcEngineFixture.caller;
import static dev.textback.jdbc.JdbcEngineFixture.missedCall;
import static dev.textback.jdbc.JdbcEngineFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.InboundResult;
import dev.textback.TextBack;
import dev.textback.business.BusinessDirectory;
import dev.textback.phone.PhoneNumber;
import dev.textback.routing.CompositeReplyRouter;
import dev.textback.routing.OwnerSmsEscalationNotifier;
import dev.textback.routing.OwnerSmsForwardRouter;
import dev.textback.spi.Escalation;
import dev.textback.spi.RoutedReply;
import dev.textback.spi.SendRequest;
import dev.textback.test.RecordingSmsGateway;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two engines, each with its own store and pool on one database, both running their dispatchers, share the
 * routing work: every reply reaches the router once, the owner gets one forward per reply and one escalation per
 * waiting conversation. Subclasses supply the database.
 */
abstract class RoutingOnTwoEnginesTestBase {
  private static final int CALLERS = 12;
  private static final PhoneNumber OWNER = PhoneNumber.of("+13035550199");

  private final SteppingClock clock = new SteppingClock(AFTERNOON);
  private final RecordingSmsGateway gateway = RecordingSmsGateway.forCarrier(JdbcEngineFixture.CARRIER);
  private final List<RoutedReply> routed = new CopyOnWriteArrayList<>();
  private final List<Escalation> escalated = new CopyOnWriteArrayList<>();
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
    poolA = pool(4);
    poolB = pool(4);
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
    OwnerSmsEscalationNotifier owner = new OwnerSmsEscalationNotifier();
    return TextBack.builder()
        .businesses(BusinessDirectory.of(JdbcEngineFixture.business(OWNER)))
        .store(store)
        .gateway(gateway)
        .clock(clock)
        .instanceId(instanceId)
        .pollInterval(Duration.ofMillis(25))
        .replyRouter(CompositeReplyRouter.of(routed::add, new OwnerSmsForwardRouter()))
        .escalationNotifier(escalation -> {
          escalated.add(escalation);
          owner.escalate(escalation);
        })
        .build();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private List<String> textsTo(PhoneNumber number) {
    return gateway.sent().stream().filter(r -> r.to().equals(number)).map(SendRequest::body)
        .collect(Collectors.toList());
  }

  @Test
  void replies_owner_forwards_and_escalations_go_out_once_across_two_engines() throws Exception {
    TextBack a = engine("engine-a", storeA);
    TextBack b = engine("engine-b", storeB);
    try {
      a.start();
      b.start();
      for (int i = 0; i < CALLERS; i++) (i % 2 == 0 ? a : b).onCall(missedCall("CA-" + i, caller(i), AFTERNOON));
      for (int i = 0; i < CALLERS; i++) {
        // The carrier delivers each reply twice, once to each engine, at the same moment.
        String id = "SM-" + i;
        String from = caller(i);
        CompletableFuture<InboundResult> toA = CompletableFuture.supplyAsync(
            () -> a.onInbound(text(id, from, "Reply " + id, AFTERNOON)));
        InboundResult toB = b.onInbound(text(id, from, "Reply " + id, AFTERNOON));
        assertThat(List.of(toA.get(30, TimeUnit.SECONDS).action(), toB.action()))
            .containsExactlyInAnyOrder(InboundResult.Action.ROUTED, InboundResult.Action.DUPLICATE);
      }
      await("every reply routed", () -> routed.size() >= CALLERS);
      // The text-backs and the owner forwards go out before the clock jumps 11 minutes: a jump past the lease
      // while a send is still in flight would make its claim lapse, which no real clock does to a quick send.
      assertThat(gateway.awaitSent(2 * CALLERS, Duration.ofSeconds(60))).as("text-backs and forwards sent").isTrue();
      a.runDueWork(); // returns once every send the engine has in flight has been recorded
      b.runDueWork();

      clock.advance(Duration.ofMinutes(11));
      CompletableFuture<Integer> passOfA = CompletableFuture.supplyAsync(a::runDueWork);
      b.runDueWork();
      passOfA.get(60, TimeUnit.SECONDS);
      await("every conversation escalated", () -> escalated.size() >= CALLERS);
      assertThat(gateway.awaitSent(3 * CALLERS, Duration.ofSeconds(60))).as("all texts sent").isTrue();
      a.runDueWork();
      b.runDueWork();
    } finally {
      a.close();
      b.close();
    }

    assertThat(routed).extracting(r -> r.message().body()).as("each reply routed once")
        .containsExactlyInAnyOrderElementsOf(bodies());
    assertThat(routed).extracting(RoutedReply::possibleDuplicate).containsOnly(false);
    assertThat(escalated).extracting(Escalation::lastReply).as("each waiting reply escalated once")
        .containsExactlyInAnyOrderElementsOf(bodies());
    assertThat(escalated).extracting(Escalation::possibleDuplicate).containsOnly(false);
    assertThat(escalated).extracting(Escalation::waited).containsOnly(Duration.ofMinutes(11));

    List<String> toOwner = textsTo(OWNER);
    assertThat(toOwner).filteredOn(t -> t.startsWith("Reply from ")).hasSize(CALLERS);
    assertThat(toOwner).filteredOn(t -> t.startsWith("Summit Heating & Cooling: a caller")).hasSize(CALLERS);
    assertThat(toOwner).hasSize(2 * CALLERS);
    for (int i = 0; i < CALLERS; i++) {
      assertThat(textsTo(PhoneNumber.of(caller(i)))).as("text-backs to caller %d", i).hasSize(1);
    }
    assertThat(TestDatabases.pendingOutboxIds(poolA)).as("nothing left pending").isEmpty();
    TestDatabases.assertNoConnectionLeak(poolA);
    TestDatabases.assertNoConnectionLeak(poolB);
  }

  private static List<String> bodies() {
    return java.util.stream.IntStream.range(0, CALLERS).mapToObj(i -> "Reply SM-" + i).collect(Collectors.toList());
  }
}
