package dev.textback.jdbc;

import dev.textback.TextBackException;
import dev.textback.message.DeliveryReceipt;
import dev.textback.phone.PhoneNumber;
import dev.textback.policy.Episode;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.spi.CallLookup;
import dev.textback.spi.CallRecord;
import dev.textback.spi.DuplicateKeyException;
import dev.textback.spi.OptOutRecord;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.StoreTransaction;
import dev.textback.spi.PendingCall;
import dev.textback.spi.SendRecordLocks;
import dev.textback.spi.UnreachableNumber;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One {@link JdbcTextBackStore#inTransaction} call: every operation runs on the transaction's connection, and the
 * {@code lock…} reads use {@code SELECT … FOR UPDATE}.
 */
final class JdbcStoreTransaction implements StoreTransaction {
  private static final String SELECT_CALL = "SELECT " + Rows.CALL_COLUMNS + " FROM textback_call";
  private static final String SELECT_EPISODE = "SELECT " + Rows.EPISODE_COLUMNS + " FROM textback_episode";
  /** The key row of a carrier message id, the lock early receipts and send records share. */
  private static final String INSERT_EARLY_RECEIPT_KEY =
      "INSERT INTO textback_early_receipt (carrier, message_id) VALUES (?, ?)";
  private static final String LOCK_EARLY_RECEIPT = "SELECT " + Rows.EARLY_RECEIPT_COLUMNS
      + " FROM textback_early_receipt WHERE carrier = ? AND message_id = ? FOR UPDATE";
  private static final String SELECT_OPT_OUT = "SELECT " + Rows.OPT_OUT_COLUMNS + " FROM textback_opt_out";
  private static final String SELECT_UNREACHABLE = "SELECT " + Rows.UNREACHABLE_COLUMNS + " FROM textback_unreachable";
  private static final String SELECT_OUTBOX = "SELECT " + Rows.OUTBOX_COLUMNS + " FROM textback_outbox";
  private static final String SELECT_CONVERSATION =
      "SELECT " + Rows.CONVERSATION_COLUMNS + " FROM textback_conversation";

  /** The four inserts of {@link #insertQueuedText} on PostgreSQL. */
  private static final String INSERT_QUEUED_TEXT = "WITH"
      + " cv AS (INSERT INTO textback_conversation (" + Rows.CONVERSATION_COLUMNS + ") VALUES ("
      + Rows.placeholders(15) + ") ON CONFLICT DO NOTHING RETURNING 1),"
      + " ob AS (INSERT INTO textback_outbox (" + Rows.OUTBOX_COLUMNS + ") VALUES (" + Rows.placeholders(26)
      + ") ON CONFLICT DO NOTHING RETURNING 1),"
      + " ms AS (INSERT INTO textback_message (" + Rows.MESSAGE_COLUMNS + ") VALUES (" + Rows.placeholders(9)
      + ") ON CONFLICT DO NOTHING RETURNING 1),"
      + " ca AS (INSERT INTO textback_call (" + Rows.CALL_COLUMNS + ") VALUES (" + Rows.placeholders(13)
      + ") ON CONFLICT DO NOTHING RETURNING 1)"
      + " SELECT (SELECT COUNT(*) FROM cv), (SELECT COUNT(*) FROM ob), (SELECT COUNT(*) FROM ms),"
      + " (SELECT COUNT(*) FROM ca)";

  /**
   * A purge may delete a lock row (episode, early receipt) between our insert and our lock; then we insert it again,
   * this often.
   */
  private static final int EPISODE_LOCK_ATTEMPTS = 3;

  private final Connection connection;
  private final JdbcDialect dialect;
  /** Writes held back on PostgreSQL, in the order they were made (see {@link #defer}). */
  private final List<Deferred> deferred = new ArrayList<>();
  private boolean open = true;
  /** Whether the connection is in a transaction (see the constructor). */
  private boolean begun;

  /**
   * @param lateBegin the connection is in autocommit mode and the transaction begins at the first statement that
   *     is not a plain read: before it, plain reads run as statements of their own, which at READ COMMITTED read
   *     what they would read inside the transaction
   */
  JdbcStoreTransaction(Connection connection, JdbcDialect dialect, boolean lateBegin) {
    this.connection = connection;
    this.dialect = dialect;
    this.begun = !lateBegin;
  }

  void close() {
    open = false;
  }

  // -- calls ------------------------------------------------------------------------------------------------

  @Override
  public Optional<CallRecord> findCall(String carrier, String callId) {
    Objects.requireNonNull(carrier, "carrier == null");
    Objects.requireNonNull(callId, "callId == null");
    return read("findCall", c -> Sql.first(c, SELECT_CALL + " WHERE carrier = ? AND call_id = ?", ps -> {
      ps.setString(1, carrier);
      ps.setString(2, callId);
    }, Rows::call));
  }

  /**
   * On PostgreSQL the three lookups go out as one request of three queries: one round trip instead of three, each
   * query still seeing the data as of its own start, as separate calls would.
   */
  @Override
  public CallLookup lookUpCall(String carrier, String callId, Collection<String> optOutKeys, PhoneNumber caller) {
    Objects.requireNonNull(carrier, "carrier == null");
    Objects.requireNonNull(callId, "callId == null");
    Objects.requireNonNull(caller, "caller == null");
    List<String> keys = distinct(optOutKeys);
    if (dialect != JdbcDialect.POSTGRESQL || keys.isEmpty()) {
      return StoreTransaction.super.lookUpCall(carrier, callId, keys, caller);
    }
    List<List<?>> found = read("lookUpCall", c -> Sql.lists(c, SELECT_CALL + " WHERE carrier = ? AND call_id = ?;"
        + SELECT_OPT_OUT + " WHERE caller = ? AND scope_key IN (" + Rows.placeholders(keys.size()) + ");"
        + SELECT_UNREACHABLE + " WHERE phone_number = ?", ps -> {
          ps.setString(1, carrier);
          ps.setString(2, callId);
          Rows.setPhone(ps, 3, caller);
          int i = Rows.setStrings(ps, 4, keys);
          Rows.setPhone(ps, i, caller);
        }, List.of(Rows::call, Rows::optOut, Rows::unreachable)));
    @SuppressWarnings("unchecked")
    List<OptOutRecord> optOuts = (List<OptOutRecord>) found.get(1);
    return new CallLookup((CallRecord) first(found.get(0)), firstInKeyOrder(optOuts, keys).orElse(null),
        (UnreachableNumber) first(found.get(2)));
  }

  private static @Nullable Object first(List<?> rows) {
    return rows.isEmpty() ? null : rows.get(0);
  }

  @Override
  public void insertCall(CallRecord call) {
    Objects.requireNonNull(call, "call == null");
    boolean inserted = run("insertCall", c -> Sql.insertIfAbsent(c, dialect,
        "INSERT INTO textback_call (" + Rows.CALL_COLUMNS + ") VALUES (" + Rows.placeholders(13) + ")",
        ps -> Rows.bindCall(ps, 1, call)));
    if (!inserted) {
      throw new DuplicateKeyException("call " + call.carrier() + "/" + call.callId() + " is already recorded");
    }
  }

  // -- episodes -----------------------------------------------------------------------------------------------

  @Override
  public Optional<Episode> lockEpisode(String businessId, PhoneNumber caller) {
    Objects.requireNonNull(businessId, "businessId == null");
    Objects.requireNonNull(caller, "caller == null");
    return run("lockEpisode", c -> {
      // A row lock needs a row: the first decision about a pair inserts its key, so a concurrent decision about
      // the same new caller waits here instead of also seeing "no episode".
      for (int attempt = 0; attempt < EPISODE_LOCK_ATTEMPTS; attempt++) {
        // A key row we inserted is a pair without an episode, and ours until this transaction ends: no need to
        // read it back (one statement fewer for every new caller).
        if (Sql.insertIfAbsent(c, dialect, "INSERT INTO textback_episode (business_id, caller) VALUES (?, ?)",
            ps -> {
              ps.setString(1, businessId);
              Rows.setPhone(ps, 2, caller);
            })) {
          return Optional.empty();
        }
        Optional<Optional<Episode>> row = Sql.first(c,
            SELECT_EPISODE + " WHERE business_id = ? AND caller = ? FOR UPDATE", ps -> {
              ps.setString(1, businessId);
              Rows.setPhone(ps, 2, caller);
            }, rs -> Optional.ofNullable(Rows.episodeOrNull(rs)));
        if (row.isPresent()) return row.get();
      }
      throw new SqlErrors.TransactionConflictException("lockEpisode: the lock row kept disappearing", null);
    });
  }

  @Override
  public void saveEpisode(Episode episode) {
    Objects.requireNonNull(episode, "episode == null");
    if (dialect == JdbcDialect.POSTGRESQL) {
      // One statement whatever is stored, so it can be held back like the other writes.
      defer("saveEpisode", "INSERT INTO textback_episode (" + Rows.EPISODE_COLUMNS + ") VALUES ("
          + Rows.placeholders(7) + ") ON CONFLICT (business_id, caller) DO UPDATE SET first_call_id ="
          + " EXCLUDED.first_call_id, started_at = EXCLUDED.started_at, last_call_at = EXCLUDED.last_call_at,"
          + " expires_at = EXCLUDED.expires_at, calls = EXCLUDED.calls", (ps, from) -> {
            ps.setString(from, episode.businessId());
            Rows.setPhone(ps, from + 1, episode.caller());
            return Rows.bindEpisodeValues(ps, from + 2, episode);
          }, (c, written) -> {});
      return;
    }
    defer("saveEpisode", "UPDATE textback_episode SET first_call_id = ?, started_at = ?, last_call_at = ?,"
        + " expires_at = ?, calls = ? WHERE business_id = ? AND caller = ?", (ps, from) -> {
          int i = Rows.bindEpisodeValues(ps, from, episode);
          ps.setString(i++, episode.businessId());
          Rows.setPhone(ps, i++, episode.caller());
          return i;
        }, (c, updated) -> {
      // No row yet (lockEpisode was not called for the pair): insert it.
      if (updated == 0 && !Sql.insertIfAbsent(c, dialect,
          "INSERT INTO textback_episode (" + Rows.EPISODE_COLUMNS + ") VALUES (" + Rows.placeholders(7) + ")",
          ps -> {
            ps.setString(1, episode.businessId());
            Rows.setPhone(ps, 2, episode.caller());
            Rows.bindEpisodeValues(ps, 3, episode);
          })) {
        throw new DuplicateKeyException("episode of " + episode.businessId() + "/" + episode.caller().masked()
            + " was created concurrently");
      }
    });
  }

  // -- opt-outs and unreachable numbers ----------------------------------------------------------------------

  @Override
  public Optional<OptOutRecord> findOptOut(Collection<String> scopeKeys, PhoneNumber caller) {
    Objects.requireNonNull(caller, "caller == null");
    List<String> keys = distinct(scopeKeys);
    if (keys.isEmpty()) return Optional.empty();
    List<OptOutRecord> found = read("findOptOut", c -> Sql.list(c, SELECT_OPT_OUT
        + " WHERE caller = ? AND scope_key IN (" + Rows.placeholders(keys.size()) + ")",
        ps -> {
          Rows.setPhone(ps, 1, caller);
          Rows.setStrings(ps, 2, keys);
        }, Rows::optOut));
    return firstInKeyOrder(found, keys);
  }

  /** "First" follows the order the caller listed the keys in, not the database's order. */
  private static Optional<OptOutRecord> firstInKeyOrder(List<OptOutRecord> found, List<String> keys) {
    if (found.isEmpty()) return Optional.empty();
    Map<String, OptOutRecord> byKey = found.stream()
        .collect(Collectors.toMap(OptOutRecord::scopeKey, Function.identity()));
    return keys.stream().filter(byKey::containsKey).map(byKey::get).findFirst();
  }

  @Override
  public void saveOptOut(OptOutRecord optOut) {
    Objects.requireNonNull(optOut, "optOut == null");
    run("saveOptOut", c -> {
      int updated = Sql.update(c, "UPDATE textback_opt_out SET opted_out_at = ?, source = ?"
          + " WHERE scope_key = ? AND caller = ?", ps -> {
            Rows.setInstant(ps, 1, optOut.at());
            ps.setString(2, optOut.source());
            ps.setString(3, optOut.scopeKey());
            Rows.setPhone(ps, 4, optOut.caller());
          });
      if (updated == 0 && !Sql.insertIfAbsent(c, dialect,
          "INSERT INTO textback_opt_out (" + Rows.OPT_OUT_COLUMNS + ") VALUES (?, ?, ?, ?)", ps -> {
            ps.setString(1, optOut.scopeKey());
            Rows.setPhone(ps, 2, optOut.caller());
            Rows.setInstant(ps, 3, optOut.at());
            ps.setString(4, optOut.source());
          })) {
        throw new DuplicateKeyException("opt-out under " + optOut.scopeKey() + " was recorded concurrently");
      }
      return null;
    });
  }

  @Override
  public int deleteOptOuts(Collection<String> scopeKeys, PhoneNumber caller) {
    Objects.requireNonNull(caller, "caller == null");
    List<String> keys = distinct(scopeKeys);
    if (keys.isEmpty()) return 0;
    return run("deleteOptOuts", c -> Sql.update(c, "DELETE FROM textback_opt_out WHERE caller = ? AND scope_key IN ("
        + Rows.placeholders(keys.size()) + ")", ps -> {
          Rows.setPhone(ps, 1, caller);
          Rows.setStrings(ps, 2, keys);
        }));
  }

  @Override
  public Optional<UnreachableNumber> findUnreachable(PhoneNumber number) {
    Objects.requireNonNull(number, "number == null");
    return read("findUnreachable", c -> Sql.first(c, SELECT_UNREACHABLE + " WHERE phone_number = ?",
        ps -> Rows.setPhone(ps, 1, number), Rows::unreachable));
  }

  @Override
  public void saveUnreachable(UnreachableNumber number) {
    Objects.requireNonNull(number, "number == null");
    run("saveUnreachable", c -> {
      int updated = Sql.update(c, "UPDATE textback_unreachable SET reason = ?, carrier_code = ?, reported_at = ?"
          + " WHERE phone_number = ?", ps -> {
            Rows.setEnum(ps, 1, number.reason());
            ps.setString(2, number.carrierCode());
            Rows.setInstant(ps, 3, number.at());
            Rows.setPhone(ps, 4, number.number());
          });
      if (updated == 0 && !Sql.insertIfAbsent(c, dialect,
          "INSERT INTO textback_unreachable (" + Rows.UNREACHABLE_COLUMNS + ") VALUES (?, ?, ?, ?)", ps -> {
            Rows.setPhone(ps, 1, number.number());
            Rows.setEnum(ps, 2, number.reason());
            ps.setString(3, number.carrierCode());
            Rows.setInstant(ps, 4, number.at());
          })) {
        throw new DuplicateKeyException("unreachable number " + number.number().masked() + " recorded concurrently");
      }
      return null;
    });
  }

  // -- outbox -------------------------------------------------------------------------------------------------

  @Override
  public void insertOutbox(OutboxEntry entry) {
    Objects.requireNonNull(entry, "entry == null");
    boolean inserted = run("insertOutbox", c -> Sql.insertIfAbsent(c, dialect,
        "INSERT INTO textback_outbox (" + Rows.OUTBOX_COLUMNS + ") VALUES (" + Rows.placeholders(26) + ")", ps -> {
          ps.setString(1, entry.id());
          Rows.bindOutboxValues(ps, 2, entry);
        }));
    if (!inserted) throw new DuplicateKeyException("outbox entry " + entry.id() + " already exists");
  }

  @Override
  public Optional<OutboxEntry> lockOutbox(String id) {
    Objects.requireNonNull(id, "id == null");
    return run("lockOutbox", c -> Sql.first(c, SELECT_OUTBOX + " WHERE id = ? FOR UPDATE",
        ps -> ps.setString(1, id), Rows::outbox));
  }

  @Override
  public Optional<OutboxEntry> lockOutboxByCarrierMessageId(String carrier, String carrierMessageId) {
    Objects.requireNonNull(carrier, "carrier == null");
    Objects.requireNonNull(carrierMessageId, "carrierMessageId == null");
    return run("lockOutboxByCarrierMessageId", c -> Sql.first(c, SELECT_OUTBOX
        + " WHERE carrier = ? AND carrier_message_id = ? ORDER BY created_at DESC, id LIMIT 1 FOR UPDATE", ps -> {
          ps.setString(1, carrier);
          ps.setString(2, carrierMessageId);
        }, Rows::outbox));
  }

  // -- delivery receipts kept early ---------------------------------------------------------------------------

  @Override
  public Optional<DeliveryReceipt> lockEarlyReceipt(String carrier, String carrierMessageId) {
    Objects.requireNonNull(carrier, "carrier == null");
    Objects.requireNonNull(carrierMessageId, "carrierMessageId == null");
    Sql.Binder key = ps -> {
      ps.setString(1, carrier);
      ps.setString(2, carrierMessageId);
    };
    return run("lockEarlyReceipt", c -> {
      // As lockEpisode: the key row exists before it is locked, so a transaction recording the send of this message
      // id and one keeping a receipt for it wait for each other even when no receipt is kept yet.
      for (int attempt = 0; attempt < EPISODE_LOCK_ATTEMPTS; attempt++) {
        // As there: a key row we inserted means no receipt is kept, and the row is ours until we end.
        if (Sql.insertIfAbsent(c, dialect, INSERT_EARLY_RECEIPT_KEY, key)) return Optional.empty();
        Optional<Optional<DeliveryReceipt>> row = Sql.first(c, LOCK_EARLY_RECEIPT, key,
            rs -> Optional.ofNullable(Rows.earlyReceiptOrNull(rs)));
        if (row.isPresent()) return row.get();
      }
      throw new SqlErrors.TransactionConflictException("lockEarlyReceipt: the lock row kept disappearing", null);
    });
  }

  /**
   * On PostgreSQL one request of three statements, run in order: the key row of the message id (inserted when
   * absent), the lock on it with the receipt it holds, the lock on the outbox entry. The same statements and order
   * as {@link #lockEarlyReceipt} then {@link #lockOutbox}, one round trip instead of two.
   */
  @Override
  public SendRecordLocks lockSendRecord(String carrier, String carrierMessageId, String outboxId) {
    Objects.requireNonNull(carrier, "carrier == null");
    Objects.requireNonNull(carrierMessageId, "carrierMessageId == null");
    Objects.requireNonNull(outboxId, "outboxId == null");
    if (dialect != JdbcDialect.POSTGRESQL) {
      return StoreTransaction.super.lockSendRecord(carrier, carrierMessageId, outboxId);
    }
    List<List<?>> found = run("lockSendRecord", c -> Sql.lists(c, INSERT_EARLY_RECEIPT_KEY + " ON CONFLICT DO NOTHING;"
        + LOCK_EARLY_RECEIPT + ";" + SELECT_OUTBOX + " WHERE id = ? FOR UPDATE", ps -> {
          ps.setString(1, carrier);
          ps.setString(2, carrierMessageId);
          ps.setString(3, carrier);
          ps.setString(4, carrierMessageId);
          ps.setString(5, outboxId);
        }, List.of(rs -> Optional.ofNullable(Rows.earlyReceiptOrNull(rs)), Rows::outbox)));
    if (found.get(0).isEmpty()) {
      // A purge removed the key row between the insert and the lock: take the locks the long way. The entry is
      // locked already, so here the key comes second; a deadlock would need a transaction holding this new key
      // while waiting for this entry, which the receipt path cannot (it finds no entry under an unrecorded id), and
      // PostgreSQL would end it for a retry anyway.
      return StoreTransaction.super.lockSendRecord(carrier, carrierMessageId, outboxId);
    }
    Optional<?> early = (Optional<?>) found.get(0).get(0);
    return new SendRecordLocks((DeliveryReceipt) early.orElse(null), (OutboxEntry) first(found.get(1)));
  }

  @Override
  public void saveEarlyReceipt(DeliveryReceipt receipt) {
    Objects.requireNonNull(receipt, "receipt == null");
    run("saveEarlyReceipt", c -> {
      int updated = Sql.update(c, "UPDATE textback_early_receipt SET status = ?, error_code = ?, failure_reason = ?,"
          + " reported_at = ? WHERE carrier = ? AND message_id = ?", ps -> {
            Rows.setEnum(ps, 1, receipt.status());
            ps.setString(2, receipt.errorCode());
            Rows.setEnum(ps, 3, receipt.failureReason());
            Rows.setInstant(ps, 4, receipt.at());
            ps.setString(5, receipt.carrier().name());
            ps.setString(6, receipt.messageId());
          });
      if (updated == 0 && !Sql.insertIfAbsent(c, dialect, "INSERT INTO textback_early_receipt ("
          + Rows.EARLY_RECEIPT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, receipt.carrier().name());
            ps.setString(2, receipt.messageId());
            Rows.setEnum(ps, 3, receipt.status());
            ps.setString(4, receipt.errorCode());
            Rows.setEnum(ps, 5, receipt.failureReason());
            Rows.setInstant(ps, 6, receipt.at());
          })) {
        throw new DuplicateKeyException("a receipt for " + receipt.carrier() + " message " + receipt.messageId()
            + " was kept concurrently");
      }
      return null;
    });
  }

  @Override
  public void deleteEarlyReceipt(String carrier, String carrierMessageId) {
    Objects.requireNonNull(carrier, "carrier == null");
    Objects.requireNonNull(carrierMessageId, "carrierMessageId == null");
    defer("deleteEarlyReceipt", "DELETE FROM textback_early_receipt WHERE carrier = ? AND message_id = ?",
        (ps, from) -> {
          ps.setString(from, carrier);
          ps.setString(from + 1, carrierMessageId);
          return from + 2;
        }, (c, deleted) -> {});
  }

  @Override
  public void updateOutbox(OutboxEntry entry) {
    Objects.requireNonNull(entry, "entry == null");
    defer("updateOutbox", "UPDATE textback_outbox SET " + Rows.OUTBOX_ASSIGNMENTS + " WHERE id = ?", (ps, from) -> {
      int i = Rows.bindOutboxValues(ps, from, entry);
      ps.setString(i++, entry.id());
      return i;
    }, (c, updated) -> {
      if (updated == 0) throw new TextBackException("updateOutbox: no outbox entry " + entry.id());
    });
  }

  @Override
  public List<OutboxEntry> lockPendingTo(String businessId, PhoneNumber to, OutboxKind kind) {
    Objects.requireNonNull(businessId, "businessId == null");
    Objects.requireNonNull(to, "to == null");
    Objects.requireNonNull(kind, "kind == null");
    return run("lockPendingTo", c -> Sql.list(c, SELECT_OUTBOX + " WHERE business_id = ? AND to_number = ?"
        // The status is a literal so PostgreSQL can use the partial index on pending entries in generic plans.
        + " AND kind = ? AND status = 'PENDING' ORDER BY due_at, id FOR UPDATE", ps -> {
          ps.setString(1, businessId);
          Rows.setPhone(ps, 2, to);
          Rows.setEnum(ps, 3, kind);
        }, Rows::outbox));
  }

  // -- inbound dedupe -----------------------------------------------------------------------------------------

  @Override
  public boolean insertInboundIfNew(String carrier, String messageId, Instant at) {
    Objects.requireNonNull(carrier, "carrier == null");
    Objects.requireNonNull(messageId, "messageId == null");
    Objects.requireNonNull(at, "at == null");
    return run("insertInboundIfNew", c -> Sql.insertIfAbsent(c, dialect,
        "INSERT INTO textback_inbound (carrier, message_id, received_at) VALUES (?, ?, ?)", ps -> {
          ps.setString(1, carrier);
          ps.setString(2, messageId);
          Rows.setInstant(ps, 3, at);
        }));
  }

  @Override
  public void saveInboundReply(String carrier, String messageId, String reply) {
    Objects.requireNonNull(carrier, "carrier == null");
    Objects.requireNonNull(messageId, "messageId == null");
    Objects.requireNonNull(reply, "reply == null");
    run("saveInboundReply", c -> Sql.update(c,
        "UPDATE textback_inbound SET reply = ? WHERE carrier = ? AND message_id = ?", ps -> {
          ps.setString(1, reply);
          ps.setString(2, carrier);
          ps.setString(3, messageId);
        }));
  }

  @Override
  public Optional<String> findInboundReply(String carrier, String messageId) {
    Objects.requireNonNull(carrier, "carrier == null");
    Objects.requireNonNull(messageId, "messageId == null");
    return run("findInboundReply", c -> Sql.first(c,
        "SELECT reply FROM textback_inbound WHERE carrier = ? AND message_id = ?", ps -> {
          ps.setString(1, carrier);
          ps.setString(2, messageId);
        }, rs -> rs.getString(1)));
  }

  // -- pending calls ------------------------------------------------------------------------------------------

  @Override
  public Optional<PendingCall> lockPendingCall(String carrier, String callId) {
    Objects.requireNonNull(carrier, "carrier == null");
    Objects.requireNonNull(callId, "callId == null");
    return run("lockPendingCall", c -> Sql.first(c,
        "SELECT carrier, call_id, state, updated_at FROM textback_pending_call WHERE carrier = ? AND call_id = ?"
            + " FOR UPDATE", ps -> {
          ps.setString(1, carrier);
          ps.setString(2, callId);
        }, rs -> new PendingCall(rs.getString("carrier"), rs.getString("call_id"),
            PendingCallState.decode(rs.getString("state")), Rows.instant(rs, "updated_at"))));
  }

  @Override
  public void insertPendingCall(PendingCall call) {
    Objects.requireNonNull(call, "call == null");
    boolean inserted = run("insertPendingCall", c -> Sql.insertIfAbsent(c, dialect,
        "INSERT INTO textback_pending_call (carrier, call_id, state, updated_at) VALUES (?, ?, ?, ?)", ps -> {
          ps.setString(1, call.carrier());
          ps.setString(2, call.callId());
          ps.setString(3, PendingCallState.encode(call.values()));
          Rows.setInstant(ps, 4, call.updatedAt());
        }));
    if (!inserted) {
      throw new DuplicateKeyException("pending call " + call.carrier() + "/" + call.callId() + " exists");
    }
  }

  @Override
  public void updatePendingCall(PendingCall call) {
    Objects.requireNonNull(call, "call == null");
    run("updatePendingCall", c -> Sql.update(c,
        "UPDATE textback_pending_call SET state = ?, updated_at = ? WHERE carrier = ? AND call_id = ?", ps -> {
          ps.setString(1, PendingCallState.encode(call.values()));
          Rows.setInstant(ps, 2, call.updatedAt());
          ps.setString(3, call.carrier());
          ps.setString(4, call.callId());
        }));
  }

  @Override
  public boolean deletePendingCall(String carrier, String callId) {
    Objects.requireNonNull(carrier, "carrier == null");
    Objects.requireNonNull(callId, "callId == null");
    return run("deletePendingCall", c -> Sql.update(c,
        "DELETE FROM textback_pending_call WHERE carrier = ? AND call_id = ?", ps -> {
          ps.setString(1, carrier);
          ps.setString(2, callId);
        })) > 0;
  }

  // -- conversations ------------------------------------------------------------------------------------------

  @Override
  public Optional<Conversation> lockLiveConversation(String businessId, PhoneNumber caller) {
    Objects.requireNonNull(businessId, "businessId == null");
    Objects.requireNonNull(caller, "caller == null");
    String latest = SELECT_CONVERSATION + " WHERE business_id = ? AND caller = ? AND status <> 'CLOSED'"
        + " ORDER BY opened_at DESC, id DESC LIMIT 1";
    String lock = latest + " FOR UPDATE";
    Sql.Binder binder = ps -> {
      ps.setString(1, businessId);
      Rows.setPhone(ps, 2, caller);
    };
    return run("lockLiveConversation", c -> {
      // If the lock waited for a transaction that closed this conversation and opened a newer one, it comes back
      // empty or with an older one: its snapshot predates the newer one. A plain read now that the waiting is over
      // sees the newer one; only then is the lock taken again. A plain read is much cheaper than a second locking
      // one on H2, and answers for every caller without a newer conversation (almost all).
      Optional<Conversation> locked;
      Optional<Conversation> now;
      if (dialect == JdbcDialect.POSTGRESQL) {
        // Both in one request: PostgreSQL runs the read after the lock, waiting included.
        List<List<?>> both = Sql.lists(c, lock + ";" + latest, ps -> {
          binder.bind(ps);
          ps.setString(3, businessId);
          Rows.setPhone(ps, 4, caller);
        }, List.of(Rows::conversation, Rows::conversation));
        locked = Optional.ofNullable((Conversation) first(both.get(0)));
        now = Optional.ofNullable((Conversation) first(both.get(1)));
      } else {
        locked = Sql.first(c, lock, binder, Rows::conversation);
        now = Sql.first(c, latest, binder, Rows::conversation);
      }
      return now.equals(locked) ? locked : Sql.first(c, lock, binder, Rows::conversation);
    });
  }

  @Override
  public Optional<Conversation> lockConversation(String id) {
    Objects.requireNonNull(id, "id == null");
    return run("lockConversation", c -> Sql.first(c, SELECT_CONVERSATION + " WHERE id = ? FOR UPDATE",
        ps -> ps.setString(1, id), Rows::conversation));
  }

  @Override
  public void insertConversation(Conversation conversation) {
    Objects.requireNonNull(conversation, "conversation == null");
    boolean inserted = run("insertConversation", c -> Sql.insertIfAbsent(c, dialect, "INSERT INTO"
        + " textback_conversation (" + Rows.CONVERSATION_COLUMNS + ") VALUES (" + Rows.placeholders(15) + ")", ps -> {
          ps.setString(1, conversation.id());
          Rows.bindConversationValues(ps, 2, conversation);
        }));
    if (!inserted) throw new DuplicateKeyException("conversation " + conversation.id() + " already exists");
  }

  @Override
  public void updateConversation(Conversation conversation) {
    Objects.requireNonNull(conversation, "conversation == null");
    defer("updateConversation", "UPDATE textback_conversation SET " + Rows.CONVERSATION_ASSIGNMENTS + " WHERE id = ?",
        (ps, from) -> {
          int i = Rows.bindConversationValues(ps, from, conversation);
          ps.setString(i++, conversation.id());
          return i;
        }, (c, updated) -> {
          if (updated == 0) throw new TextBackException("updateConversation: no conversation " + conversation.id());
        });
  }

  @Override
  public void insertMessage(ConversationMessage message) {
    Objects.requireNonNull(message, "message == null");
    boolean inserted = run("insertMessage", c -> Sql.insertIfAbsent(c, dialect,
        "INSERT INTO textback_message (" + Rows.MESSAGE_COLUMNS + ") VALUES (" + Rows.placeholders(9) + ")",
        ps -> Rows.bindMessage(ps, 1, message)));
    if (!inserted) throw new DuplicateKeyException("message " + message.id() + " already exists");
  }

  /**
   * On PostgreSQL the four inserts are one statement, each insert a data-modifying {@code WITH} part that reports
   * whether it wrote its row: one round trip and one plan instead of four. The parts touch different tables and see
   * the same snapshot; no constraint ties them to each other.
   */
  @Override
  public void insertQueuedText(Conversation conversation, OutboxEntry entry, ConversationMessage message,
      CallRecord call) {
    Objects.requireNonNull(conversation, "conversation == null");
    Objects.requireNonNull(entry, "entry == null");
    Objects.requireNonNull(message, "message == null");
    Objects.requireNonNull(call, "call == null");
    if (dialect != JdbcDialect.POSTGRESQL) {
      StoreTransaction.super.insertQueuedText(conversation, entry, message, call);
      return;
    }
    int[] inserted = query("insertQueuedText", INSERT_QUEUED_TEXT, (ps, from) -> {
      ps.setString(from, conversation.id());
      int i = Rows.bindConversationValues(ps, from + 1, conversation);
      ps.setString(i++, entry.id());
      i = Rows.bindOutboxValues(ps, i, entry);
      i = Rows.bindMessage(ps, i, message);
      return Rows.bindCall(ps, i, call);
    }, rs -> new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)});
    if (inserted[0] == 0) throw new DuplicateKeyException("conversation " + conversation.id() + " already exists");
    if (inserted[1] == 0) throw new DuplicateKeyException("outbox entry " + entry.id() + " already exists");
    if (inserted[2] == 0) throw new DuplicateKeyException("message " + message.id() + " already exists");
    if (inserted[3] == 0) {
      throw new DuplicateKeyException("call " + call.carrier() + "/" + call.callId() + " is already recorded");
    }
  }

  @Override
  public int countAutomaticMessagesSince(String conversationId, Instant since) {
    Objects.requireNonNull(conversationId, "conversationId == null");
    Objects.requireNonNull(since, "since == null");
    return run("countAutomaticMessagesSince", c -> Sql.first(c, "SELECT COUNT(*) FROM textback_message"
        + " WHERE conversation_id = ? AND automatic = TRUE AND direction = 'OUTBOUND' AND message_at >= ?", ps -> {
          ps.setString(1, conversationId);
          Rows.setInstant(ps, 2, since);
        }, rs -> rs.getInt(1)).orElse(0));
  }

  // -- plumbing -----------------------------------------------------------------------------------------------

  private <T extends @Nullable Object> T run(String operation, Sql.Work<T> work) {
    checkOpen(operation);
    try {
      flush();
      begin();
      return work.run(connection);
    } catch (SQLException e) {
      throw SqlErrors.translate(e, operation);
    }
  }

  /** As {@link #run}, for a read that locks nothing: it does not begin the transaction. */
  private <T extends @Nullable Object> T read(String operation, Sql.Work<T> work) {
    checkOpen(operation);
    try {
      flush();
      return work.run(connection);
    } catch (SQLException e) {
      throw SqlErrors.translate(e, operation);
    }
  }

  private void begin() throws SQLException {
    if (!begun) {
      connection.setAutoCommit(false);
      begun = true;
    }
  }

  private void checkOpen(String operation) {
    if (!open) {
      throw new IllegalStateException(operation + ": the transaction is over; use the store inside the work only");
    }
  }

  /** Binds a statement's parameters from index {@code from} on; returns the next free index. */
  @FunctionalInterface
  private interface Params {
    int bind(PreparedStatement ps, int from) throws SQLException;
  }

  /** What to make of a held-back write's row count once it is known. */
  @FunctionalInterface
  private interface OnCount {
    void accept(Connection c, int count) throws SQLException;
  }

  /** A write held back to go out in one request with the writes after it and the next statement, or the commit. */
  private record Deferred(String operation, String sql, Params params, OnCount onCount) {}

  /**
   * On PostgreSQL, holds a write back until the next statement or the end of the work, so consecutive writes (and
   * the statement after them) share one round trip; elsewhere runs it at once. Nothing is reordered: every other
   * statement first sends what is held back, so reads still see the transaction's writes, and a held-back write's
   * check only looks at its row count. A failing check (no row to update) surfaces at that next statement or at the
   * end of the work, inside the transaction either way, under the held-back write's name.
   */
  private void defer(String operation, String sql, Params params, OnCount onCount) {
    checkOpen(operation);
    Deferred write = new Deferred(operation, sql, params, onCount);
    if (dialect == JdbcDialect.POSTGRESQL) {
      deferred.add(write);
      return;
    }
    try {
      send(List.of(write), null, null, null);
    } catch (SQLException e) {
      throw SqlErrors.translate(e, operation);
    }
  }

  /** Sends the held-back writes, if any; called before every other statement and when the work returns. */
  void flush() {
    if (deferred.isEmpty()) return;
    List<Deferred> writes = List.copyOf(deferred);
    deferred.clear();
    try {
      send(writes, null, null, null);
    } catch (SQLException e) {
      throw SqlErrors.translate(e, names(writes));
    }
  }

  private static String names(List<Deferred> writes) {
    StringJoiner names = new StringJoiner(" + ");
    for (Deferred w : writes) names.add(w.operation());
    return names.toString();
  }

  /**
   * Runs a query that returns one row, in one request with the writes held back before it (PostgreSQL: the
   * statements are separated by semicolons and run in order).
   */
  private <T> T query(String operation, String sql, Params params, Sql.Mapper<T> mapper) {
    checkOpen(operation);
    List<Deferred> writes = List.copyOf(deferred);
    deferred.clear();
    try {
      return Objects.requireNonNull(send(writes, sql, params, mapper), operation + ": no row");
    } catch (SQLException e) {
      throw SqlErrors.translate(e, operation);
    }
  }

  private <T> @Nullable T send(List<Deferred> writes, @Nullable String querySql, @Nullable Params queryParams,
      Sql.@Nullable Mapper<T> mapper) throws SQLException {
    StringJoiner sql = new StringJoiner(";");
    for (Deferred w : writes) sql.add(w.sql());
    if (querySql != null) sql.add(querySql);
    int[] counts = new int[writes.size()];
    T row = null;
    begin();
    try (PreparedStatement ps = connection.prepareStatement(sql.toString())) {
      int i = 1;
      for (Deferred w : writes) i = w.params().bind(ps, i);
      if (queryParams != null) queryParams.bind(ps, i);
      if (writes.size() == 1 && querySql == null) {
        // A single write (every write on H2 and SQLite): executeUpdate, which leaves the statement reusable where
        // the connection keeps prepared statements.
        counts[0] = ps.executeUpdate();
      } else {
        row = sendCombined(ps, writes, counts, mapper);
      }
    }
    for (int k = 0; k < writes.size(); k++) writes.get(k).onCount().accept(connection, counts[k]);
    return row;
  }

  /** Runs held-back writes and a query sent as one statement; fills in the writes' row counts, returns the row. */
  private static <T> @Nullable T sendCombined(PreparedStatement ps, List<Deferred> writes, int[] counts,
      Sql.@Nullable Mapper<T> mapper) throws SQLException {
    T row = null;
    boolean isQuery = ps.execute();
    for (int k = 0; k < writes.size(); k++) {
      if (isQuery) throw new SQLException(writes.get(k).operation() + ": expected a row count, got rows");
      counts[k] = ps.getUpdateCount();
      isQuery = ps.getMoreResults();
    }
    if (mapper != null) {
      if (!isQuery) throw new SQLException("expected rows after " + writes.size() + " held-back writes");
      try (ResultSet rs = ps.getResultSet()) {
        if (rs.next()) row = mapper.map(rs);
      }
    }
    return row;
  }

  private static List<String> distinct(Collection<String> scopeKeys) {
    Objects.requireNonNull(scopeKeys, "scopeKeys == null");
    List<String> keys = new ArrayList<>(new LinkedHashSet<>(scopeKeys));
    keys.forEach(k -> Objects.requireNonNull(k, "scope key == null"));
    return keys;
  }
}
