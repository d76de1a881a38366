package dev.textback.jdbc;

import dev.textback.phone.PhoneNumber;
import dev.textback.spi.CallActivity;
import dev.textback.spi.CallRecord;
import dev.textback.spi.OutboxEntry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The owner's call list and "call these back" list ({@code calls()}, {@code callBacks()}) and the called-back marks
 * ({@code markCalledBack()}): one page of calls by the (business, call time) index, then their text-backs,
 * conversations and marks by key, a bounded number of {@code IN} queries rather than one query per call.
 */
final class CallActivityQuery {
  /** Keys per {@code IN (...)} list, well below every database's parameter limit. */
  private static final int IN_CHUNK = 200;
  private static final String CALL_COLUMNS_OF_C = Arrays.stream(Rows.CALL_COLUMNS.split(","))
      .map(column -> "c." + column.strip()).collect(Collectors.joining(", "));
  private static final String NEWEST_FIRST = " ORDER BY c.called_at DESC, c.carrier, c.call_id LIMIT ?";

  private CallActivityQuery() {}

  static List<CallActivity> calls(Connection c, String businessId, Instant from, Instant to, int limit)
      throws SQLException {
    if (limit <= 0) return List.of();
    List<CallRecord> calls = Sql.list(c, "SELECT " + CALL_COLUMNS_OF_C + " FROM textback_call c"
        + " WHERE c.business_id = ? AND c.called_at >= ? AND c.called_at < ?" + NEWEST_FIRST, ps -> {
          ps.setString(1, businessId);
          Rows.setInstant(ps, 2, from);
          Rows.setInstant(ps, 3, to);
          ps.setInt(4, limit);
        }, Rows::call);
    return withDetails(c, businessId, calls);
  }

  static List<CallActivity> callBacks(Connection c, String businessId, Instant since, int limit)
      throws SQLException {
    if (limit <= 0) return List.of();
    // Texted (the carrier accepted the text-back), no reply in the call's conversation, no mark at or after the call;
    // and the caller has not been reached since: no reply in a later conversation (one a later call opened), no
    // answered call after it. Both look only at rows active since the call, by the (business, time) indexes.
    List<CallRecord> calls = Sql.list(c, "SELECT " + CALL_COLUMNS_OF_C + " FROM textback_call c"
        + " JOIN textback_outbox o ON o.id = c.outbox_id"
        + " LEFT JOIN textback_conversation v ON v.id = c.conversation_id"
        + " LEFT JOIN textback_call_back k ON k.business_id = c.business_id AND k.caller = c.caller"
        + " WHERE c.business_id = ? AND c.called_at >= ? AND c.caller IS NOT NULL AND o.sent_at IS NOT NULL"
        + " AND v.first_reply_at IS NULL AND (k.marked_at IS NULL OR k.marked_at < c.called_at)"
        + " AND NOT EXISTS (SELECT 1 FROM textback_conversation w WHERE w.business_id = c.business_id"
        + " AND w.last_activity_at >= c.called_at AND w.caller = c.caller AND w.first_reply_at >= c.called_at)"
        + " AND NOT EXISTS (SELECT 1 FROM textback_call a WHERE a.business_id = c.business_id"
        + " AND a.called_at > c.called_at AND a.caller = c.caller AND a.outcome = 'ANSWERED')" + NEWEST_FIRST,
        ps -> {
          ps.setString(1, businessId);
          Rows.setInstant(ps, 2, since);
          ps.setInt(3, limit);
        }, Rows::call);
    return withDetails(c, businessId, calls);
  }

  /** Replaces the business's mark for the caller, or adds one; a concurrent insert makes the store re-run it. */
  static void markCalledBack(Connection c, String businessId, PhoneNumber caller, Instant at, @Nullable String by)
      throws SQLException {
    int updated = Sql.update(c, "UPDATE textback_call_back SET marked_at = ?, marked_by = ?"
        + " WHERE business_id = ? AND caller = ?", ps -> {
          Rows.setInstant(ps, 1, at);
          ps.setString(2, by);
          ps.setString(3, businessId);
          Rows.setPhone(ps, 4, caller);
        });
    if (updated > 0) return;
    Sql.update(c, "INSERT INTO textback_call_back (business_id, caller, marked_at, marked_by) VALUES (?, ?, ?, ?)",
        ps -> {
          ps.setString(1, businessId);
          Rows.setPhone(ps, 2, caller);
          Rows.setInstant(ps, 3, at);
          ps.setString(4, by);
        });
  }

  private record Mark(Instant at, @Nullable String by) {}

  /** The calls with their text-backs, their callers' first replies and the marks that count for them. */
  private static List<CallActivity> withDetails(Connection c, String businessId, List<CallRecord> calls)
      throws SQLException {
    if (calls.isEmpty()) return List.of();
    Set<String> outboxIds = new LinkedHashSet<>();
    Set<String> conversationIds = new LinkedHashSet<>();
    Set<String> callers = new LinkedHashSet<>();
    for (CallRecord call : calls) {
      if (call.outboxId() != null) outboxIds.add(call.outboxId());
      if (call.conversationId() != null) conversationIds.add(call.conversationId());
      if (call.caller() != null) callers.add(call.caller().e164());
    }
    Map<String, OutboxEntry> texts = new HashMap<>();
    for (List<String> ids : chunks(outboxIds)) {
      for (OutboxEntry e : Sql.list(c, "SELECT " + Rows.OUTBOX_COLUMNS + " FROM textback_outbox WHERE id IN ("
          + Rows.placeholders(ids.size()) + ")", ps -> Rows.setStrings(ps, 1, ids), Rows::outbox)) {
        texts.put(e.id(), e);
      }
    }
    Map<String, Instant> replies = new HashMap<>();
    for (List<String> ids : chunks(conversationIds)) {
      Sql.list(c, "SELECT id, first_reply_at FROM textback_conversation WHERE first_reply_at IS NOT NULL AND id IN ("
          + Rows.placeholders(ids.size()) + ")", ps -> Rows.setStrings(ps, 1, ids), rs -> {
            replies.put(rs.getString("id"), Rows.instant(rs, "first_reply_at"));
            return null;
          });
    }
    Map<String, Mark> marks = new HashMap<>();
    for (List<String> numbers : chunks(callers)) {
      Sql.list(c, "SELECT caller, marked_at, marked_by FROM textback_call_back WHERE business_id = ? AND caller IN ("
          + Rows.placeholders(numbers.size()) + ")", ps -> {
            ps.setString(1, businessId);
            Rows.setStrings(ps, 2, numbers);
          }, rs -> {
            marks.put(rs.getString("caller"), new Mark(Rows.instant(rs, "marked_at"), rs.getString("marked_by")));
            return null;
          });
    }
    List<CallActivity> out = new ArrayList<>(calls.size());
    for (CallRecord call : calls) {
      Mark mark = call.caller() == null ? null : marks.get(call.caller().e164());
      boolean counts = mark != null && !mark.at().isBefore(call.calledAt());
      out.add(CallActivity.builder().call(call)
          .textBack(call.outboxId() == null ? null : texts.get(call.outboxId()))
          .callerRepliedAt(call.conversationId() == null ? null : replies.get(call.conversationId()))
          .calledBack(counts ? mark.at() : null, counts ? mark.by() : null)
          .build());
    }
    return out;
  }

  private static List<List<String>> chunks(Set<String> keys) {
    List<String> all = new ArrayList<>(keys);
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += IN_CHUNK) out.add(all.subList(i, Math.min(all.size(), i + IN_CHUNK)));
    return out;
  }
}
