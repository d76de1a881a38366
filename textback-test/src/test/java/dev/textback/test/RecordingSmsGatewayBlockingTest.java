package dev.textback.test;

import dev.textback.spi.SendException;
import dev.textback.phone.CarrierId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.spi.RetriableSendException;
import dev.textback.spi.SendReceipt;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordingSmsGatewayBlockingTest {
  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void blocked_send_is_recorded_as_an_attempt_but_not_sent_until_released() throws Exception {
    RecordingSmsGateway gateway = new RecordingSmsGateway();
    gateway.blockSends();

    Future<SendReceipt> send = pool.submit(() -> gateway.send(RecordingSmsGatewayTest.request("k1", "hello")));

    assertThat(gateway.awaitAttempts(1, Duration.ofSeconds(10))).isTrue();
    assertThat(send.isDone()).isFalse();
    assertThat(gateway.sent()).isEmpty();

    gateway.release();

    assertThat(send.get(10, TimeUnit.SECONDS).messageId()).isEqualTo("rec-1");
    assertThat(gateway.sent()).hasSize(1);
  }

  @Test
  void release_lets_a_held_send_throw_its_queued_failure() throws Exception {
    RecordingSmsGateway gateway = new RecordingSmsGateway();
    RetriableSendException outage = SendException.builder(CarrierId.of("recording"), "503").httpStatus(503).possiblyAccepted();
    gateway.failNext(outage);
    gateway.blockSends();

    Future<SendReceipt> send = pool.submit(() -> gateway.send(RecordingSmsGatewayTest.request("k1", "hello")));
    assertThat(gateway.awaitAttempts(1, Duration.ofSeconds(10))).isTrue();
    assertThat(send.isDone()).isFalse();

    gateway.release();

    try {
      send.get(10, TimeUnit.SECONDS);
      throw new AssertionError("expected the queued failure");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isSameAs(outage);
    }
  }

  @Test
  void interrupted_held_send_fails_retriably() throws Exception {
    RecordingSmsGateway gateway = new RecordingSmsGateway();
    gateway.blockSends();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread sender = new Thread(() -> {
      try {
        gateway.send(RecordingSmsGatewayTest.request("k1", "hello"));
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    sender.start();
    assertThat(gateway.awaitAttempts(1, Duration.ofSeconds(10))).isTrue();

    sender.interrupt();
    sender.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(sender.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(RetriableSendException.class);
    assertThat(gateway.sent()).isEmpty();
    gateway.release();
  }
}
