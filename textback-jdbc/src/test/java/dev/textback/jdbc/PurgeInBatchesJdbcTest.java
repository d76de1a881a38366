package dev.textback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.textback.call.CallOutcome;
import dev.textback.phone.PhoneNumber;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.ConversationStatus;
import dev.textback.reply.Direction;
import dev.textback.rules.Reason;
import dev.textback.spi.CallRecord;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retention purge deletes in batches, each its own transaction, so a large purge never holds locks (or, on
 * SQLite, the database's one write lock) for long and never makes one huge commit.
 */
class PurgeInBatchesJdbcTest {
  /** The store's default batch: at most this many rows change in one purge transaction. */
  private static final int BATCH = 1_000;
  private static final Instant OLD = Instant.parse("2026-01-05T09:00:00Z");
  private static final Instant CUTOFF = Instant.parse("2026-02-01T00:00:00Z");
  private static final PhoneNumber BUSINESS_NUMBER = PhoneNumber.of("+15550100100");
  private static final int OUTBOX = 1_500;
  private static final int INBOUND = 1_500;
  private static final int CONVERSATIONS = 600;
  private static final int MESSAGES_EACH = 3;
  private static final int CALLS = 1_200;

  @TempDir
  Path dir;

  private HikariDataSource pool;

  @AfterEach
  void closePool() {
    if (pool != null) pool.close();
  }

  private static PhoneNumber caller(int i) {
    return PhoneNumber.of(String.format("+1212555%04d", i % 10_000));
  }

  private static void fill(JdbcTextBackStore store) {
    store.inTransaction(tx -> {
      for (int i = 0; i < OUTBOX; i++) {
        tx.insertOutbox(OutboxEntry.builder().id("ob-" + i).kind(OutboxKind.TEXT_BACK).businessId("biz-1")
            .carrier("twilio").from(BUSINESS_NUMBER).to(caller(i)).body("Sorry we missed your call").createdAt(OLD)
            .dueAt(OLD).status(OutboxStatus.DELIVERED).sentAt(OLD).build());
      }
      for (int i = 0; i < INBOUND; i++) tx.insertInboundIfNew("twilio", "SM" + i, OLD);
      for (int i = 0; i < CONVERSATIONS; i++) {
        tx.insertConversation(Conversation.builder().id("cv-" + i).businessId("biz-1").businessNumber(BUSINESS_NUMBER)
            .caller(caller(i)).carrier("twilio").openedAt(OLD).status(ConversationStatus.CLOSED).lastActivityAt(OLD)
            .build());
        for (int m = 0; m < MESSAGES_EACH; m++) {
          tx.insertMessage(ConversationMessage.builder().id("msg-" + i + "-" + m).conversationId("cv-" + i)
              .direction(Direction.INBOUND).body("message " + m).at(OLD.plusSeconds(m)).build());
        }
      }
      for (int i = 0; i < CALLS; i++) {
        tx.insertCall(CallRecord.builder().carrier("twilio").callId("CA" + i).businessId("biz-1")
            .dialled(BUSINESS_NUMBER).caller(caller(i)).outcome(CallOutcome.NO_ANSWER).calledAt(OLD)
            .decidedAt(OLD).reason(Reason.TEXT).detail("rang out").build());
      }
      return null;
    });
  }

  @ParameterizedTest
  @EnumSource(JdbcDialect.class)
  void a_large_purge_commits_at_most_a_batch_of_rows_at_a_time_and_removes_everything(JdbcDialect dialect)
      throws Exception {
    pool = TestDatabases.freshPool(dialect, dir, "textback_purge_batches", 4);
    RowsPerTransaction counted = new RowsPerTransaction(pool);
    JdbcTextBackStore store = new JdbcTextBackStore(counted.dataSource());
    fill(store);
    counted.clear();

    int removed = store.purge(CUTOFF, CUTOFF.minus(Duration.ofDays(7)));

    List<Integer> transactions = counted.committed();
    System.out.printf("purge on %s: %,d rows in %d transactions, at most %,d rows in one%n", dialect, removed,
        transactions.size(), transactions.stream().mapToInt(Integer::intValue).max().orElse(0));
    assertThat(removed).isEqualTo(OUTBOX + INBOUND + CONVERSATIONS * (1 + MESSAGES_EACH) + CALLS);
    assertThat(transactions).as("rows changed per purge transaction").allSatisfy(
        rows -> assertThat(rows).isLessThanOrEqualTo(BATCH));
    assertThat(store.purge(CUTOFF, CUTOFF.minus(Duration.ofDays(7)))).as("nothing left").isZero();
  }
}
