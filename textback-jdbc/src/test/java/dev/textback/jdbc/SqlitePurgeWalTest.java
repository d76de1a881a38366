package dev.textback.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite writes every page a transaction changes to the write-ahead log, and can reset the log only between
 * transactions: one purge transaction over a month of calls would grow the log to the size of everything it
 * deleted, far past the 16 MB the README promises ({@code journal_size_limit}). Purging in batches lets the
 * automatic checkpoints reset the log as it goes.
 *
 * <p>The URL here leaves {@code journal_size_limit} out, so the log file keeps its largest size and the test can
 * read it afterwards; {@code synchronous=OFF} only makes filling the database quicker.
 */
class SqlitePurgeWalTest {
  /** The cap the README states for the log. */
  private static final long WAL_CAP = 16L * 1024 * 1024;
  /** About 1.7 KB of database per call: some 34 MB to delete, twice the cap. */
  private static final int CALLS = 20_000;
  private static final Instant OLD = Instant.parse("2026-01-05T09:00:00Z");
  private static final Instant CUTOFF = Instant.parse("2026-02-01T00:00:00Z");
  private static final String BODY = "Hi, this is Summit Heating & Cooling. Sorry we missed your call! Reply here with"
      + " what you need and we will text you back within minutes. Reply STOP to opt out.";

  @TempDir
  Path dir;

  private HikariDataSource pool;

  @AfterEach
  void closePool() {
    if (pool != null) pool.close();
  }

  @Test
  void purging_a_month_of_calls_keeps_the_write_ahead_log_under_its_cap() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("textback.db").toAbsolutePath()
        + "?journal_mode=WAL&synchronous=OFF&busy_timeout=30000";
    pool = TestDatabases.pool(url, null, 4);
    JdbcTextBackStore store = new JdbcTextBackStore(pool);
    store.migrate();
    fill();
    Path wal = dir.resolve("textback.db-wal");
    long database = Files.size(dir.resolve("textback.db"));
    assertThat(Files.size(wal)).as("log emptied before the purge").isZero();

    int removed = store.purge(CUTOFF, CUTOFF.minus(Duration.ofDays(7)));

    long largestLog = Files.size(wal);
    System.out.printf("SQLite purge of %,d rows from a %,.1f MB file: write-ahead log at most %,.1f MB"
        + " (cap %,.1f MB)%n", removed, database / 1e6, largestLog / 1e6, WAL_CAP / 1e6);
    assertThat(removed).isEqualTo(5 * CALLS);
    assertThat(largestLog).as("largest size of the write-ahead log").isLessThanOrEqualTo(WAL_CAP);
  }

  /** A month of calls, written straight to the tables: each with its text, conversation, message and a reply id. */
  private void fill() throws SQLException {
    long old = SqliteConnections.toMicros(OLD.atOffset(java.time.ZoneOffset.UTC));
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement call = c.prepareStatement("INSERT INTO textback_call (carrier, call_id, business_id,"
              + " dialled, caller, outcome, called_at, decided_at, reason, detail) VALUES ('twilio', ?, 'summit',"
              + " '+13035550100', ?, 'NO_ANSWER', ?, ?, 'TEXT', 'rang 25 s')");
          PreparedStatement outbox = c.prepareStatement("INSERT INTO textback_outbox (id, kind, business_id, carrier,"
              + " from_number, to_number, body, conversation_id, call_id, called_at, created_at, due_at, status,"
              + " attempts, total_attempts, carrier_message_id, segments, sent_at, possible_duplicate) VALUES (?,"
              + " 'TEXT_BACK', 'summit', 'twilio', '+13035550100', ?, ?, ?, ?, ?, ?, ?, 'DELIVERED', 1, 1, ?, 2, ?, 0)");
          PreparedStatement conversation = c.prepareStatement("INSERT INTO textback_conversation (id, business_id,"
              + " business_number, caller, carrier, call_id, opened_at, status, last_activity_at) VALUES (?, 'summit',"
              + " '+13035550100', ?, 'twilio', ?, ?, 'CLOSED', ?)");
          PreparedStatement message = c.prepareStatement("INSERT INTO textback_message (id, conversation_id,"
              + " direction, body, message_at, automatic) VALUES (?, ?, 'OUTBOUND', ?, ?, 1)");
          PreparedStatement inbound = c.prepareStatement(
              "INSERT INTO textback_inbound (carrier, message_id, received_at) VALUES ('twilio', ?, ?)")) {
        for (int i = 0; i < CALLS; i++) {
          String callId = String.format("CA%032x", i);
          String caller = String.format("+1212%07d", 5_550_000 + i);
          String conversationId = String.format("cv-%032x", i);
          call.setString(1, callId);
          call.setString(2, caller);
          call.setLong(3, old);
          call.setLong(4, old);
          call.addBatch();
          outbox.setString(1, String.format("ob-%032x", i));
          outbox.setString(2, caller);
          outbox.setString(3, BODY);
          outbox.setString(4, conversationId);
          outbox.setString(5, callId);
          outbox.setLong(6, old);
          outbox.setLong(7, old);
          outbox.setLong(8, old);
          outbox.setString(9, String.format("SM%032x", i));
          outbox.setLong(10, old);
          outbox.addBatch();
          conversation.setString(1, conversationId);
          conversation.setString(2, caller);
          conversation.setString(3, callId);
          conversation.setLong(4, old);
          conversation.setLong(5, old);
          conversation.addBatch();
          message.setString(1, String.format("msg-%032x", i));
          message.setString(2, conversationId);
          message.setString(3, BODY);
          message.setLong(4, old);
          message.addBatch();
          inbound.setString(1, String.format("SM%032x-in", i));
          inbound.setLong(2, old);
          inbound.addBatch();
        }
        for (PreparedStatement s : new PreparedStatement[] {call, outbox, conversation, message, inbound}) {
          s.executeBatch();
        }
      }
      c.commit();
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
    }
  }
}
