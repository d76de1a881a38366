package dev.textback.store;

import dev.textback.call.CallOutcome;
import dev.textback.policy.Episode;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.ConversationStatus;
import dev.textback.reply.Direction;
import dev.textback.rules.Reason;
import dev.textback.spi.CallRecord;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the in-memory store writes its large tables (decided calls, episodes, the outbox, conversations, messages) as
 * bytes and reads them back. Each row starts with the values that whole-table scans filter on (a purge's dates, a
 * dashboard's business), so a scan reads those and skips the rest of a row it does not want. Not thread-safe: the
 * store uses it under its lock.
 */
final class StoredRows {
  private static final OutboxStatus[] OUTBOX_STATUSES = OutboxStatus.values();
  private static final OutboxKind[] OUTBOX_KINDS = OutboxKind.values();
  private static final ConversationStatus[] CONVERSATION_STATUSES = ConversationStatus.values();
  private static final Direction[] DIRECTIONS = Direction.values();
  private static final CallOutcome[] OUTCOMES = CallOutcome.values();
  private static final Reason[] REASONS = Reason.values();
  /** Short strings that repeat: carriers, businesses, owners, id prefixes, decision details. */
  private static final int NAMES = 4_096;
  private static final int NAME_LENGTH = 128;
  /** Texts of automatic messages (a business's text-back), which repeat across callers. */
  private static final int TEXTS = 1_024;
  private static final int TEXT_LENGTH = 1_600;

  private final RowBytes.Symbols names;
  private final RowBytes.Symbols texts;
  private final RowBytes.Writer writer;

  StoredRows() {
    this(NAMES, NAME_LENGTH, TEXTS, TEXT_LENGTH);
  }

  /** With dictionaries of the given bounds (tests fill small ones). */
  StoredRows(int names, int nameLength, int texts, int textLength) {
    this.names = new RowBytes.Symbols(names, nameLength);
    this.texts = new RowBytes.Symbols(texts, textLength);
    this.writer = new RowBytes.Writer(this.names, this.texts);
  }

  RowBytes.Reader reader(byte[] row) {
    return new RowBytes.Reader(row, names, texts);
  }

  // -- decided calls: calledAt, businessId, then the rest ------------------------------------------------------

  byte[] call(CallRecord c) {
    RowBytes.Writer w = writer.reset();
    w.instant(c.calledAt());
    w.name(c.businessId());
    w.name(c.carrier());
    w.id(c.callId());
    w.phone(c.dialled());
    w.phone(c.caller());
    w.enumValue(c.outcome());
    w.instant(c.decidedAt());
    w.enumValue(c.reason());
    w.name(c.detail());
    w.instant(c.dueAt());
    w.id(c.outboxId());
    w.id(c.conversationId());
    return w.toBytes();
  }

  CallRecord call(byte[] row) {
    RowBytes.Reader r = reader(row);
    Instant calledAt = r.requiredInstant();
    return CallRecord.builder().calledAt(calledAt).businessId(r.name()).carrier(req(r.name())).callId(req(r.id()))
        .dialled(req(r.phone())).caller(r.phone()).outcome(req(r.enumValue(OUTCOMES))).decidedAt(r.requiredInstant())
        .reason(req(r.enumValue(REASONS))).detail(req(r.name())).dueAt(r.instant()).outboxId(r.id())
        .conversationId(r.id()).build();
  }

  static Instant callCalledAt(RowBytes.Reader r) {
    return r.requiredInstant();
  }

  /** The (carrier, call id) of a call row. */
  String[] callKey(byte[] row) {
    RowBytes.Reader r = reader(row);
    r.skipInstant();
    r.skipString();
    return new String[] {req(r.name()), req(r.id())};
  }

  // -- episodes: expiresAt, then the rest --------------------------------------------------------------------

  byte[] episode(Episode e) {
    RowBytes.Writer w = writer.reset();
    w.instant(e.expiresAt());
    w.name(e.businessId());
    w.phone(e.caller());
    w.id(e.firstCallId());
    w.instant(e.startedAt());
    w.instant(e.lastCallAt());
    w.varLong(e.calls());
    return w.toBytes();
  }

  Episode episode(byte[] row) {
    RowBytes.Reader r = reader(row);
    Instant expiresAt = r.requiredInstant();
    String businessId = req(r.name());
    return new Episode(businessId, req(r.phone()), req(r.id()), r.requiredInstant(), r.requiredInstant(), expiresAt,
        Math.toIntExact(r.varLong()));
  }

  /** The (business, caller's E.164) of an episode row. */
  String[] episodeKey(byte[] row) {
    RowBytes.Reader r = reader(row);
    r.skipInstant();
    return new String[] {req(r.name()), req(r.e164())};
  }

  // -- outbox entries: status, createdAt, kind, businessId, calledAt, then the rest ---------------------------

  byte[] outbox(OutboxEntry e) {
    RowBytes.Writer w = writer.reset();
    w.enumValue(e.status());
    w.instant(e.createdAt());
    w.enumValue(e.kind());
    w.name(e.businessId());
    w.instant(e.calledAt());
    w.name(e.carrier());
    w.id(e.id());
    w.phone(e.from());
    w.phone(e.to());
    w.text(e.body(), e.kind() == OutboxKind.TEXT_BACK || e.kind() == OutboxKind.AUTO_REPLY);
    w.id(e.conversationId());
    w.id(e.callId());
    w.instant(e.dueAt());
    w.instant(e.expiresAt());
    w.zigzag(e.attempts());
    w.zigzag(e.totalAttempts());
    w.name(e.leaseOwner());
    w.instant(e.leaseUntil());
    w.id(e.carrierMessageId());
    w.zigzag(e.segments());
    w.instant(e.sentAt());
    w.instant(e.deliveredAt());
    w.plain(e.lastError());
    w.u8((e.possibleDuplicate() ? 1 : 0) | (e.takenOver() ? 2 : 0));
    w.id(e.conversationMessageId());
    return w.toBytes();
  }

  OutboxEntry outbox(byte[] row) {
    RowBytes.Reader r = reader(row);
    OutboxEntry.Builder b = OutboxEntry.builder().status(req(r.enumValue(OUTBOX_STATUSES)))
        .createdAt(r.requiredInstant()).kind(req(r.enumValue(OUTBOX_KINDS))).businessId(req(r.name()))
        .calledAt(r.instant()).carrier(req(r.name())).id(req(r.id())).from(req(r.phone())).to(req(r.phone()))
        .body(req(r.text())).conversationId(r.id()).callId(r.id()).dueAt(r.requiredInstant())
        .expiresAt(r.instant()).attempts(r.zigzagInt()).totalAttempts(r.zigzagInt()).leaseOwner(r.name())
        .leaseUntil(r.instant()).carrierMessageId(r.id()).segments(r.zigzagInt()).sentAt(r.instant())
        .deliveredAt(r.instant()).lastError(r.plain());
    int flags = r.u8();
    return b.possibleDuplicate((flags & 1) != 0).takenOver((flags & 2) != 0).conversationMessageId(r.id()).build();
  }

  /** A reader of an outbox row past its status, createdAt and kind: at its businessId, where the peeks part. */
  private RowBytes.Reader outboxAtBusiness(byte[] row) {
    RowBytes.Reader r = reader(row);
    r.skipU8();
    r.skipInstant();
    r.skipU8();
    return r;
  }

  /** The id of an outbox row as stored (an entry, or its bytes). */
  String outboxId(Object stored) {
    if (stored instanceof OutboxEntry e) return e.id();
    RowBytes.Reader r = outboxAtBusiness((byte[]) stored);
    r.skipString();
    r.skipInstant();
    r.skipString();
    return req(r.id());
  }

  /** The (business, recipient in E.164) of an outbox row as stored (an entry, or its bytes). */
  String[] outboxRecipientKey(Object stored) {
    if (stored instanceof OutboxEntry e) return new String[] {e.businessId(), e.to().e164()};
    RowBytes.Reader r = outboxAtBusiness((byte[]) stored);
    String businessId = req(r.name());
    r.skipInstant(); // calledAt
    r.skipString(); // carrier
    r.skipString(); // id
    r.skipVarLong(); // from
    return new String[] {businessId, req(r.e164())};
  }

  /** The (carrier, carrier message id) of an outbox row as stored; the id may be null. */
  @Nullable String[] outboxCarrierKey(Object stored) {
    if (stored instanceof OutboxEntry e) return new String[] {e.carrier(), e.carrierMessageId()};
    RowBytes.Reader r = outboxAtBusiness((byte[]) stored);
    r.skipString();
    r.skipInstant();
    String carrier = r.name();
    r.skipString(); // id
    r.skipVarLong(); // from
    r.skipVarLong(); // to
    r.skipString(); // body
    r.skipString(); // conversationId
    r.skipString(); // callId
    r.skipInstant(); // dueAt
    r.skipInstant(); // expiresAt
    r.skipVarLong(); // attempts
    r.skipVarLong(); // totalAttempts
    r.skipString(); // leaseOwner
    r.skipInstant(); // leaseUntil
    return new String[] {carrier, r.id()};
  }

  /** The first values of an outbox row, read without decoding the rest. */
  record OutboxHead(OutboxStatus status, Instant createdAt, OutboxKind kind, String businessId,
      @Nullable Instant calledAt) {}

  OutboxHead outboxHead(Object stored) {
    if (stored instanceof OutboxEntry e) {
      return new OutboxHead(e.status(), e.createdAt(), e.kind(), e.businessId(), e.calledAt());
    }
    RowBytes.Reader r = reader((byte[]) stored);
    return new OutboxHead(req(r.enumValue(OUTBOX_STATUSES)), r.requiredInstant(), req(r.enumValue(OUTBOX_KINDS)),
        req(r.name()), r.instant());
  }

  // -- conversations: status, lastActivityAt, businessId, then the rest ----------------------------------------

  byte[] conversation(Conversation c) {
    RowBytes.Writer w = writer.reset();
    w.enumValue(c.status());
    w.instant(c.lastActivityAt());
    w.name(c.businessId());
    w.id(c.id());
    w.phone(c.businessNumber());
    w.phone(c.caller());
    w.name(c.carrier());
    w.id(c.callId());
    w.instant(c.openedAt());
    w.name(c.owner());
    w.instant(c.firstReplyAt());
    w.instant(c.firstResponseAt());
    w.instant(c.awaitingSince());
    w.instant(c.escalateAt());
    w.instant(c.handledAt());
    return w.toBytes();
  }

  Conversation conversation(byte[] row) {
    RowBytes.Reader r = reader(row);
    return Conversation.builder().status(req(r.enumValue(CONVERSATION_STATUSES))).lastActivityAt(r.requiredInstant())
        .businessId(req(r.name())).id(req(r.id())).businessNumber(req(r.phone())).caller(req(r.phone()))
        .carrier(req(r.name())).callId(r.id()).openedAt(r.requiredInstant()).owner(r.name())
        .firstReplyAt(r.instant()).firstResponseAt(r.instant()).awaitingSince(r.instant()).escalateAt(r.instant())
        .handledAt(r.instant()).build();
  }

  /** The id of a conversation row. */
  String conversationId(byte[] row) {
    RowBytes.Reader r = reader(row);
    r.skipU8();
    r.skipInstant();
    r.skipString();
    return req(r.id());
  }

  /** The (business, caller's E.164) of a conversation row. */
  String[] conversationPair(byte[] row) {
    RowBytes.Reader r = reader(row);
    r.skipU8();
    r.skipInstant();
    String businessId = req(r.name());
    r.skipString();
    r.skipVarLong();
    return new String[] {businessId, req(r.e164())};
  }

  /** The first values of a conversation row, read without decoding the rest. */
  record ConversationHead(ConversationStatus status, Instant lastActivityAt, String businessId) {}

  ConversationHead conversationHead(byte[] row) {
    RowBytes.Reader r = reader(row);
    return new ConversationHead(req(r.enumValue(CONVERSATION_STATUSES)), r.requiredInstant(), req(r.name()));
  }

  // -- the messages of one conversation: its id, then each message in the order stored -------------------------

  /** The messages of {@code conversationId} as stored so far ({@code before}, or none) with {@code m} after them. */
  byte[] appendMessage(byte @Nullable [] before, String conversationId, ConversationMessage m) {
    RowBytes.Writer w = writer.reset();
    if (before == null) w.id(conversationId);
    w.id(m.id());
    w.enumValue(m.direction());
    w.text(m.body(), m.automatic());
    w.instant(m.at());
    w.bool(m.automatic());
    w.name(m.author());
    w.id(m.carrierMessageId());
    w.strings(m.mediaUrls());
    byte[] added = w.toBytes();
    if (before == null) return added;
    byte[] all = java.util.Arrays.copyOf(before, before.length + added.length);
    System.arraycopy(added, 0, all, before.length, added.length);
    return all;
  }

  List<ConversationMessage> messages(byte[] row) {
    RowBytes.Reader r = reader(row);
    String conversationId = req(r.id());
    List<ConversationMessage> list = new ArrayList<>(2);
    while (r.hasMore()) {
      r.nextRow();
      list.add(ConversationMessage.builder().conversationId(conversationId).id(req(r.id()))
          .direction(req(r.enumValue(DIRECTIONS))).body(req(r.text())).at(r.requiredInstant()).automatic(r.bool())
          .author(r.name()).carrierMessageId(r.id()).mediaUrls(r.strings()).build());
    }
    return list;
  }

  String messagesConversationId(byte[] row) {
    return req(reader(row).id());
  }

  /** Whether a conversation's stored messages include one with this id; reads ids only. */
  boolean hasMessage(byte[] row, String id) {
    RowBytes.Reader r = reader(row);
    r.skipString();
    while (r.hasMore()) {
      r.nextRow();
      if (id.equals(r.id())) return true;
      skipMessageAfterId(r);
    }
    return false;
  }

  /** How many messages a conversation has stored. */
  int messageCount(byte[] row) {
    RowBytes.Reader r = reader(row);
    r.skipString();
    int n = 0;
    while (r.hasMore()) {
      r.nextRow();
      r.skipString();
      skipMessageAfterId(r);
      n++;
    }
    return n;
  }

  /** Automatic outbound messages at or after {@code since}; reads no text. */
  int automaticOutboundSince(byte[] row, Instant since) {
    RowBytes.Reader r = reader(row);
    r.skipString();
    int n = 0;
    while (r.hasMore()) {
      r.nextRow();
      r.skipString();
      Direction direction = r.enumValue(DIRECTIONS);
      r.skipString();
      Instant at = r.requiredInstant();
      boolean automatic = r.bool();
      if (automatic && direction == Direction.OUTBOUND && !at.isBefore(since)) n++;
      r.skipString();
      r.skipString();
      for (long i = r.varLong(); i > 0; i--) r.skipString();
    }
    return n;
  }

  private static void skipMessageAfterId(RowBytes.Reader r) {
    r.skipU8(); // direction
    r.skipString(); // body
    r.skipInstant(); // at
    r.skipU8(); // automatic
    r.skipString(); // author
    r.skipString(); // carrierMessageId
    for (long i = r.varLong(); i > 0; i--) r.skipString(); // media
  }

  private static <T> T req(@Nullable T value) {
    return Objects.requireNonNull(value, "a stored row lacks a required value");
  }
}
