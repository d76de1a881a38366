package dev.textback.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.textback.phone.PhoneNumber;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationStatus;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The in-memory store purges in batches, taking its one lock once per batch, so a transaction that arrives while a
 * large purge runs (a webhook deciding a call) waits for one batch rather than for the whole purge.
 */
class InMemoryPurgeBatchesTest {
  private static final Instant OLD = Instant.parse("2026-01-05T09:00:00Z");
  private static final Instant CUTOFF = Instant.parse("2026-02-01T00:00:00Z");
  private static final int CONVERSATIONS = 3 * InMemoryTextBackStore.PURGE_BATCH;

  private final InMemoryTextBackStore store = new InMemoryTextBackStore();

  private static Conversation idle(int i) {
    return Conversation.builder().id("cv-" + i).businessId("biz-1").businessNumber(PhoneNumber.of("+15550100100"))
        .caller(PhoneNumber.of(String.format("+1212555%04d", i))).carrier("twilio").openedAt(OLD)
        .status(ConversationStatus.OPEN).lastActivityAt(OLD).build();
  }

  private ConversationStatus status(dev.textback.spi.StoreTransaction tx, int i) {
    return tx.lockConversation("cv-" + i).orElseThrow().status();
  }

  @Test
  void a_transaction_that_arrives_during_a_purge_runs_between_two_of_its_batches() throws Exception {
    store.inTransaction(tx -> {
      for (int i = 0; i < CONVERSATIONS; i++) tx.insertConversation(idle(i));
      return null;
    });
    // Line up, in this order, behind a transaction that holds the store: the purge, then a reader.
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder = start(() -> store.inTransaction(tx -> {
      holding.countDown();
      awaitQuietly(release);
      return null;
    }));
    assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
    AtomicReference<Integer> purged = new AtomicReference<>();
    // Closes every conversation (idle since OLD) and deletes nothing (none was active before OLD).
    Thread purge = start(() -> purged.set(store.purge(OLD, CUTOFF)));
    awaitParked(purge);
    AtomicReference<Long> closedSeen = new AtomicReference<>();
    Thread reader = start(() -> closedSeen.set(store.inTransaction(tx -> java.util.stream.IntStream
        .range(0, CONVERSATIONS).filter(i -> status(tx, i) == ConversationStatus.CLOSED).count())));
    awaitParked(reader);

    release.countDown();
    for (Thread t : List.of(holder, purge, reader)) t.join(TimeUnit.SECONDS.toMillis(30));

    // Batches close conversations in the store's own order, so the reader counts: it saw whole batches closed, at
    // least one and not all of them.
    assertThat(closedSeen.get()).as("conversations the reader saw closed")
        .isBetween((long) InMemoryTextBackStore.PURGE_BATCH, (long) CONVERSATIONS - InMemoryTextBackStore.PURGE_BATCH)
        .matches(n -> n % InMemoryTextBackStore.PURGE_BATCH == 0, "a whole number of batches");
    assertThat(purged.get()).isZero();
    for (int i = 0; i < CONVERSATIONS; i++) {
      assertThat(store.conversation("cv-" + i).orElseThrow().status()).isEqualTo(ConversationStatus.CLOSED);
    }
  }

  @Test
  void a_purge_finishes_moving_the_index_rows_that_inserts_left_on_their_way() {
    // Just past the fourth round of the indexes by id and by caller: the table they set aside has hardly started
    // moving, and no insert comes after to move it.
    int n = 4 * RowIndex.RECENT_LIMIT + 1_000;
    store.inTransaction(tx -> {
      for (int i = 0; i < n; i++) {
        tx.insertConversation(Conversation.builder().id("cv-" + i).businessId("biz-1")
            .businessNumber(PhoneNumber.of("+15550100100")).caller(PhoneNumber.of(String.format("+1212%07d", i)))
            .carrier("twilio").openedAt(OLD).status(ConversationStatus.OPEN).lastActivityAt(CUTOFF).build());
      }
      return null;
    });
    assertThat(store.rowsMoving()).as("rows on their way before the purge").isGreaterThan(0);

    assertThat(store.purge(OLD, OLD)).as("rows purged").isZero();

    assertThat(store.rowsMoving()).isZero();
    for (int i = 0; i < n; i += 7) {
      assertThat(store.conversation("cv-" + i)).isPresent();
    }
    java.util.Optional<Conversation> last =
        store.inTransaction(tx -> tx.lockLiveConversation("biz-1", PhoneNumber.of(String.format("+1212%07d", n - 1))));
    assertThat(last.map(Conversation::id)).contains("cv-" + (n - 1));
  }

  private static Thread start(Runnable work) {
    Thread t = new Thread(work, "purge-test");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Waits until {@code t} is parked (here: queued for the store's lock). */
  private static void awaitParked(Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (t.getState() != Thread.State.WAITING) {
      assertThat(System.nanoTime()).as("%s parked in time", t.getName()).isLessThan(deadline);
      Thread.sleep(1);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
