package dev.textback.jdbc;

import dev.textback.TextBackException;
import dev.textback.phone.PhoneNumber;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.ConversationStatus;
import dev.textback.spi.CallActivity;
import dev.textback.spi.ClaimScope;
import dev.textback.spi.DuplicateKeyException;
import dev.textback.spi.FunnelCounts;
import dev.textback.spi.OutboxBacklog;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.StoreTransaction;
import dev.textback.spi.StoreUnavailableException;
import dev.textback.spi.TextBackStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TextBackStore} in a PostgreSQL, SQLite or H2 database, reached through the application's
 * {@link DataSource}: bring your own pool. Each operation borrows one connection and returns it before it returns
 * (an H2 migration borrows two).
 *
 * <p>Every {@link #inTransaction} call is one JDBC transaction at most. Exactly-once rests on the database: unique keys
 * on (carrier, call id), (carrier, inbound message id) and (business, caller); row locks
 * ({@code SELECT … FOR UPDATE}) for the {@code lock…} reads; {@code FOR UPDATE SKIP LOCKED} so concurrent
 * dispatchers, in one process or many, never claim the same outbox entry. A transaction that loses a race (unique
 * violation, serialization failure, deadlock, lock timeout) is rolled back and run again, a bounded number of
 * times. The store runs its work at READ COMMITTED, the level its locking is written for, whatever the
 * connections' default; with another default that costs two more round trips each time it borrows a connection.
 *
 * <p>On PostgreSQL (with its own JDBC driver, pgjdbc) the store keeps round trips down, as each costs more than
 * most of the statements it carries: a few related statements go out as one request, row updates are held back and
 * sent with the next statement or the commit, claims run as single autocommitted statements, and a transaction
 * begins at its first write or locking read, so work that only reads needs no BEGIN and COMMIT. A missed call takes
 * about 10 requests in all, its text included.
 *
 * <p>On SQLite a transaction holds the database's write lock from its first write or locking read ({@code BEGIN
 * IMMEDIATE}), so writing transactions run one at a time and need no row locks; plain reads before that run on their
 * own, beside the writer, as they do at READ COMMITTED elsewhere, and the store's read methods run as read
 * transactions (one snapshot, no write lock). Busy results are retried like conflicts.
 * A commit survives a crash as far as the connection's settings say: use
 * {@code journal_mode=WAL&synchronous=FULL} in the URL for commits that survive a killed process and a power cut.
 *
 * <p>The schema comes from versioned scripts in this jar ({@link JdbcDialect#scriptLocation()}); apply them with
 * {@link #migrate()} or with Flyway or Liquibase. Instants are stored with microsecond precision.
 *
 * <p>Thread-safe. {@link #close()} does not close the DataSource.
 */
public final class JdbcTextBackStore implements TextBackStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcTextBackStore.class);
  private static final String SELECT_OUTBOX = "SELECT " + Rows.OUTBOX_COLUMNS + " FROM textback_outbox";
  private static final String SELECT_CONVERSATION =
      "SELECT " + Rows.CONVERSATION_COLUMNS + " FROM textback_conversation";
  private static final String LEASE_FREE = "status = 'PENDING' AND (lease_until IS NULL OR lease_until < ?)";
  /**
   * A lease taken over from an owner that never completed means a send may have been in flight. (Every engine
   * releases the lease when it records a result, so a lease still set is one that lapsed unfinished.)
   */
  private static final String SET_LEASE = "lease_owner = ?, lease_until = ?,"
      + " possible_duplicate = (possible_duplicate OR lease_until IS NOT NULL), taken_over = (lease_until IS NOT NULL)";
  /** claimDue() hands out texts only; routing work goes through claimDueRouting(). */
  private static final String TEXT_KINDS = kindIn(EnumSet.copyOf(
      EnumSet.allOf(OutboxKind.class).stream().filter(kind -> !kind.isRouting()).toList()));

  private final DataSource dataSource;
  private final JdbcDialect dialect;
  /**
   * The isolation level the DataSource's connections come with, read from the first one (see {@link #once}); -1
   * until then.
   */
  private volatile int poolIsolation = -1;
  private final int maxAttempts;
  private final int purgeBatchSize;

  /** A store on {@code dataSource}, with the dialect read from the database's metadata. */
  public JdbcTextBackStore(DataSource dataSource) {
    this(builder(dataSource));
  }

  private JdbcTextBackStore(Builder builder) {
    this.dialect = builder.dialect != null ? builder.dialect : JdbcDialect.detect(builder.dataSource);
    this.dataSource = dialect == JdbcDialect.SQLITE ? SqliteConnections.adapt(builder.dataSource) : builder.dataSource;
    this.maxAttempts = builder.maxAttempts;
    this.purgeBatchSize = builder.purgeBatchSize;
  }

  /** Starts a store on {@code dataSource} with optional settings. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** The SQL dialect in use. */
  public JdbcDialect dialect() {
    return dialect;
  }

  /**
   * Creates or upgrades the textback tables: applies the dialect's scripts the database has not recorded in
   * {@code textback_schema_version} yet. Safe to call from every instance at startup: concurrent calls serialise on
   * a database lock (a PostgreSQL advisory lock; a row lock on H2) and the later ones find nothing to do. Do not
   * combine with Flyway or Liquibase on the same schema; use one of them.
   *
   * @return the script names applied now, in order; empty when the schema was already current
   * @throws TextBackException when a script fails or an applied script has changed since
   */
  public List<String> migrate() {
    return new SchemaMigrator(dataSource, dialect).migrate();
  }

  @Override
  public <T extends @Nullable Object> T inTransaction(Function<StoreTransaction, T> work) {
    Objects.requireNonNull(work, "work == null");
    // Store work always runs at READ COMMITTED (see once()), where every statement reads the latest committed data
    // whether or not a transaction is open: so a transaction may begin at its first write or locking read, and a
    // plain read before that needs no BEGIN and COMMIT. Work that only reads is then one round trip. On SQLite the
    // same reads run beside the one writer (in WAL mode) instead of queueing for its lock: a send's opt-out check
    // no longer waits for the webhooks' transactions.
    boolean lateBegin = dialect == JdbcDialect.POSTGRESQL || dialect == JdbcDialect.SQLITE;
    return retried("inTransaction", lateBegin, c -> {
      JdbcStoreTransaction tx = new JdbcStoreTransaction(c, dialect, lateBegin);
      try {
        T result = work.apply(tx);
        tx.flush();
        return result;
      } finally {
        tx.close();
      }
    });
  }

  @Override
  public List<OutboxEntry> claimDue(String owner, Instant now, Duration lease, int limit, ClaimScope scope) {
    Objects.requireNonNull(owner, "owner == null");
    Objects.requireNonNull(now, "now == null");
    Objects.requireNonNull(lease, "lease == null");
    Objects.requireNonNull(scope, "scope == null");
    if (lease.isNegative() || lease.isZero()) throw new IllegalArgumentException("lease must be positive: " + lease);
    if (limit <= 0 || scope.isEmpty()) return List.of();
    Claim claim = new Claim(owner, now, now.plus(lease), limit, TEXT_KINDS, Set.of(), scope);
    return claim("claimDue", claim);
  }

  @Override
  public List<OutboxEntry> claimDueRouting(String owner, Instant now, Duration lease, int limit,
      Set<OutboxKind> kinds) {
    Objects.requireNonNull(owner, "owner == null");
    Objects.requireNonNull(now, "now == null");
    Objects.requireNonNull(lease, "lease == null");
    Objects.requireNonNull(kinds, "kinds == null");
    if (lease.isNegative() || lease.isZero()) throw new IllegalArgumentException("lease must be positive: " + lease);
    Set<OutboxKind> routing = EnumSet.noneOf(OutboxKind.class);
    for (OutboxKind kind : kinds) {
      if (kind.isRouting()) routing.add(kind);
    }
    if (limit <= 0 || routing.isEmpty()) return List.of();
    Claim claim = new Claim(owner, now, now.plus(lease), limit, kindIn(routing), routing, null);
    return claim("claimDueRouting", claim);
  }

  private List<OutboxEntry> claim(String operation, Claim claim) {
    List<OutboxEntry> claimed = switch (dialect) {
      case H2 -> transaction(operation, c -> claimH2(c, claim));
      // The claim is one statement, so it is its own transaction: without BEGIN and COMMIT around it, one round
      // trip instead of two.
      case POSTGRESQL -> statement(operation, c -> claimPostgres(c, claim));
      case SQLITE -> transaction(operation, c -> claimSqlite(c, claim));
    };
    return sorted(claimed);
  }

  private static List<OutboxEntry> sorted(List<OutboxEntry> claimed) {
    List<OutboxEntry> sorted = new ArrayList<>(claimed);
    sorted.sort(Comparator.comparing(OutboxEntry::dueAt).thenComparing(OutboxEntry::id));
    return sorted;
  }

  /** {@code kind IN ('A', 'B')}: enum names are plain identifiers, so they are safe to inline. */
  private static String kindIn(Set<OutboxKind> kinds) {
    StringJoiner in = new StringJoiner(", ", "kind IN (", ")");
    for (OutboxKind kind : kinds) in.add("'" + kind.name() + "'");
    return in.toString();
  }

  /**
   * One claim's parameters and its SQL condition: the kinds it may take (texts, or routing work) and, for
   * texts, the scope of carriers (plus carrier-free kinds) the claiming engine can send through.
   */
  private record Claim(String owner, Instant now, Instant until, int limit, String kinds,
      Set<OutboxKind> routingKinds, @Nullable ClaimScope scope) {
    /**
     * The kinds, then {@code carrier IN (...)}, with {@code OR kind IN (...)} for carrier-free kinds: the carrier
     * leads the claim index, so each carrier's due entries are one range of it.
     */
    String condition() {
      if (scope == null) return kinds;
      List<String> parts = new ArrayList<>(2);
      if (!scope.carriers().isEmpty()) parts.add("carrier IN (" + Rows.placeholders(scope.carriers().size()) + ")");
      if (!scope.anyCarrierKinds().isEmpty()) {
        parts.add("kind IN (" + Rows.placeholders(scope.anyCarrierKinds().size()) + ")");
      }
      return kinds + " AND " + (parts.size() == 1 ? parts.get(0) : "(" + String.join(" OR ", parts) + ")");
    }

    int bindScope(PreparedStatement ps, int index) throws SQLException {
      if (scope == null) return index;
      int i = Rows.setStrings(ps, index, scope.carriers());
      for (OutboxKind kind : scope.anyCarrierKinds()) Rows.setEnum(ps, i++, kind);
      return i;
    }
  }

  /**
   * One statement: pick and lock due entries, skipping rows other claimers hold, and lease them. The picked ids are
   * a materialized CTE so the {@code LIMIT} applies once: as a plain {@code IN} subquery the planner may put it on
   * the inner side of a nested loop (it did on a new deployment's outbox, whose statistics still counted one row),
   * where it runs again for each outbox row, passing over the rows this statement has leased already and picking
   * the next ones: one claim for 4 leased all 20 due entries. PostgreSQL 12 or later.
   */
  private static List<OutboxEntry> claimPostgres(Connection c, Claim claim) throws SQLException {
    return Sql.list(c, "WITH picked AS MATERIALIZED (SELECT id FROM textback_outbox WHERE " + LEASE_FREE
        + " AND due_at <= ? AND " + claim.condition() + " ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED)"
        + " UPDATE textback_outbox SET " + SET_LEASE + " WHERE id IN (SELECT id FROM picked) RETURNING "
        + Rows.OUTBOX_COLUMNS, ps -> {
          Rows.setInstant(ps, 1, claim.now());
          Rows.setInstant(ps, 2, claim.now());
          int i = claim.bindScope(ps, 3);
          ps.setInt(i, claim.limit());
          ps.setString(i + 1, claim.owner());
          Rows.setInstant(ps, i + 2, claim.until());
        }, Rows::outbox);
  }

  /**
   * The same claim on SQLite, without the row-lock clause (its store transactions run one at a time, so no other
   * claimer holds a row). SQLite runs an {@code IN} subquery once into a temporary table, so the limit holds.
   */
  private static List<OutboxEntry> claimSqlite(Connection c, Claim claim) throws SQLException {
    return Sql.list(c, "UPDATE textback_outbox SET " + SET_LEASE + " WHERE id IN (SELECT id FROM textback_outbox"
        + " WHERE " + LEASE_FREE + " AND due_at <= ? AND " + claim.condition()
        + " ORDER BY due_at, id LIMIT ?) RETURNING " + Rows.OUTBOX_COLUMNS, ps -> {
          ps.setString(1, claim.owner());
          Rows.setInstant(ps, 2, claim.until());
          Rows.setInstant(ps, 3, claim.now());
          Rows.setInstant(ps, 4, claim.now());
          int i = claim.bindScope(ps, 5);
          ps.setInt(i, claim.limit());
        }, Rows::outbox);
  }

  /**
   * H2 locks every row a {@code FOR UPDATE} query matches before it applies the {@code LIMIT}, so locking the due
   * entries straight away costs a lock per pending entry: tens of milliseconds a claim behind a backlog of 20,000,
   * and the dispatcher drained a burst at a few hundred texts a second. So: first the candidates, without locks,
   * from each index range in that index's order (one carrier, or one kind), so H2 stops after a few rows of each;
   * then, in due order, as many of them as the claim wants are locked (skipping rows other claimers hold, and
   * re-checking each against the whole claim), going on down the candidates while some were skipped; then leased.
   * H2 allows no {@code FOR UPDATE} in a subquery, hence the separate statements.
   */
  private static List<OutboxEntry> claimH2(Connection c, Claim claim) throws SQLException {
    // More candidates than the limit from each range: another claimer may hold the first ones (locked now, or
    // leased since they were read), and the claim then goes on to the next instead of coming back short.
    int perRange = (int) Math.min(Integer.MAX_VALUE, 2L * claim.limit() + 8); // no overflow at huge limits
    List<Candidate> candidates = new ArrayList<>();
    if (claim.scope() == null) {
      for (OutboxKind kind : claim.routingKinds()) {
        candidates.addAll(candidatesH2(c, claim, "kind", kind.name(), perRange));
      }
    } else {
      for (String carrier : claim.scope().carriers()) {
        candidates.addAll(candidatesH2(c, claim, "carrier", carrier, perRange));
      }
      for (OutboxKind kind : claim.scope().anyCarrierKinds()) {
        candidates.addAll(candidatesH2(c, claim, "kind", kind.name(), perRange));
      }
    }
    if (candidates.isEmpty()) return List.of();
    candidates.sort(Comparator.comparing(Candidate::dueAt).thenComparing(Candidate::id));
    List<String> inOrder = new ArrayList<>(new LinkedHashSet<>(candidates.stream().map(Candidate::id).toList()));
    List<String> ids = new ArrayList<>();
    for (int from = 0; ids.size() < claim.limit() && from < inOrder.size(); ) {
      List<String> batch = inOrder.subList(from, Math.min(inOrder.size(), from + claim.limit() - ids.size()));
      from += batch.size();
      ids.addAll(lockH2(c, claim, batch));
    }
    if (ids.isEmpty()) return List.of();
    return Sql.list(c, "SELECT " + Rows.OUTBOX_COLUMNS + " FROM FINAL TABLE (UPDATE textback_outbox SET " + SET_LEASE
        + " WHERE id IN (" + Rows.placeholders(ids.size()) + ") AND " + LEASE_FREE + ")", ps -> {
          ps.setString(1, claim.owner());
          Rows.setInstant(ps, 2, claim.until());
          int next = Rows.setStrings(ps, 3, ids);
          Rows.setInstant(ps, next, claim.now());
        }, Rows::outbox);
  }

  /**
   * Locks those of {@code ids} no other claimer holds and that still match the whole claim (free, due, kind and
   * scope): a row may have changed since the candidates were read.
   */
  private static List<String> lockH2(Connection c, Claim claim, List<String> ids) throws SQLException {
    return Sql.list(c, "SELECT id FROM textback_outbox WHERE id IN (" + Rows.placeholders(ids.size()) + ") AND "
        + LEASE_FREE + " AND due_at <= ? AND " + claim.condition() + " FOR UPDATE SKIP LOCKED", ps -> {
          int next = Rows.setStrings(ps, 1, ids);
          Rows.setInstant(ps, next, claim.now());
          Rows.setInstant(ps, next + 1, claim.now());
          claim.bindScope(ps, next + 2);
        }, rs -> rs.getString(1));
  }

  /** An entry that may be claimed, before it is locked. */
  private record Candidate(String id, Instant dueAt) {}

  /**
   * Up to {@code limit} free due entries with {@code column} (carrier or kind) equal to {@code value}, in due order:
   * the order of the (status, carrier, due_at, id) and (status, kind, due_at, id) indexes, so H2 reads no further.
   */
  private static List<Candidate> candidatesH2(Connection c, Claim claim, String column, String value, int limit)
      throws SQLException {
    return Sql.list(c, "SELECT id, due_at FROM textback_outbox WHERE " + LEASE_FREE + " AND due_at <= ? AND "
        + column + " = ? AND " + claim.kinds() + " ORDER BY status, " + column + ", due_at, id LIMIT ?", ps -> {
          Rows.setInstant(ps, 1, claim.now());
          Rows.setInstant(ps, 2, claim.now());
          ps.setString(3, value);
          ps.setInt(4, limit);
        }, rs -> new Candidate(rs.getString("id"), Objects.requireNonNull(Rows.instant(rs, "due_at"))));
  }

  @Override
  public boolean completeClaim(String owner, OutboxEntry updated) {
    Objects.requireNonNull(owner, "owner == null");
    Objects.requireNonNull(updated, "updated == null");
    OutboxEntry released = updated.withLease(null, null);
    // The owner check runs on the row's latest version: a claimer that took the lease over in the meantime
    // makes this update match nothing.
    return transaction("completeClaim", c -> Sql.update(c,
        "UPDATE textback_outbox SET " + Rows.OUTBOX_ASSIGNMENTS + " WHERE id = ? AND lease_owner = ?", ps -> {
          int i = Rows.bindOutboxValues(ps, 1, released);
          ps.setString(i++, released.id());
          ps.setString(i, owner);
        }) == 1);
  }

  @Override
  public boolean completeClaim(OutboxEntry claimed, OutboxEntry updated) {
    String owner = TextBackStore.claimOwner(claimed, updated);
    OutboxEntry released = updated.withLease(null, null);
    // The lease end tells this claim from a later one by the same owner; it is compared as stored (microseconds),
    // and the claim returned it as stored.
    return transaction("completeClaim", c -> Sql.update(c, "UPDATE textback_outbox SET " + Rows.OUTBOX_ASSIGNMENTS
        + " WHERE id = ? AND lease_owner = ? AND lease_until = ?", ps -> {
          int i = Rows.bindOutboxValues(ps, 1, released);
          ps.setString(i++, released.id());
          ps.setString(i++, owner);
          Rows.setInstant(ps, i, claimed.leaseUntil());
        }) == 1);
  }

  // Two reads on the (status, due_at) index: the counts, then the due time of the first due entry.
  @Override
  public OutboxBacklog outboxBacklog(Instant now) {
    Objects.requireNonNull(now, "now == null");
    return reading("outboxBacklog", c -> {
      long[] counts = Sql.first(c, "SELECT COUNT(*) AS pending, COALESCE(SUM(CASE WHEN due_at <= ? THEN 1 ELSE 0 END),"
          + " 0) AS due FROM textback_outbox WHERE status = 'PENDING'", ps -> Rows.setInstant(ps, 1, now),
          rs -> new long[] {rs.getLong("pending"), rs.getLong("due")}).orElse(new long[2]);
      if (counts[1] == 0) return new OutboxBacklog(counts[0], 0, null);
      Instant oldest = Sql.first(c, "SELECT due_at FROM textback_outbox WHERE status = 'PENDING' AND due_at <= ?"
          + " ORDER BY due_at LIMIT 1", ps -> Rows.setInstant(ps, 1, now), rs -> Rows.instant(rs, "due_at"))
          .orElse(null);
      // Another transaction may have finished the due entries between the two reads (not on SQLite, where both
      // read one snapshot).
      return oldest == null ? new OutboxBacklog(counts[0], 0, null) : new OutboxBacklog(counts[0], counts[1], oldest);
    });
  }

  @Override
  public Optional<OutboxEntry> outboxEntry(String id) {
    Objects.requireNonNull(id, "id == null");
    return reading("outboxEntry",
        c -> Sql.first(c, SELECT_OUTBOX + " WHERE id = ?", ps -> ps.setString(1, id), Rows::outbox));
  }

  @Override
  public List<Conversation> dueEscalations(Instant now, int limit) {
    Objects.requireNonNull(now, "now == null");
    if (limit <= 0) return List.of();
    // The lower bound changes no result (every escalation time is later): it lets an index whose NULLs sort first
    // (H2's) start after the conversations without an escalation instead of walking them on every poll.
    return reading("dueEscalations", c -> Sql.list(c, SELECT_CONVERSATION
        + " WHERE escalate_at IS NOT NULL AND escalate_at >= ? AND escalate_at <= ? AND status <> 'CLOSED'"
        + " ORDER BY escalate_at, id LIMIT ?", ps -> {
          Rows.setInstant(ps, 1, Instant.EPOCH);
          Rows.setInstant(ps, 2, now);
          ps.setInt(3, limit);
        }, Rows::conversation));
  }

  @Override
  public Optional<Conversation> conversation(String id) {
    Objects.requireNonNull(id, "id == null");
    return reading("conversation",
        c -> Sql.first(c, SELECT_CONVERSATION + " WHERE id = ?", ps -> ps.setString(1, id), Rows::conversation));
  }

  @Override
  public List<Conversation> conversations(@Nullable String businessId, Collection<ConversationStatus> statuses,
      int limit) {
    Objects.requireNonNull(statuses, "statuses == null");
    List<String> names = new ArrayList<>();
    for (ConversationStatus status : new LinkedHashSet<>(statuses)) names.add(status.name());
    if (names.isEmpty() || limit <= 0) return List.of();
    String where = (businessId == null ? "" : "business_id = ? AND ")
        + "status IN (" + Rows.placeholders(names.size()) + ")";
    return reading("conversations", c -> Sql.list(c, SELECT_CONVERSATION + " WHERE " + where
        + " ORDER BY last_activity_at DESC, id LIMIT ?", ps -> {
          int i = 1;
          if (businessId != null) ps.setString(i++, businessId);
          i = Rows.setStrings(ps, i, names);
          ps.setInt(i, limit);
        }, Rows::conversation));
  }

  @Override
  public List<ConversationMessage> messages(String conversationId) {
    Objects.requireNonNull(conversationId, "conversationId == null");
    return reading("messages", c -> Sql.list(c, "SELECT " + Rows.MESSAGE_COLUMNS + " FROM textback_message"
        + " WHERE conversation_id = ? ORDER BY message_at, seq", ps -> ps.setString(1, conversationId),
        Rows::message));
  }

  @Override
  public FunnelCounts funnel(String businessId, Instant from, Instant to) {
    Objects.requireNonNull(businessId, "businessId == null");
    Objects.requireNonNull(from, "from == null");
    Objects.requireNonNull(to, "to == null");
    return reading("funnel", c -> new FunnelQuery(c, dialect, businessId, from, to).run());
  }

  @Override
  public List<CallActivity> calls(String businessId, Instant from, Instant to, int limit) {
    Objects.requireNonNull(businessId, "businessId == null");
    Objects.requireNonNull(from, "from == null");
    Objects.requireNonNull(to, "to == null");
    return reading("calls", c -> CallActivityQuery.calls(c, businessId, from, to, limit));
  }

  @Override
  public List<CallActivity> callBacks(String businessId, Instant since, int limit) {
    Objects.requireNonNull(businessId, "businessId == null");
    Objects.requireNonNull(since, "since == null");
    return reading("callBacks", c -> CallActivityQuery.callBacks(c, businessId, since, limit));
  }

  @Override
  public void markCalledBack(String businessId, PhoneNumber caller, Instant at, @Nullable String by) {
    Objects.requireNonNull(businessId, "businessId == null");
    Objects.requireNonNull(caller, "caller == null");
    Objects.requireNonNull(at, "at == null");
    transaction("markCalledBack", c -> {
      CallActivityQuery.markCalledBack(c, businessId, caller, at, by);
      return null;
    });
  }

  /**
   * Purges in batches of at most {@link Builder#purgeBatchSize} rows, each batch its own transaction, step after
   * step until a batch comes back short. Every statement picks its batch by key in a subquery and repeats the
   * condition outside it, so a row changed by a concurrent transaction in the meantime (a conversation with new
   * activity) is left alone.
   */
  @Override
  public int purge(Instant before, Instant closeIdleBefore) {
    Objects.requireNonNull(before, "before == null");
    Objects.requireNonNull(closeIdleBefore, "closeIdleBefore == null");
    Sql.Binder idle = ps -> {
      Rows.setInstant(ps, 1, closeIdleBefore);
      ps.setInt(2, purgeBatchSize);
      Rows.setInstant(ps, 3, closeIdleBefore);
    };
    Sql.Binder cutoff = ps -> {
      Rows.setInstant(ps, 1, before);
      ps.setInt(2, purgeBatchSize);
      Rows.setInstant(ps, 3, before);
    };
    int closed = inBatches("close idle conversations", "UPDATE textback_conversation SET status = 'CLOSED',"
        + " awaiting_since = NULL, escalate_at = NULL WHERE id IN (SELECT id FROM textback_conversation"
        + " WHERE status <> 'CLOSED' AND last_activity_at < ? LIMIT ?) AND status <> 'CLOSED' AND last_activity_at < ?",
        idle);
    int removed = 0;
    // Messages first, then their conversations: a crash in between leaves closed conversations without messages,
    // which the next purge removes. Closed conversations get no new messages.
    removed += inBatches("messages", "DELETE FROM textback_message WHERE id IN (SELECT m.id FROM textback_message m"
        + " JOIN textback_conversation c ON c.id = m.conversation_id WHERE c.status = 'CLOSED'"
        + " AND c.last_activity_at < ? LIMIT ?) AND conversation_id IN (SELECT id FROM textback_conversation"
        + " WHERE status = 'CLOSED' AND last_activity_at < ?)", cutoff);
    removed += inBatches("conversations", "DELETE FROM textback_conversation WHERE id IN (SELECT id FROM"
        + " textback_conversation WHERE status = 'CLOSED' AND last_activity_at < ? LIMIT ?) AND status = 'CLOSED'"
        + " AND last_activity_at < ?", cutoff);
    removed += inBatches("outbox", "DELETE FROM textback_outbox WHERE id IN (SELECT id FROM textback_outbox"
        + " WHERE status <> 'PENDING' AND created_at < ? LIMIT ?) AND status <> 'PENDING' AND created_at < ?", cutoff);
    removed += inBatches("calls", "DELETE FROM textback_call WHERE (carrier, call_id) IN (SELECT carrier, call_id"
        + " FROM textback_call WHERE called_at < ? LIMIT ?) AND called_at < ?", cutoff);
    removed += inBatches("inbound ids", "DELETE FROM textback_inbound WHERE (carrier, message_id) IN (SELECT"
        + " carrier, message_id FROM textback_inbound WHERE received_at < ? LIMIT ?) AND received_at < ?", cutoff);
    removed += inBatches("early receipts", "DELETE FROM textback_early_receipt WHERE (carrier, message_id) IN"
        + " (SELECT carrier, message_id FROM textback_early_receipt WHERE reported_at < ? LIMIT ?)"
        + " AND reported_at < ?", cutoff);
    removed += inBatches("pending calls", "DELETE FROM textback_pending_call WHERE (carrier, call_id) IN (SELECT"
        + " carrier, call_id FROM textback_pending_call WHERE updated_at < ? LIMIT ?) AND updated_at < ?", cutoff);
    removed += inBatches("call-back marks", "DELETE FROM textback_call_back WHERE (business_id, caller) IN (SELECT"
        + " business_id, caller FROM textback_call_back WHERE marked_at < ? LIMIT ?) AND marked_at < ?", cutoff);
    removed += inBatches("episodes", "DELETE FROM textback_episode WHERE (business_id, caller) IN (SELECT"
        + " business_id, caller FROM textback_episode WHERE expires_at < ? LIMIT ?) AND expires_at < ?", cutoff);
    // Lock rows of message ids and of pairs that never got a receipt or an episode; lockEarlyReceipt() and
    // lockEpisode() recreate them on demand. Not counted: they hold no data.
    inBatches("early receipt lock rows", "DELETE FROM textback_early_receipt WHERE (carrier, message_id) IN (SELECT"
        + " carrier, message_id FROM textback_early_receipt WHERE reported_at IS NULL LIMIT ?) AND reported_at IS NULL",
        ps -> ps.setInt(1, purgeBatchSize));
    inBatches("episode lock rows", "DELETE FROM textback_episode WHERE (business_id, caller) IN (SELECT business_id,"
        + " caller FROM textback_episode WHERE expires_at IS NULL LIMIT ?) AND expires_at IS NULL",
        ps -> ps.setInt(1, purgeBatchSize));
    log.debug("purge removed {} rows and closed {} idle conversations", removed, closed);
    return removed;
  }

  /** Runs {@code sql}, one transaction at a time, until it changes fewer rows than a batch; returns the total. */
  private int inBatches(String step, String sql, Sql.Binder binder) {
    int total = 0;
    int changed;
    do {
      changed = transaction("purge " + step, c -> Sql.update(c, sql, binder));
      total += changed;
    } while (changed >= purgeBatchSize);
    return total;
  }

  // -- transactions -------------------------------------------------------------------------------------------

  /**
   * Runs {@code work} in a transaction on a borrowed connection, retrying on conflicts with concurrent
   * transactions. Failures are translated: unique violations to {@link DuplicateKeyException}, other SQL errors
   * to {@link TextBackException}; the work's own exceptions propagate unchanged.
   */
  private <T extends @Nullable Object> T transaction(String operation, Sql.Work<T> work) {
    return retried(operation, false, work);
  }

  /**
   * As {@link #transaction}, for work that only reads. On SQLite it is a read transaction (a deferred {@code BEGIN})
   * that takes no write lock: its statements share one snapshot and run beside the writer, so a dashboard's query
   * does not hold up webhooks (in WAL mode; in other journal modes readers and the writer meet through SQLite's busy
   * handling). Elsewhere it is an ordinary transaction.
   */
  private <T extends @Nullable Object> T reading(String operation, Sql.Work<T> work) {
    if (dialect != JdbcDialect.SQLITE) return transaction(operation, work);
    return transaction(operation, c -> {
      c.setReadOnly(true);
      return work.run(c);
    });
  }

  /**
   * Runs {@code work}, which must be a single statement, in autocommit mode: the statement is its own transaction,
   * without the round trips of BEGIN and COMMIT. Errors are translated and conflicts retried as in
   * {@link #transaction}.
   */
  private <T extends @Nullable Object> T statement(String operation, Sql.Work<T> work) {
    return retried(operation, true, work);
  }

  private <T extends @Nullable Object> T retried(String operation, boolean autoCommitted, Sql.Work<T> work) {
    RuntimeException lastConflict = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      if (attempt > 1) backOff(attempt, lastConflict);
      try {
        return once(operation, autoCommitted, work);
      } catch (DuplicateKeyException | SqlErrors.TransactionConflictException e) {
        lastConflict = e;
        log.debug("{}: attempt {} of {} lost a race: {}", operation, attempt, maxAttempts, e.getMessage());
      }
    }
    throw lastConflict;
  }

  private <T extends @Nullable Object> T once(String operation, boolean autoCommitted, Sql.Work<T> work) {
    Connection c;
    try {
      c = dataSource.getConnection();
    } catch (SQLException e) {
      throw new StoreUnavailableException(operation + ": cannot get a connection from the DataSource", e);
    }
    Throwable failure = null;
    boolean autoCommit = true;
    int isolation = Connection.TRANSACTION_READ_COMMITTED;
    try {
      autoCommit = c.getAutoCommit();
      isolation = readCommitted(c);
      if (autoCommit != autoCommitted) c.setAutoCommit(autoCommitted);
      T result = work.run(c);
      // Work that started in autocommit mode may have begun a transaction since (see JdbcStoreTransaction).
      if (!c.getAutoCommit()) c.commit();
      return result;
    } catch (SQLException e) {
      failure = e;
      rollback(c, e);
      throw SqlErrors.translate(e, operation);
    } catch (RuntimeException | Error e) {
      failure = e;
      rollback(c, e);
      throw e;
    } finally {
      try {
        if (isolation != Connection.TRANSACTION_READ_COMMITTED) c.setTransactionIsolation(isolation);
      } catch (SQLException e) {
        if (failure != null) {
          failure.addSuppressed(e);
        } else {
          log.warn("{}: restoring the connection's isolation level failed", operation, e);
        }
      }
      try {
        if (c.getAutoCommit() != autoCommit) c.setAutoCommit(autoCommit);
      } catch (SQLException e) {
        if (failure != null) {
          failure.addSuppressed(e);
        } else {
          log.warn("{}: restoring the connection's autocommit setting failed", operation, e);
        }
      }
      try {
        c.close();
      } catch (SQLException e) {
        if (failure != null) {
          failure.addSuppressed(e);
        } else {
          log.warn("{}: closing the connection failed after commit", operation, e);
        }
      }
    }
  }

  /**
   * Puts the connection at READ COMMITTED, the level the store's locking is written for, and returns the level to
   * restore afterwards. At REPEATABLE READ a transaction keeps the snapshot of its first statement even after waiting
   * for a lock, so, for one, a delivery receipt that waited for the record of its send would not see that record and
   * would be kept as early, never applied. The pool's level is read from the first connection and assumed for the
   * others; a connection at another level costs two more round trips each time. SQLite has its own model and is
   * left alone.
   */
  private int readCommitted(Connection c) throws SQLException {
    if (dialect == JdbcDialect.SQLITE) return Connection.TRANSACTION_READ_COMMITTED;
    int level = poolIsolation;
    if (level < 0) {
      level = c.getTransactionIsolation();
      poolIsolation = level;
    }
    if (level != Connection.TRANSACTION_READ_COMMITTED) {
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    }
    return level;
  }

  private static void rollback(Connection c, Throwable failure) {
    try {
      if (!c.getAutoCommit()) c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /** Randomised, growing pause so racing transactions stop meeting at the same instant. */
  private static void backOff(int attempt, @Nullable RuntimeException conflict) {
    long bound = Math.min(200, 5L << Math.min(attempt, 6));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, bound));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TextBackException("interrupted while retrying a store transaction", conflict);
    }
  }

  /** Options for a {@link JdbcTextBackStore}. */
  public static final class Builder {
    private final DataSource dataSource;
    private @Nullable JdbcDialect dialect;
    private int maxAttempts = 8;
    private int purgeBatchSize = 1_000;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
    }

    /** The SQL dialect; by default read from the database's metadata when the store is built. */
    public Builder dialect(JdbcDialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect == null");
      return this;
    }

    /** How often a transaction runs at most when it keeps losing races to concurrent ones (default 8). */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * At most this many rows change in one transaction of {@link #purge} (default 1,000): a large purge runs as many
     * short transactions, so it holds no lock for long and, on SQLite, lets the write-ahead log be reset between
     * them instead of growing with the whole purge.
     */
    public Builder purgeBatchSize(int rows) {
      if (rows < 1) throw new IllegalArgumentException("purgeBatchSize < 1: " + rows);
      this.purgeBatchSize = rows;
      return this;
    }

    /**
     * Builds the store.
     *
     * @throws TextBackException when no dialect was given and the database cannot be reached or is unsupported
     */
    public JdbcTextBackStore build() {
      return new JdbcTextBackStore(this);
    }
  }
}
