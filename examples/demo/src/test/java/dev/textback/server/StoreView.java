package dev.textback.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.textback.jdbc.JdbcTextBackStore;
import dev.textback.spi.CallRecord;
import dev.textback.spi.OutboxEntry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a server left in its store, read from outside through {@link JdbcTextBackStore} (and SQL where the store
 * has no query for it), as an operator would after the fact.
 */
final class StoreView implements AutoCloseable {
  private final HikariDataSource pool;
  private final JdbcTextBackStore store;

  StoreView(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url.startsWith("jdbc:sqlite:") ? Stores.withSqliteSettings(url) : url);
    config.setPoolName("store-view");
    config.setMaximumPoolSize(2);
    config.setConnectionTimeout(10_000);
    this.pool = new HikariDataSource(config);
    this.store = new JdbcTextBackStore(pool);
  }

  Optional<CallRecord> call(String callSid) {
    return store.inTransaction(tx -> tx.findCall("twilio", callSid));
  }

  List<OutboxEntry> outbox() throws SQLException {
    List<OutboxEntry> entries = new ArrayList<>();
    for (String id : strings("SELECT id FROM textback_outbox")) entries.add(store.outboxEntry(id).orElseThrow());
    return entries;
  }

  long pending() throws SQLException {
    return Long.parseLong(strings("SELECT COUNT(*) FROM textback_outbox WHERE status = 'PENDING'").get(0));
  }

  /** The entries still pending, with what the store knows of each: claim, attempts, last error. */
  List<OutboxEntry> pendingEntries() throws SQLException {
    List<OutboxEntry> entries = new ArrayList<>();
    for (String id : strings("SELECT id FROM textback_outbox WHERE status = 'PENDING'")) {
      store.outboxEntry(id).ifPresent(entries::add);
    }
    return entries;
  }

  long calls() throws SQLException {
    return Long.parseLong(strings("SELECT COUNT(*) FROM textback_call").get(0));
  }

  /**
   * Moves the leases of pending entries into the past, as if the engine's two-minute lease had run out since the
   * servers holding them died: the next dispatcher takes them over at once, flagged as possible duplicates like
   * any entry claimed from an owner that never completed it. The lease's end is set to the entry's creation
   * time, a past instant in whatever type the store keeps times.
   *
   * @return how many entries were leased
   */
  int expireLeases() throws SQLException {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      return s.executeUpdate("UPDATE textback_outbox SET lease_until = created_at"
          + " WHERE status = 'PENDING' AND lease_until IS NOT NULL");
    }
  }

  List<String> strings(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) rows.add(rs.getString(1));
    }
    return rows;
  }

  @Override
  public void close() {
    pool.close();
  }
}
