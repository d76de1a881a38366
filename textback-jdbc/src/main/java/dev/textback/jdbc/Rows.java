package dev.textback.jdbc;

import dev.textback.call.CallOutcome;
import dev.textback.message.DeliveryReceipt;
import dev.textback.message.DeliveryStatus;
import dev.textback.message.PermanentFailureReason;
import dev.textback.phone.CarrierId;
import dev.textback.phone.PhoneNumber;
import dev.textback.policy.Episode;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.ConversationStatus;
import dev.textback.reply.Direction;
import dev.textback.rules.Reason;
import dev.textback.spi.CallRecord;
import dev.textback.spi.OptOutRecord;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.UnreachableNumber;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/** Column lists, parameter binding and row mapping for the textback tables. */
final class Rows {
  static final String CALL_COLUMNS = "carrier, call_id, business_id, dialled, caller, outcome, called_at, decided_at,"
      + " reason, detail, due_at, outbox_id, conversation_id";
  static final String EPISODE_COLUMNS = "business_id, caller, first_call_id, started_at, last_call_at, expires_at,"
      + " calls";
  static final String OPT_OUT_COLUMNS = "scope_key, caller, opted_out_at, source";
  static final String UNREACHABLE_COLUMNS = "phone_number, reason, carrier_code, reported_at";
  static final String OUTBOX_COLUMNS = "id, kind, business_id, carrier, from_number, to_number, body, conversation_id,"
      + " call_id, called_at, created_at, due_at, expires_at, status, attempts, total_attempts, lease_owner,"
      + " lease_until, carrier_message_id, segments, sent_at, delivered_at, last_error, possible_duplicate,"
      + " conversation_message_id, taken_over";
  /** Every outbox column but the id, as {@code column = ?} for an update by id. */
  static final String OUTBOX_ASSIGNMENTS = "kind = ?, business_id = ?, carrier = ?, from_number = ?, to_number = ?,"
      + " body = ?, conversation_id = ?, call_id = ?, called_at = ?, created_at = ?, due_at = ?, expires_at = ?,"
      + " status = ?, attempts = ?, total_attempts = ?, lease_owner = ?, lease_until = ?, carrier_message_id = ?,"
      + " segments = ?, sent_at = ?, delivered_at = ?, last_error = ?, possible_duplicate = ?,"
      + " conversation_message_id = ?, taken_over = ?";
  static final String CONVERSATION_COLUMNS = "id, business_id, business_number, caller, carrier, call_id, opened_at,"
      + " status, owner_name, last_activity_at, first_reply_at, first_response_at, awaiting_since, escalate_at,"
      + " handled_at";
  static final String CONVERSATION_ASSIGNMENTS = "business_id = ?, business_number = ?, caller = ?, carrier = ?,"
      + " call_id = ?, opened_at = ?, status = ?, owner_name = ?, last_activity_at = ?, first_reply_at = ?,"
      + " first_response_at = ?, awaiting_since = ?, escalate_at = ?, handled_at = ?";
  static final String EARLY_RECEIPT_COLUMNS = "carrier, message_id, status, error_code, failure_reason, reported_at";
  static final String MESSAGE_COLUMNS = "id, conversation_id, direction, body, message_at, automatic, author,"
      + " carrier_message_id, media_urls";

  private Rows() {}

  /** {@code ?, ?, ?} for {@code n} parameters. */
  static String placeholders(int n) {
    StringJoiner joiner = new StringJoiner(", ");
    for (int i = 0; i < n; i++) joiner.add("?");
    return joiner.toString();
  }

  // -- binding ------------------------------------------------------------------------------------------------

