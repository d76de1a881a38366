package dev.textback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.phone.PhoneNumber;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationStatus;
import dev.textback.spi.ClaimScope;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Store operations next to engine transactions that hold row locks: a dispatcher skips an entry an engine is
 * working on instead of waiting for it and never takes one the engine cancelled; a reply that waited for a
 * conversation to be superseded finds the new one.
 */
abstract class RowLockingJdbcTestBase {
  static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private static final ClaimScope CLAIM = TestDatabases.TWILIO_TEXTS;
  private static final PhoneNumber FROM = PhoneNumber.of("+15550100100");
  private static final PhoneNumber TO = PhoneNumber.of("+15550123401");

  private final ExecutorService engine = Executors.newSingleThreadExecutor();

  abstract HikariDataSource pool() throws Exception;

  @AfterEach
  void stopEngine() {
    engine.shutdownNow();
  }

  static OutboxEntry due(String id, int secondsAgo) {
    return OutboxEntry.builder().id(id).kind(OutboxKind.TEXT_BACK).businessId("biz-1").carrier("twilio").from(FROM)
        .to(TO).body("text " + id).createdAt(NOW.minusSeconds(600)).dueAt(NOW.minusSeconds(secondsAgo))
        .status(OutboxStatus.PENDING).build();
  }

  private static Conversation conversation(String id, String callId, Instant openedAt) {
    return Conversation.builder().id(id).businessId("biz-1").businessNumber(FROM).caller(TO).carrier("twilio")
        .callId(callId).openedAt(openedAt).status(ConversationStatus.OPEN).lastActivityAt(openedAt).build();
  }

  @Test
  void a_dispatcher_skips_an_entry_an_engine_transaction_holds_and_claims_the_rest() throws Exception {
    JdbcTextBackStore store = new JdbcTextBackStore(pool());
    store.inTransaction(tx -> {
      tx.insertOutbox(due("held", 30));
      tx.insertOutbox(due("free", 20));
      return null;
    });
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<Object> holder = engine.submit(() -> store.inTransaction(tx -> {
      tx.lockOutbox("held").orElseThrow();
      locked.countDown();
      await(release);
      return null;
    }));
    assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();

    List<OutboxEntry> claimed = store.claimDue("dispatcher-1", NOW, Duration.ofMinutes(1), 10, CLAIM);

    release.countDown();
    holder.get(30, TimeUnit.SECONDS);
    assertThat(claimed.stream().map(OutboxEntry::id).collect(Collectors.toList())).containsExactly("free");
    assertThat(store.claimDue("dispatcher-1", NOW, Duration.ofMinutes(1), 10, CLAIM)).extracting(OutboxEntry::id)
        .containsExactly("held");
  }

  @Test
  void an_entry_cancelled_by_an_engine_transaction_is_never_claimed() throws Exception {
    JdbcTextBackStore store = new JdbcTextBackStore(pool());
    store.inTransaction(tx -> {
      tx.insertOutbox(due("ob-1", 30));
      return null;
    });
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<Object> canceller = engine.submit(() -> store.inTransaction(tx -> {
      OutboxEntry e = tx.lockPendingTo("biz-1", TO, OutboxKind.TEXT_BACK).get(0);
      tx.updateOutbox(e.finish(OutboxStatus.CANCELED, "caller called back", false));
      locked.countDown();
      await(release);
      return null;
    }));
    assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();

    List<OutboxEntry> whileLocked = store.claimDue("dispatcher-1", NOW, Duration.ofMinutes(1), 10, CLAIM);
    release.countDown();
    canceller.get(30, TimeUnit.SECONDS);
    List<OutboxEntry> afterCommit = store.claimDue("dispatcher-1", NOW, Duration.ofMinutes(1), 10, CLAIM);

    assertThat(whileLocked).isEmpty();
    assertThat(afterCommit).isEmpty();
    assertThat(store.outboxEntry("ob-1").orElseThrow().status()).isEqualTo(OutboxStatus.CANCELED);
  }

  @Test
  void a_reply_waiting_on_a_superseded_conversation_finds_the_one_that_replaced_it() throws Exception {
    assertThat(replyWaitingOnSupersededConversation(List.of())).map(Conversation::id).contains("cv-new");
  }

  @Test
  void a_reply_waiting_on_a_superseded_conversation_finds_the_replacement_not_an_older_live_one() throws Exception {
    // Once the latest conversation is closed, the older one still matches the locking query.
    Conversation older = conversation("cv-older", "CA0", NOW.minusSeconds(7200));
    assertThat(replyWaitingOnSupersededConversation(List.of(older))).map(Conversation::id).contains("cv-new");
  }

  /**
   * A new episode closes the latest conversation ("cv-old") and opens "cv-new" while a reply's transaction asks for
   * the live conversation and has to wait for it; returns what the reply found.
   */
  private Optional<Conversation> replyWaitingOnSupersededConversation(List<Conversation> others) throws Exception {
    JdbcTextBackStore store = new JdbcTextBackStore(pool());
    Conversation old = conversation("cv-old", "CA1", NOW.minusSeconds(3600));
    Conversation replacement = conversation("cv-new", "CA2", NOW);
    store.inTransaction(tx -> {
      others.forEach(tx::insertConversation);
      tx.insertConversation(old);
      return null;
    });
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<Object> newEpisode = engine.submit(() -> store.inTransaction(tx -> {
      tx.updateConversation(tx.lockConversation("cv-old").orElseThrow().withClosed());
      tx.insertConversation(replacement);
      locked.countDown();
      await(release);
      return null;
    }));
    assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
    ExecutorService reply = Executors.newSingleThreadExecutor();
    try {
      Future<Optional<Conversation>> live = reply.submit(
          () -> store.inTransaction(tx -> tx.lockLiveConversation("biz-1", TO)));
      // Give the reply time to block on the closed conversation's lock; it finds the right answer either way.
      Thread.sleep(300);
      release.countDown();
      newEpisode.get(30, TimeUnit.SECONDS);
      return live.get(30, TimeUnit.SECONDS);
    } finally {
      reply.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
