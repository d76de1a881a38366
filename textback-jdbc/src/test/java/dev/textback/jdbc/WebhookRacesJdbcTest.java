package dev.textback.jdbc;

import static dev.textback.jdbc.JdbcEngineFixture.AFTERNOON;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.CallDecision;
import dev.textback.InboundResult;
import dev.textback.TextBack;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.DeliveryStatus;
import dev.textback.phone.CarrierId;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.SendReceipt;
import dev.textback.spi.SendRequest;
import dev.textback.spi.SmsGateway;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Webhooks that race the engine's own work on a real database: a delivery report the carrier sends while the
 * dispatcher is still recording the send, and a text redelivered to a second instance while the first is still
 * answering it.
 */
class WebhookRacesJdbcTest {
  private static final CarrierId TWILIO = JdbcEngineFixture.CARRIER;
  private static final int CALLS = 60;
  private static final int TEXTS = 30;

  @TempDir
  Path dir;

  private final Clock clock = Clock.fixed(AFTERNOON, ZoneOffset.UTC);
  private final ExecutorService carrierCallbacks = Executors.newFixedThreadPool(4);
  private final List<HikariDataSource> pools = new ArrayList<>();

  @AfterEach
  void close() {
    carrierCallbacks.shutdownNow();
    pools.forEach(HikariDataSource::close);
  }

  private JdbcTextBackStore store(JdbcDialect dialect) throws Exception {
    if (pools.isEmpty()) {
      pools.add(TestDatabases.freshPool(dialect, dir, "textback_webhook_races", 8));
    } else {
      // A second instance: its own pool on the same database.
      HikariDataSource first = pools.get(0);
      pools.add(TestDatabases.pool(first.getJdbcUrl(), first.getSchema(), 8));
    }
    return new JdbcTextBackStore(pools.get(pools.size() - 1));
  }

  /** A carrier whose status webhook fires, from its own thread, as soon as it has accepted a text. */
  private final class CallsBackAtOnce implements SmsGateway {
    private final AtomicInteger ids = new AtomicInteger();
    private final List<CompletableFuture<Void>> callbacks = new ArrayList<>();
    private volatile TextBack engine;

    @Override
    public CarrierId carrier() {
      return TWILIO;
    }

    @Override
    public SendReceipt send(SendRequest request) {
      String messageId = String.format("SM%032d", ids.incrementAndGet());
      synchronized (callbacks) {
        callbacks.add(CompletableFuture.runAsync(() -> engine.onDeliveryReceipt(
            new DeliveryReceipt(TWILIO, messageId, DeliveryStatus.DELIVERED, null, clock.instant())),
            carrierCallbacks));
      }
      return new SendReceipt(messageId, 1, "queued");
    }

    void awaitCallbacks() throws Exception {
      synchronized (callbacks) {
        CompletableFuture.allOf(callbacks.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(JdbcDialect.class)
  void every_text_is_marked_delivered_however_its_report_races_the_recording_of_the_send(JdbcDialect dialect)
      throws Exception {
    JdbcTextBackStore store = store(dialect);
    CallsBackAtOnce carrier = new CallsBackAtOnce();
    List<String> outboxIds = new ArrayList<>();
    try (TextBack engine = TextBack.builder().businesses(JdbcEngineFixture.businesses()).store(store)
        .gateway(carrier).clock(clock).sendConcurrency(4).build()) {
      carrier.engine = engine;
      for (int i = 0; i < CALLS; i++) {
        CallDecision d = engine.onCall(JdbcEngineFixture.missedCall("CA" + i, JdbcEngineFixture.caller(i),
            clock.instant()));
        outboxIds.add(d.outboxId());
      }
      engine.runDueWork();
      carrier.awaitCallbacks();
    }

    Map<OutboxStatus, Long> statuses = outboxIds.stream()
        .collect(Collectors.groupingBy(id -> store.outboxEntry(id).orElseThrow().status(), Collectors.counting()));
    System.out.printf("reports racing sends on %s: %s%n", dialect, statuses);
    assertThat(statuses).containsExactly(Map.entry(OutboxStatus.DELIVERED, (long) CALLS));
  }

  @ParameterizedTest
  @EnumSource(JdbcDialect.class)
  void a_text_delivered_to_two_instances_at_once_gets_the_same_answer_from_both(JdbcDialect dialect)
      throws Exception {
    JdbcTextBackStore storeA = store(dialect);
    JdbcTextBackStore storeB = store(dialect);
    try (TextBack a = TextBack.builder().businesses(JdbcEngineFixture.businesses()).store(storeA)
            .gateway(new CallsBackAtOnce()).clock(clock).build();
        TextBack b = TextBack.builder().businesses(JdbcEngineFixture.businesses()).store(storeB)
            .gateway(new CallsBackAtOnce()).clock(clock).build()) {
      ExecutorService webhooks = Executors.newFixedThreadPool(2);
      try {
        for (int i = 0; i < TEXTS; i++) {
          var text = JdbcEngineFixture.text("SM-help-" + i, JdbcEngineFixture.caller(i), "HELP", clock.instant());
          CompletableFuture<InboundResult> first = CompletableFuture.supplyAsync(() -> a.onInbound(text), webhooks);
          CompletableFuture<InboundResult> second = CompletableFuture.supplyAsync(() -> b.onInbound(text), webhooks);
          InboundResult one = first.get(60, TimeUnit.SECONDS);
          InboundResult other = second.get(60, TimeUnit.SECONDS);

          assertThat(List.of(one.action(), other.action())).as("text %d", i)
              .containsExactlyInAnyOrder(InboundResult.Action.HELP, InboundResult.Action.DUPLICATE);
          assertThat(one.reply()).as("text %d", i).isPresent().isEqualTo(other.reply());
        }
      } finally {
        webhooks.shutdownNow();
      }
    }
  }
}