  /**
   * Binds an instant as TIMESTAMP WITH TIME ZONE. Both databases keep microseconds; truncating here makes the
   * stored value predictable instead of leaving the rounding to the driver.
   */
  static void setInstant(PreparedStatement ps, int index, @Nullable Instant instant) throws SQLException {
    if (instant == null) {
      ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(index, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }
  }

  static void setPhone(PreparedStatement ps, int index, @Nullable PhoneNumber number) throws SQLException {
    ps.setString(index, number == null ? null : number.e164());
  }

  static void setEnum(PreparedStatement ps, int index, @Nullable Enum<?> value) throws SQLException {
    ps.setString(index, value == null ? null : value.name());
  }

  /** Binds the strings from {@code index} on; returns the next free index. */
  static int setStrings(PreparedStatement ps, int index, Collection<String> values) throws SQLException {
    for (String value : values) ps.setString(index++, value);
    return index;
  }

  /** Binds all the call's columns, in {@link #CALL_COLUMNS} order, from {@code index}; returns the next free index. */
  static int bindCall(PreparedStatement ps, int index, CallRecord c) throws SQLException {
    ps.setString(index++, c.carrier());
    ps.setString(index++, c.callId());
    ps.setString(index++, c.businessId());
    setPhone(ps, index++, c.dialled());
    setPhone(ps, index++, c.caller());
    setEnum(ps, index++, c.outcome());
    setInstant(ps, index++, c.calledAt());
    setInstant(ps, index++, c.decidedAt());
    setEnum(ps, index++, c.reason());
    ps.setString(index++, c.detail());
    setInstant(ps, index++, c.dueAt());
    ps.setString(index++, c.outboxId());
    ps.setString(index++, c.conversationId());
    return index;
  }

  /** Binds the episode's non-key columns from {@code index}; returns the next free index. */
  static int bindEpisodeValues(PreparedStatement ps, int index, Episode e) throws SQLException {
    ps.setString(index++, e.firstCallId());
    setInstant(ps, index++, e.startedAt());
    setInstant(ps, index++, e.lastCallAt());
    setInstant(ps, index++, e.expiresAt());
    ps.setInt(index++, e.calls());
    return index;
  }

  /** Binds every outbox column but the id from {@code index}, in {@link #OUTBOX_ASSIGNMENTS} order. */
  static int bindOutboxValues(PreparedStatement ps, int index, OutboxEntry e) throws SQLException {
    setEnum(ps, index++, e.kind());
    ps.setString(index++, e.businessId());
    ps.setString(index++, e.carrier());
    setPhone(ps, index++, e.from());
    setPhone(ps, index++, e.to());
    ps.setString(index++, e.body());
    ps.setString(index++, e.conversationId());
    ps.setString(index++, e.callId());
    setInstant(ps, index++, e.calledAt());
    setInstant(ps, index++, e.createdAt());
    setInstant(ps, index++, e.dueAt());
    setInstant(ps, index++, e.expiresAt());
    setEnum(ps, index++, e.status());
    ps.setInt(index++, e.attempts());
    ps.setInt(index++, e.totalAttempts());
    ps.setString(index++, e.leaseOwner());
    setInstant(ps, index++, e.leaseUntil());
    ps.setString(index++, e.carrierMessageId());
    ps.setInt(index++, e.segments());
    setInstant(ps, index++, e.sentAt());
    setInstant(ps, index++, e.deliveredAt());
    ps.setString(index++, e.lastError());
    ps.setBoolean(index++, e.possibleDuplicate());
    ps.setString(index++, e.conversationMessageId());
    ps.setBoolean(index++, e.takenOver());
    return index;
  }

  /** Binds every conversation column but the id from {@code index}, in {@link #CONVERSATION_ASSIGNMENTS} order. */
  static int bindConversationValues(PreparedStatement ps, int index, Conversation c) throws SQLException {
    ps.setString(index++, c.businessId());
    setPhone(ps, index++, c.businessNumber());
    setPhone(ps, index++, c.caller());
    ps.setString(index++, c.carrier());
    ps.setString(index++, c.callId());
    setInstant(ps, index++, c.openedAt());
    setEnum(ps, index++, c.status());
    ps.setString(index++, c.owner());
    setInstant(ps, index++, c.lastActivityAt());
    setInstant(ps, index++, c.firstReplyAt());
    setInstant(ps, index++, c.firstResponseAt());
    setInstant(ps, index++, c.awaitingSince());
    setInstant(ps, index++, c.escalateAt());
    setInstant(ps, index++, c.handledAt());
    return index;
  }

  /**
   * Binds all the message's columns, in {@link #MESSAGE_COLUMNS} order, from {@code index}; returns the next free
   * index.
   */
  static int bindMessage(PreparedStatement ps, int index, ConversationMessage m) throws SQLException {
    ps.setString(index++, m.id());
    ps.setString(index++, m.conversationId());
    setEnum(ps, index++, m.direction());
    ps.setString(index++, m.body());
    setInstant(ps, index++, m.at());
    ps.setBoolean(index++, m.automatic());
    ps.setString(index++, m.author());
    ps.setString(index++, m.carrierMessageId());
    // URLs never contain raw line breaks, so one per line round-trips without an extra table.
    ps.setString(index++, m.mediaUrls().isEmpty() ? null : String.join("\n", m.mediaUrls()));
    return index;
  }

  // -- mapping ------------------------------------------------------------------------------------------------

  static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  static @Nullable PhoneNumber phone(ResultSet rs, String column) throws SQLException {
    String value = rs.getString(column);
    return value == null ? null : PhoneNumber.of(value);
  }

  static <E extends Enum<E>> @Nullable E enumValue(ResultSet rs, String column, Class<E> type) throws SQLException {
    String value = rs.getString(column);
    return value == null ? null : Enum.valueOf(type, value);
  }

  static CallRecord call(ResultSet rs) throws SQLException {
    return CallRecord.builder()
        .carrier(rs.getString("carrier"))
        .callId(rs.getString("call_id"))
        .businessId(rs.getString("business_id"))
        .dialled(phone(rs, "dialled"))
        .caller(phone(rs, "caller"))
        .outcome(enumValue(rs, "outcome", CallOutcome.class))
        .calledAt(instant(rs, "called_at"))
        .decidedAt(instant(rs, "decided_at"))
        .reason(enumValue(rs, "reason", Reason.class))
        .detail(rs.getString("detail"))
        .dueAt(instant(rs, "due_at"))
        .outboxId(rs.getString("outbox_id"))
        .conversationId(rs.getString("conversation_id"))
        .build();
  }

  /** The episode in the row, or null for a row that only holds the lock of a pair without an episode. */
  static @Nullable Episode episodeOrNull(ResultSet rs) throws SQLException {
    String firstCallId = rs.getString("first_call_id");
    if (firstCallId == null) return null;
    return new Episode(rs.getString("business_id"), phone(rs, "caller"), firstCallId, instant(rs, "started_at"),
        instant(rs, "last_call_at"), instant(rs, "expires_at"), rs.getInt("calls"));
  }

  /** The receipt in the row, or null for a row that only holds the lock of a message id without a receipt. */
  static @Nullable DeliveryReceipt earlyReceiptOrNull(ResultSet rs) throws SQLException {
    DeliveryStatus status = enumValue(rs, "status", DeliveryStatus.class);
    if (status == null) return null;
    return new DeliveryReceipt(CarrierId.of(rs.getString("carrier")), rs.getString("message_id"), status,
        rs.getString("error_code"), instant(rs, "reported_at"),
        enumValue(rs, "failure_reason", PermanentFailureReason.class));
  }

  static OptOutRecord optOut(ResultSet rs) throws SQLException {
    return new OptOutRecord(rs.getString("scope_key"), phone(rs, "caller"), instant(rs, "opted_out_at"),
        rs.getString("source"));
  }

  static UnreachableNumber unreachable(ResultSet rs) throws SQLException {
    return new UnreachableNumber(phone(rs, "phone_number"), enumValue(rs, "reason", PermanentFailureReason.class),
        rs.getString("carrier_code"), instant(rs, "reported_at"));
  }

  static OutboxEntry outbox(ResultSet rs) throws SQLException {
    return OutboxEntry.builder()
        .id(rs.getString("id"))
        .kind(enumValue(rs, "kind", OutboxKind.class))
        .businessId(rs.getString("business_id"))
        .carrier(rs.getString("carrier"))
        .from(phone(rs, "from_number"))
        .to(phone(rs, "to_number"))
        .body(rs.getString("body"))
        .conversationId(rs.getString("conversation_id"))
        .callId(rs.getString("call_id"))
        .calledAt(instant(rs, "called_at"))
        .createdAt(instant(rs, "created_at"))
        .dueAt(instant(rs, "due_at"))
        .expiresAt(instant(rs, "expires_at"))
        .status(enumValue(rs, "status", OutboxStatus.class))
        .attempts(rs.getInt("attempts"))
        .totalAttempts(rs.getInt("total_attempts"))
        .leaseOwner(rs.getString("lease_owner"))
        .leaseUntil(instant(rs, "lease_until"))
        .carrierMessageId(rs.getString("carrier_message_id"))
        .segments(rs.getInt("segments"))
        .sentAt(instant(rs, "sent_at"))
        .deliveredAt(instant(rs, "delivered_at"))
        .lastError(rs.getString("last_error"))
        .possibleDuplicate(rs.getBoolean("possible_duplicate"))
        .conversationMessageId(rs.getString("conversation_message_id"))
        .takenOver(rs.getBoolean("taken_over"))
        .build();
  }

  static Conversation conversation(ResultSet rs) throws SQLException {
    return Conversation.builder()
        .id(rs.getString("id"))
        .businessId(rs.getString("business_id"))
        .businessNumber(phone(rs, "business_number"))
        .caller(phone(rs, "caller"))
        .carrier(rs.getString("carrier"))
        .callId(rs.getString("call_id"))
        .openedAt(instant(rs, "opened_at"))
        .status(enumValue(rs, "status", ConversationStatus.class))
        .owner(rs.getString("owner_name"))
        .lastActivityAt(instant(rs, "last_activity_at"))
        .firstReplyAt(instant(rs, "first_reply_at"))
        .firstResponseAt(instant(rs, "first_response_at"))
        .awaitingSince(instant(rs, "awaiting_since"))
        .escalateAt(instant(rs, "escalate_at"))
        .handledAt(instant(rs, "handled_at"))
        .build();
  }

  static ConversationMessage message(ResultSet rs) throws SQLException {
    String media = rs.getString("media_urls");
    List<String> mediaUrls = media == null || media.isEmpty() ? List.of() : Arrays.asList(media.split("\n"));
    return ConversationMessage.builder()
        .id(rs.getString("id"))
        .conversationId(rs.getString("conversation_id"))
        .direction(enumValue(rs, "direction", Direction.class))
        .body(rs.getString("body"))
        .at(instant(rs, "message_at"))
        .automatic(rs.getBoolean("automatic"))
        .author(rs.getString("author"))
        .carrierMessageId(rs.getString("carrier_message_id"))
        .mediaUrls(mediaUrls)
        .build();
  }
}
