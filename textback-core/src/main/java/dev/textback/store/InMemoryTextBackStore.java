package dev.textback.store;

import dev.textback.call.CallOutcome;
import dev.textback.message.DeliveryReceipt;
import dev.textback.phone.PhoneNumber;
import dev.textback.policy.Episode;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.ConversationStatus;
import dev.textback.rules.Reason;
import dev.textback.spi.CallActivity;
import dev.textback.spi.CallRecord;
import dev.textback.spi.ClaimScope;
import dev.textback.spi.DuplicateKeyException;
import dev.textback.spi.FunnelCounts;
import dev.textback.spi.OptOutRecord;
import dev.textback.spi.OutboxBacklog;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import dev.textback.spi.PendingCall;
import dev.textback.spi.StoreTransaction;
import dev.textback.spi.TextBackStore;
import dev.textback.spi.UnreachableNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A thread-safe store in the JVM's memory, for single-process use, demos and tests. Transactions are
 * serialised by one lock and rolled back from an undo log, so the work sees exactly the semantics a
 * database store gives. Memory stays bounded as long as the engine's housekeeping calls {@link #purge}
 * (it does, with its retention settings). State is lost when the process ends: use the JDBC store where
 * opt-outs and pending texts must survive a restart.
 *
 * <p>Every operation on the engine's hot path costs the same however much is stored: live conversations are
 * indexed by (business, caller), pending outbox entries by due time within each (carrier, kind), pending texts by
 * (business, recipient), and open escalations by due time. Only housekeeping and the dashboard's reads walk whole
 * tables: {@link #purge}, {@link #funnel}, {@link #conversations}, {@link #calls} and {@link #callBacks}.
 *
 * <p>The tables that grow with every caller (decided calls, episodes, the outbox, conversations and their messages)
 * keep each row as one byte array rather than as objects, indexed by hash tables that hold no key objects; a row is
 * decoded when it is read. Pending outbox entries too, while they wait: a burst or a carrier outage can leave a
 * large backlog of them, and as objects every young collection copied each of their parts while it lasted. An entry
 * under a lease (claimed, or a lapsed claim not yet taken over) is kept as an object until its result is stored:
 * those are few, and a claim then costs no encoding. A caller's call, episode, text-back, conversation and message
 * take less than half the heap they took as objects, and the collector has five objects to copy instead of some
 * twenty-five.
 *
 * <p>{@link #purge} takes the lock once per batch of at most {@value #PURGE_BATCH} rows, so a webhook waits for one
 * batch, never for a whole purge. The lock is held only for map and index updates (microseconds). It is not fair:
 * a fair lock hands itself to the longest waiter, which on a busy machine may not be running, and every other
 * caller then waits for the scheduler too; a barging lock goes to whoever is on a CPU.
 */
public final class InMemoryTextBackStore implements TextBackStore {
  private static final int MAX_RETRIES = 5;
  /** Rows a purge removes (or conversations it closes) while holding the lock once. */
  static final int PURGE_BATCH = 1_000;
  /** How long a purge waits at most, between two batches, for queued transactions to take the lock first. */
  private static final long PURGE_YIELD_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(200);

  private final ReentrantLock lock = new ReentrantLock();
  /** Encodes and decodes the rows of the large tables below, which are kept as bytes. */
  private final StoredRows stored = new StoredRows();
  /** Decided calls by (carrier, call id), as bytes. */
  private final RowIndex<Key> calls = new RowIndex<>(row -> key(stored.callKey((byte[]) row)));
  /** Episodes by (business, caller), as bytes. */
  private final RowIndex<Key> episodes = new RowIndex<>(row -> key(stored.episodeKey((byte[]) row)));
  /** The outbox by id: bytes, or an {@link OutboxEntry} while it is claimed (see the class comment). */
  private final RowIndex<String> outbox = new RowIndex<>(stored::outboxId);
  /**
   * Outbox entries by (carrier, carrier message id): the same stored rows as {@link #outbox}, one per key, the entry
   * written last when several share one (a carrier, or a fake of one, that answers every send with the same id must
   * not pile rows up under one key).
   */
  private final RowIndex<Key> outboxByCarrierId = new RowIndex<>(row -> key(stored.outboxCarrierKey(row)));
  /** Conversations by id, as bytes. */
  private final RowIndex<String> conversations = new RowIndex<>(row -> stored.conversationId((byte[]) row));
  /** The messages of each conversation, in the order stored, as one byte array per conversation. */
  private final RowIndex<String> messages = new RowIndex<>(row -> stored.messagesConversationId((byte[]) row));
  private final Map<Key, OptOutRecord> optOuts = new HashMap<>();
  private final Map<PhoneNumber, UnreachableNumber> unreachable = new HashMap<>();
  private final Map<Key, InboundId> inbound = new HashMap<>();
  private final Map<Key, DeliveryReceipt> earlyReceipts = new HashMap<>();
  private final Map<Key, PendingCall> pendingCalls = new HashMap<>();
  /** Called-back marks by (business, caller). */
  private final Map<Key, CallBackMark> callBackMarks = new HashMap<>();

  // Indexes, kept in step with the tables above by setOutbox() and setConversation() only.
  /** PENDING entries of each (carrier, kind), by due time then id: what claims read. */
  private final Map<Partition, NavigableSet<Pending>> pendingByDue = new HashMap<>();
  /**
   * PENDING entries by (business, recipient): what cancelling reads. One slot per recipient, holding the stored row
   * itself when the recipient has one pending entry, as nearly all have, else its rows by id: every text to a
   * business owner's phone shares one key, and a slot per row would make a backlog of those one long probe run.
   */
  private final RowIndex<Key> pendingTo = new RowIndex<>(held -> key(stored.outboxRecipientKey(
      held instanceof RowsById rows ? rows.values().iterator().next() : held)));
  /** Conversations not CLOSED, by (business, caller): the same stored rows as {@link #conversations}. */
  private final RowIndex<Key> live = new RowIndex<>(row -> key(stored.conversationPair((byte[]) row)));
  /** Conversations not CLOSED with an escalation time, by that time then id. */
  private final NavigableSet<Conversation> escalations = new TreeSet<>(BY_ESCALATION);

  private static final Comparator<OutboxEntry> BY_DUE =
      Comparator.comparing(OutboxEntry::dueAt).thenComparing(OutboxEntry::id);

  /**
   * A PENDING row in the due-time index: its due time unpacked, so ordering reads no bytes but the id, and that only
   * when two entries are due at the same instant.
   */
  private final class Pending implements Comparable<Pending> {
    final long dueSecond;
    final int dueNano;
    final Object row;

    Pending(Instant dueAt, Object row) {
      this.dueSecond = dueAt.getEpochSecond();
      this.dueNano = dueAt.getNano();
      this.row = row;
    }

    Instant dueAt() {
      return Instant.ofEpochSecond(dueSecond, dueNano);
    }

    boolean dueAfter(Instant now) {
      return dueSecond > now.getEpochSecond() || (dueSecond == now.getEpochSecond() && dueNano > now.getNano());
    }

    @Override
    public int compareTo(Pending o) {
      int c = Long.compare(dueSecond, o.dueSecond);
      if (c == 0) c = Integer.compare(dueNano, o.dueNano);
      return c != 0 || row == o.row ? c : stored.outboxId(row).compareTo(stored.outboxId(o.row));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Pending p && compareTo(p) == 0;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(dueSecond) * 31 + dueNano;
    }
  }

  private static final Comparator<Conversation> BY_ESCALATION =
      Comparator.comparing((Conversation c) -> Objects.requireNonNull(c.escalateAt())).thenComparing(Conversation::id);

  /** One claimable range of the outbox: a dispatcher's scope is a union of whole partitions. */
  private record Partition(String carrier, OutboxKind kind) {}

  public InMemoryTextBackStore() {}

  /** When someone at a business called a caller back, and who. */
  private record CallBackMark(Instant at, @Nullable String by) {}

  /** An inbound message id and the immediate reply it got, if any. */
  private record InboundId(Instant at, @Nullable String reply) {}

  /**
   * A two-part map key, such as (business, caller) or (carrier, message id). A record rather than the two strings
   * joined: it holds references to strings the rows keep anyway, where a joined string is a copy of both per row
   * and per lookup.
   */
  private record Key(String a, String b) {}

  private static Key key(String a, String b) {
    return new Key(a, b);
  }

  private static Key key(String[] pair) {
    return new Key(pair[0], pair[1]);
  }

  @Override
  public <T extends @Nullable Object> T inTransaction(Function<StoreTransaction, T> work) {
    Objects.requireNonNull(work, "work == null");
    for (int attempt = 1; ; attempt++) {
      lock.lock();
      Tx tx = new Tx();
      try {
        T result = work.apply(tx);
        tx.closed = true;
        return result;
      } catch (DuplicateKeyException e) {
        tx.rollback();
        if (attempt >= MAX_RETRIES) throw e;
      } catch (RuntimeException | Error e) {
        tx.rollback();
        throw e;
      } finally {
        tx.closed = true;
        lock.unlock();
      }
    }
  }

  @Override
  public List<OutboxEntry> claimDue(String owner, Instant now, Duration lease, int limit, ClaimScope scope) {
    Objects.requireNonNull(owner, "owner == null");
    Objects.requireNonNull(scope, "scope == null");
    lock.lock();
    try {
      List<OutboxEntry> due = due(now, limit, p -> !p.kind().isRouting()
          && (scope.carriers().contains(p.carrier()) || scope.anyCarrierKinds().contains(p.kind())));
      return lease(due, owner, now.plus(lease));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<OutboxEntry> claimDueRouting(String owner, Instant now, Duration lease, int limit,
      Set<OutboxKind> kinds) {
    Objects.requireNonNull(owner, "owner == null");
    Objects.requireNonNull(kinds, "kinds == null");
    lock.lock();
    try {
      List<OutboxEntry> due = due(now, limit, p -> p.kind().isRouting() && kinds.contains(p.kind()));
      return lease(due, owner, now.plus(lease));
    } finally {
      lock.unlock();
    }
  }

  /**
   * The first {@code limit} claimable entries (due, lease absent or lapsed) of the matching partitions, in due
   * order. Reads at most {@code limit} entries plus those under a live lease (the sends in flight) per partition.
   * Holds the lock.
   */
  private List<OutboxEntry> due(Instant now, int limit, Predicate<Partition> inScope) {
    if (limit <= 0) return List.of();
    List<OutboxEntry> due = new ArrayList<>();
    int partitions = 0;
    for (Map.Entry<Partition, NavigableSet<Pending>> p : pendingByDue.entrySet()) {
      if (!inScope.test(p.getKey())) continue;
      partitions++;
      int taken = 0;
      for (Pending pending : p.getValue()) {
        if (pending.dueAfter(now) || taken == limit) break;
        OutboxEntry e = outboxRow(pending.row);
        if (e.leaseUntil() != null && !e.leaseUntil().isBefore(now)) continue;
        due.add(e);
        taken++;
      }
    }
    if (partitions > 1) {
      due.sort(BY_DUE);
      if (due.size() > limit) due = new ArrayList<>(due.subList(0, limit));
    }
    return due;
  }

  /** Leases {@code due} to {@code owner}; an entry still carrying a lapsed lease is taken over. Holds the lock. */
  private List<OutboxEntry> lease(List<OutboxEntry> due, String owner, Instant until) {
    List<OutboxEntry> claimed = new ArrayList<>(due.size());
    for (OutboxEntry e : due) {
      OutboxEntry c = e.leaseOwner() != null ? e.takenOverBy(owner, until) : e.withLease(owner, until);
      setOutbox(c.id(), c, e); // e was read from the stored row under this same hold of the lock
      claimed.add(c);
    }
    return claimed;
  }

  @Override
  public boolean completeClaim(String owner, OutboxEntry updated) {
    lock.lock();
    try {
      OutboxEntry current = outboxGet(updated.id());
      if (current == null || !owner.equals(current.leaseOwner())) return false;
      putOutbox(updated.withLease(null, null));
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean completeClaim(OutboxEntry claimed, OutboxEntry updated) {
    String owner = TextBackStore.claimOwner(claimed, updated);
    lock.lock();
    try {
      OutboxEntry current = outboxGet(updated.id());
      if (current == null || !owner.equals(current.leaseOwner())
          || !Objects.equals(claimed.leaseUntil(), current.leaseUntil())) {
        return false;
      }
      putOutbox(updated.withLease(null, null));
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void putOutbox(OutboxEntry e) {
    setOutbox(e.id(), e);
  }

  /**
   * Replaces (or with null removes) the outbox entry {@code id} and moves it in every index. The only way the
   * outbox changes, so the indexes never disagree with it. Holds the lock.
   *
   * @return the entry it replaced, or null
   */
  private @Nullable OutboxEntry setOutbox(String id, @Nullable OutboxEntry entry) {
    return setOutbox(id, entry, null);
  }

  /**
   * {@link #setOutbox(String, OutboxEntry)}, given the stored entry as already read ({@code current}, or null to read
   * it), so a claim decodes the row it leases once.
   */
  private @Nullable OutboxEntry setOutbox(String id, @Nullable OutboxEntry entry, @Nullable OutboxEntry current) {
    Object row = entry == null ? null
        : entry.status() == OutboxStatus.PENDING && entry.leaseOwner() != null ? entry : stored.outbox(entry);
    Object oldRow = row == null ? outbox.removeKey(id) : outbox.put(id, row);
    OutboxEntry old = oldRow == null ? null : current != null ? current : outboxRow(oldRow);
    if (old != null && old.status() == OutboxStatus.PENDING) {
      NavigableSet<Pending> due = pendingByDue.get(new Partition(old.carrier(), old.kind()));
      if (due != null) due.remove(new Pending(old.dueAt(), Objects.requireNonNull(oldRow)));
      removePendingTo(key(old.businessId(), old.to().e164()), id);
    }
    if (old != null && old.carrierMessageId() != null) {
      outboxByCarrierId.remove(key(old.carrier(), old.carrierMessageId()), oldRow);
    }
    if (entry != null && entry.status() == OutboxStatus.PENDING) {
      Objects.requireNonNull(row);
      pendingByDue.computeIfAbsent(new Partition(entry.carrier(), entry.kind()), p -> new TreeSet<>())
          .add(new Pending(entry.dueAt(), row));
      addPendingTo(key(entry.businessId(), entry.to().e164()), id, row);
    }
    if (entry != null && entry.carrierMessageId() != null) {
      outboxByCarrierId.put(key(entry.carrier(), entry.carrierMessageId()), Objects.requireNonNull(row));
    }
    return old;
  }

  private void addPendingTo(Key to, String id, Object row) {
    Object held = pendingTo.get(to);
    if (held == null) {
      pendingTo.add(to, row);
      return;
    }
    if (held instanceof RowsById rows) {
      rows.put(id, row);
      return;
    }
    RowsById rows = new RowsById();
    rows.put(stored.outboxId(held), held);
    rows.put(id, row);
    pendingTo.put(to, rows);
  }

  private void removePendingTo(Key to, String id) {
    Object held = pendingTo.get(to);
    if (held instanceof RowsById rows) {
      // The index reads the key from the rows, so the last one leaves with its slot.
      if (rows.size() == 1 && rows.containsKey(id)) {
        pendingTo.removeKey(to);
      } else {
        rows.remove(id);
      }
    } else if (held != null && stored.outboxId(held).equals(id)) {
      pendingTo.removeKey(to);
    }
  }

  /** The pending rows of one (business, recipient) that has had several, by id; never empty while indexed. */
  private static final class RowsById extends LinkedHashMap<String, Object> {}

  /** An outbox row as stored (an entry, or its bytes) as an entry. */
  private OutboxEntry outboxRow(Object row) {
    return row instanceof OutboxEntry e ? e : stored.outbox((byte[]) row);
  }

  private @Nullable OutboxEntry outboxGet(String id) {
    Object row = outbox.get(id);
    return row == null ? null : outboxRow(row);
  }

  private @Nullable Conversation conversationGet(String id) {
    Object row = conversations.get(id);
    return row == null ? null : stored.conversation((byte[]) row);
  }

  private @Nullable CallRecord callGet(String carrier, String callId) {
    Object row = calls.get(key(carrier, callId));
    return row == null ? null : stored.call((byte[]) row);
  }

  private List<ConversationMessage> messagesOf(String conversationId) {
    Object row = messages.get(conversationId);
    return row == null ? new ArrayList<>() : stored.messages((byte[]) row);
  }

  /**
   * Replaces (or with null removes) the conversation {@code id} and moves it in every index. The only way the
   * conversations change. Holds the lock.
   *
   * @return the conversation it replaced, or null
   */
  private @Nullable Conversation setConversation(String id, @Nullable Conversation conversation) {
    byte[] row = conversation == null ? null : stored.conversation(conversation);
    Object oldRow = row == null ? conversations.removeKey(id) : conversations.put(id, row);
    Conversation old = oldRow == null ? null : stored.conversation((byte[]) oldRow);
    if (old != null && old.status() != ConversationStatus.CLOSED) {
      live.remove(key(old.businessId(), old.caller().e164()), oldRow);
      if (old.escalateAt() != null) escalations.remove(old);
    }
    if (conversation != null && conversation.status() != ConversationStatus.CLOSED) {
      live.add(key(conversation.businessId(), conversation.caller().e164()), Objects.requireNonNull(row));
      if (conversation.escalateAt() != null) escalations.add(conversation);
    }
    return old;
  }

  @Override
  public OutboxBacklog outboxBacklog(Instant now) {
    Objects.requireNonNull(now, "now == null");
    lock.lock();
    try {
      long pending = 0;
      long due = 0;
      Instant oldest = null;
      // Every PENDING entry is in the due-time index, and no other entry is.
      for (NavigableSet<Pending> partition : pendingByDue.values()) {
        for (Pending e : partition) {
          pending++;
          if (e.dueAfter(now)) continue;
          due++;
          Instant dueAt = e.dueAt();
          if (oldest == null || dueAt.isBefore(oldest)) oldest = dueAt;
        }
      }
      return new OutboxBacklog(pending, due, oldest);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<OutboxEntry> outboxEntry(String id) {
    lock.lock();
    try {
      return Optional.ofNullable(outboxGet(id));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Conversation> dueEscalations(Instant now, int limit) {
    lock.lock();
    try {
      List<Conversation> due = new ArrayList<>();
      for (Conversation c : escalations) {
        if (due.size() >= limit || Objects.requireNonNull(c.escalateAt()).isAfter(now)) break;
        due.add(c);
      }
      return due;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Conversation> conversation(String id) {
    lock.lock();
    try {
      return Optional.ofNullable(conversationGet(id));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<Conversation> conversations(@Nullable String businessId, Collection<ConversationStatus> statuses,
      int limit) {
    lock.lock();
    try {
      List<Conversation> found = new ArrayList<>();
      for (Object row : conversations) {
        StoredRows.ConversationHead head = stored.conversationHead((byte[]) row);
        if ((businessId == null || head.businessId().equals(businessId)) && statuses.contains(head.status())) {
          found.add(stored.conversation((byte[]) row));
        }
      }
      return found.stream()
          .sorted(Comparator.comparing(Conversation::lastActivityAt).reversed().thenComparing(Conversation::id))
          .limit(Math.max(0, limit))
          .collect(Collectors.toList());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<ConversationMessage> messages(String conversationId) {
    lock.lock();
    try {
      List<ConversationMessage> list = messagesOf(conversationId);
      list.sort(Comparator.comparing(ConversationMessage::at)); // stable: ties keep insertion order
      return List.copyOf(list);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public FunnelCounts funnel(String businessId, Instant from, Instant to) {
    lock.lock();
    try {
      long callCount = 0;
      long missed = 0;
      Map<Reason, Long> decisions = new EnumMap<>(Reason.class);
      for (Object row : calls) {
        RowBytes.Reader head = stored.reader((byte[]) row);
        if (!inPeriod(StoredRows.callCalledAt(head), from, to) || !businessId.equals(head.name())) continue;
        CallRecord c = stored.call((byte[]) row);
        callCount++;
        if (c.outcome() != dev.textback.call.CallOutcome.ANSWERED) missed++;
        decisions.merge(c.reason(), 1L, Long::sum);
      }
      long queued = 0;
      long sent = 0;
      long delivered = 0;
      long failed = 0;
      List<Duration> timeToText = new ArrayList<>();
      for (Object row : outbox) {
        StoredRows.OutboxHead head = stored.outboxHead(row);
        if (head.kind() != OutboxKind.TEXT_BACK || !businessId.equals(head.businessId()) || head.calledAt() == null
            || !inPeriod(head.calledAt(), from, to)) {
          continue;
        }
        OutboxEntry e = outboxRow(row);
        queued++;
        if (e.sentAt() != null) {
          sent++;
          timeToText.add(Duration.between(e.calledAt(), e.sentAt()));
        }
        if (e.status() == OutboxStatus.DELIVERED) delivered++;
        if (e.status() == OutboxStatus.FAILED) failed++;
      }
      long replied = 0;
      long handled = 0;
      List<Duration> responseTimes = new ArrayList<>();
      for (Object row : conversations) {
        if (!businessId.equals(stored.conversationHead((byte[]) row).businessId())) continue;
        Conversation c = stored.conversation((byte[]) row);
        // A conversation counts in the period of the call that opened it; one a caller started by text has no
        // call and belongs to no funnel.
        CallRecord call = c.callId() == null ? null : callGet(c.carrier(), c.callId());
        if (call == null || !inPeriod(call.calledAt(), from, to)) continue;
        if (c.firstReplyAt() != null) replied++;
        if (c.handledAt() != null) handled++;
        if (c.firstReplyAt() != null && c.firstResponseAt() != null) {
          responseTimes.add(Duration.between(c.firstReplyAt(), c.firstResponseAt()));
        }
      }
      timeToText.sort(Comparator.naturalOrder());
      return new FunnelCounts(callCount, missed, decisions, queued, sent, delivered, failed, replied, handled,
          mean(timeToText), nearestRank(timeToText, 0.5), nearestRank(timeToText, 0.9), mean(responseTimes));
    } finally {
      lock.unlock();
    }
  }

  private static boolean inPeriod(Instant at, Instant from, Instant to) {
    return !at.isBefore(from) && at.isBefore(to);
  }

  private static Duration mean(List<Duration> values) {
    if (values.isEmpty()) return Duration.ZERO;
    java.math.BigInteger total = java.math.BigInteger.ZERO;
    for (Duration d : values) {
      total = total.add(java.math.BigInteger.valueOf(d.getSeconds())
          .multiply(java.math.BigInteger.valueOf(1_000_000_000L)).add(java.math.BigInteger.valueOf(d.getNano())));
    }
    java.math.BigInteger[] qr = total.divideAndRemainder(java.math.BigInteger.valueOf(values.size()));
    // Round half up to the nanosecond, as SQL's AVG over an interval does.
    java.math.BigInteger rounded = qr[1].shiftLeft(1).compareTo(java.math.BigInteger.valueOf(values.size())) >= 0
        ? qr[0].add(java.math.BigInteger.ONE) : qr[0];
    return Duration.ofNanos(rounded.longValueExact());
  }

  /** Nearest-rank percentile of a sorted list, as SQL's PERCENTILE_DISC computes it. */
  private static Duration nearestRank(List<Duration> sorted, double p) {
    if (sorted.isEmpty()) return Duration.ZERO;
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  @Override
  public int purge(Instant before, Instant closeIdleBefore) {
    Objects.requireNonNull(before, "before == null");
    Objects.requireNonNull(closeIdleBefore, "closeIdleBefore == null");
    inBatches(() -> {
      List<Conversation> idle = new ArrayList<>();
      for (Object row : conversations) {
        StoredRows.ConversationHead head = stored.conversationHead((byte[]) row);
        if (head.status() != ConversationStatus.CLOSED && head.lastActivityAt().isBefore(closeIdleBefore)) {
          idle.add(stored.conversation((byte[]) row));
          if (idle.size() == PURGE_BATCH) break;
        }
      }
      for (Conversation c : idle) setConversation(c.id(), c.withClosed());
      return idle.size();
    });
    int removed = 0;
    removed += inBatches(() -> removeRows(episodes, row -> stored.reader(row).requiredInstant().isBefore(before)));
    int[] rows = {0};
    inBatches(() -> {
      List<String> closed = new ArrayList<>();
      for (Object row : conversations) {
        StoredRows.ConversationHead head = stored.conversationHead((byte[]) row);
        if (head.status() == ConversationStatus.CLOSED && head.lastActivityAt().isBefore(before)) {
          closed.add(stored.conversationId((byte[]) row));
          if (closed.size() == PURGE_BATCH) break;
        }
      }
      for (String id : closed) {
        setConversation(id, null);
        Object m = messages.removeKey(id);
        rows[0] += 1 + (m == null ? 0 : stored.messageCount((byte[]) m));
      }
      return closed.size();
    });
    removed += rows[0];
    removed += inBatches(() -> {
      List<String> old = new ArrayList<>();
      for (Object row : outbox) {
        StoredRows.OutboxHead head = stored.outboxHead(row);
        if (head.status().isFinal() && head.createdAt().isBefore(before)) {
          old.add(stored.outboxId(row));
          if (old.size() == PURGE_BATCH) break;
        }
      }
      for (String id : old) setOutbox(id, null);
      return old.size();
    });
    removed += inBatches(() -> removeRows(calls, row -> StoredRows.callCalledAt(stored.reader(row)).isBefore(before)));
    removed += inBatches(() -> removeBatch(inbound, i -> i.at().isBefore(before)));
    removed += inBatches(() -> removeBatch(earlyReceipts, r -> r.at().isBefore(before)));
    removed += inBatches(() -> removeBatch(pendingCalls, p -> p.updatedAt().isBefore(before)));
    removed += inBatches(() -> removeBatch(callBackMarks, m -> m.at().isBefore(before)));
    for (RowIndex<?> index : indexes()) inBatches(() -> index.settle(PURGE_BATCH));
    return removed;
  }

  private List<RowIndex<?>> indexes() {
    return List.of(calls, episodes, outbox, outboxByCarrierId, conversations, messages, pendingTo, live);
  }

  /** Rows of every index still on their way to its main table (for tests). */
  int rowsMoving() {
    lock.lock();
    try {
      return indexes().stream().mapToInt(RowIndex::moving).sum();
    } finally {
      lock.unlock();
    }
  }

  // -- the owner's call list ----------------------------------------------------------------------------------

  @Override
  public List<CallActivity> calls(String businessId, Instant from, Instant to, int limit) {
    Objects.requireNonNull(businessId, "businessId == null");
    Objects.requireNonNull(from, "from == null");
    Objects.requireNonNull(to, "to == null");
    lock.lock();
    try {
      return callsOf(businessId, from, to).stream()
          .sorted(NEWEST_CALL_FIRST)
          .limit(Math.max(0, limit))
          .map(this::activity)
          .collect(Collectors.toList());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<CallActivity> callBacks(String businessId, Instant since, int limit) {
    Objects.requireNonNull(businessId, "businessId == null");
    Objects.requireNonNull(since, "since == null");
    lock.lock();
    try {
      List<CallRecord> found = callsOf(businessId, since, Instant.MAX);
      // The caller has been reached since a call when a later call of theirs was answered, or they replied in any
      // conversation at or after it (one a later call opened, too).
      BinaryOperator<Instant> later = BinaryOperator.maxBy(Comparator.naturalOrder());
      Map<PhoneNumber, Instant> lastAnswered = new HashMap<>();
      for (CallRecord c : found) {
        if (c.caller() != null && c.outcome() == CallOutcome.ANSWERED) {
          lastAnswered.merge(c.caller(), c.calledAt(), later);
        }
      }
      Map<PhoneNumber, Instant> lastReply = new HashMap<>();
      for (Object row : conversations) {
        StoredRows.ConversationHead head = stored.conversationHead((byte[]) row);
        if (!head.businessId().equals(businessId) || head.lastActivityAt().isBefore(since)) continue;
        Conversation v = stored.conversation((byte[]) row);
        if (v.firstReplyAt() != null) lastReply.merge(v.caller(), v.firstReplyAt(), later);
      }
      return found.stream()
          .filter(c -> c.caller() != null)
          .filter(c -> !reachedSince(lastAnswered.get(c.caller()), c.calledAt(), false)
              && !reachedSince(lastReply.get(c.caller()), c.calledAt(), true))
          .sorted(NEWEST_CALL_FIRST)
          .map(this::activity)
          .filter(a -> a.textBack().map(t -> t.sentAt() != null).orElse(false) && a.callerRepliedAt().isEmpty()
              && a.calledBackAt().isEmpty())
          .limit(Math.max(0, limit))
          .collect(Collectors.toList());
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@code at} (null: never) is after {@code call}, or at it when {@code inclusive}. */
  private static boolean reachedSince(@Nullable Instant at, Instant call, boolean inclusive) {
    return at != null && (at.isAfter(call) || inclusive && at.equals(call));
  }

  @Override
  public void markCalledBack(String businessId, PhoneNumber caller, Instant at, @Nullable String by) {
    Objects.requireNonNull(businessId, "businessId == null");
    Objects.requireNonNull(caller, "caller == null");
    Objects.requireNonNull(at, "at == null");
    lock.lock();
    try {
      callBackMarks.put(key(businessId, caller.e164()), new CallBackMark(at, by));
    } finally {
      lock.unlock();
    }
  }

  /** The decided calls to a business at or after {@code from} and before {@code to}. Holds the lock. */
  private List<CallRecord> callsOf(String businessId, Instant from, Instant to) {
    List<CallRecord> found = new ArrayList<>();
    for (Object row : calls) {
      RowBytes.Reader head = stored.reader((byte[]) row);
      if (inPeriod(StoredRows.callCalledAt(head), from, to) && businessId.equals(head.name())) {
        found.add(stored.call((byte[]) row));
      }
    }
    return found;
  }

  private static final Comparator<CallRecord> NEWEST_CALL_FIRST = Comparator.comparing(CallRecord::calledAt)
      .reversed().thenComparing(CallRecord::carrier).thenComparing(CallRecord::callId);

  /** The call with its text-back, reply and called-back mark. Holds the lock. */
  private CallActivity activity(CallRecord c) {
    OutboxEntry text = c.outboxId() == null ? null : outboxGet(c.outboxId());
    Conversation conversation = c.conversationId() == null ? null : conversationGet(c.conversationId());
    CallBackMark mark = c.caller() == null || c.businessId() == null ? null
        : callBackMarks.get(key(c.businessId(), c.caller().e164()));
    boolean markCounts = mark != null && !mark.at().isBefore(c.calledAt());
    return CallActivity.builder().call(c).textBack(text)
        .callerRepliedAt(conversation == null ? null : conversation.firstReplyAt())
        .calledBack(markCounts ? mark.at() : null, markCounts ? mark.by() : null)
        .build();
  }

  /** Runs {@code batch} under the lock again and again until it does less than a full batch; sums its counts. */
  private int inBatches(IntSupplier batch) {
    int total = 0;
    int done;
    do {
      lock.lock();
      try {
        done = batch.getAsInt();
      } finally {
        lock.unlock();
      }
      total += done;
      if (done >= PURGE_BATCH) letWaitersIn();
    } while (done >= PURGE_BATCH);
    return total;
  }

  /**
   * Between two purge batches, lets the transactions queued for the lock go first (for a bounded time): the lock
   * barges, and without this the purge could take it straight back and make a webhook wait for the whole purge.
   */
  private void letWaitersIn() {
    long deadline = System.nanoTime() + PURGE_YIELD_NANOS;
    while (lock.hasQueuedThreads() && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(50_000);
    }
  }

  /** Removes up to {@value #PURGE_BATCH} rows (kept as bytes) that {@code test} picks; returns how many. */
  private static int removeRows(RowIndex<?> index, Predicate<byte[]> test) {
    List<Object> picked = new ArrayList<>();
    for (Object row : index) {
      if (test.test((byte[]) row)) {
        picked.add(row);
        if (picked.size() == PURGE_BATCH) break;
      }
    }
    for (Object row : picked) index.removeRow(row);
    return picked.size();
  }

  private static <K, V> int removeBatch(Map<K, V> map, Predicate<V> test) {
    int removed = 0;
    for (java.util.Iterator<V> it = map.values().iterator(); it.hasNext() && removed < PURGE_BATCH; ) {
      if (test.test(it.next())) {
        it.remove();
        removed++;
      }
    }
    return removed;
  }

  /** One transaction: writes go straight to the maps and are undone in reverse on rollback. */
  private final class Tx implements StoreTransaction {
    private final Deque<Runnable> undo = new ArrayDeque<>();
    private boolean closed;

    private void check() {
      if (closed) throw new IllegalStateException("transaction is over");
    }

    private <K, V> void put(Map<K, V> map, K key, V value) {
      check();
      boolean had = map.containsKey(key);
      V previous = map.put(key, value);
      undo.push(had ? () -> map.put(key, previous) : () -> map.remove(key));
    }

    /** Stores {@code row} under {@code key} in a table with one row per key, and how to undo that. */
    private <K> void put(RowIndex<K> index, K key, Object row) {
      check();
      Object previous = index.put(key, row);
      undo.push(previous == null ? () -> index.removeKey(key) : () -> index.put(key, previous));
    }

    private <K, V> void remove(Map<K, V> map, K key) {
      check();
      if (!map.containsKey(key)) return;
      V previous = map.remove(key);
      undo.push(() -> map.put(key, previous));
    }

    void rollback() {
      while (!undo.isEmpty()) undo.pop().run();
    }

    @Override
    public Optional<CallRecord> findCall(String carrier, String callId) {
      check();
      return Optional.ofNullable(callGet(carrier, callId));
    }

    @Override
    public void insertCall(CallRecord call) {
      Key k = key(call.carrier(), call.callId());
      if (calls.get(k) != null) {
        throw new DuplicateKeyException("call " + call.carrier() + "/" + call.callId() + " exists");
      }
      put(calls, k, stored.call(call));
    }

    @Override
    public Optional<Episode> lockEpisode(String businessId, PhoneNumber caller) {
      check();
      Object row = episodes.get(key(businessId, caller.e164()));
      return row == null ? Optional.empty() : Optional.of(stored.episode((byte[]) row));
    }

    @Override
    public void saveEpisode(Episode episode) {
      put(episodes, key(episode.businessId(), episode.caller().e164()), stored.episode(episode));
    }

    @Override
    public Optional<OptOutRecord> findOptOut(Collection<String> scopeKeys, PhoneNumber caller) {
      check();
      for (String scope : scopeKeys) {
        OptOutRecord r = optOuts.get(key(scope, caller.e164()));
        if (r != null) return Optional.of(r);
      }
      return Optional.empty();
    }

    @Override
    public void saveOptOut(OptOutRecord optOut) {
      put(optOuts, key(optOut.scopeKey(), optOut.caller().e164()), optOut);
    }

    @Override
    public int deleteOptOuts(Collection<String> scopeKeys, PhoneNumber caller) {
      int n = 0;
      for (String scope : scopeKeys) {
        Key k = key(scope, caller.e164());
        if (optOuts.containsKey(k)) {
          remove(optOuts, k);
          n++;
        }
      }
      return n;
    }

    @Override
    public Optional<UnreachableNumber> findUnreachable(PhoneNumber number) {
      check();
      return Optional.ofNullable(unreachable.get(number));
    }

    @Override
    public void saveUnreachable(UnreachableNumber number) {
      put(unreachable, number.number(), number);
    }

    @Override
    public void insertOutbox(OutboxEntry entry) {
      if (outbox.get(entry.id()) != null) {
        throw new DuplicateKeyException("outbox entry " + entry.id() + " exists");
      }
      writeOutbox(entry);
    }

    @Override
    public Optional<OutboxEntry> lockOutbox(String id) {
      check();
      return Optional.ofNullable(outboxGet(id));
    }

    @Override
    public Optional<OutboxEntry> lockOutboxByCarrierMessageId(String carrier, String carrierMessageId) {
      check();
      Object row = outboxByCarrierId.get(key(carrier, carrierMessageId));
      return row == null ? Optional.empty() : Optional.of(outboxRow(row));
    }

    @Override
    public void updateOutbox(OutboxEntry entry) {
      if (outbox.get(entry.id()) == null) throw new IllegalArgumentException("no outbox entry " + entry.id());
      writeOutbox(entry);
    }

    private void writeOutbox(OutboxEntry entry) {
      check();
      String id = entry.id();
      // The entry that held this carrier message id before, if another: a rollback gives the id back to it.
      Key carrierKey = entry.carrierMessageId() == null ? null : key(entry.carrier(), entry.carrierMessageId());
      Object heldBy = carrierKey == null ? null : outboxByCarrierId.get(carrierKey);
      String heldById = heldBy == null ? null : stored.outboxId(heldBy);
      OutboxEntry old = setOutbox(id, entry);
      undo.push(() -> {
        setOutbox(id, old);
        if (carrierKey == null || heldById == null || heldById.equals(id)) return;
        Object row = outbox.get(heldById);
        if (row != null) outboxByCarrierId.put(carrierKey, row);
      });
    }

    @Override
    public List<OutboxEntry> lockPendingTo(String businessId, PhoneNumber to, OutboxKind kind) {
      check();
      List<OutboxEntry> pending = new ArrayList<>();
      Object held = pendingTo.get(key(businessId, to.e164()));
      Collection<?> rows = held instanceof RowsById byId ? byId.values() : held == null ? List.of() : List.of(held);
      for (Object row : rows) {
        OutboxEntry e = outboxRow(row);
        if (e.kind() == kind && e.to().equals(to)) pending.add(e);
      }
      pending.sort(BY_DUE); // as the SQL stores order them
      return pending;
    }

    @Override
    public Optional<DeliveryReceipt> lockEarlyReceipt(String carrier, String carrierMessageId) {
      check();
      return Optional.ofNullable(earlyReceipts.get(key(carrier, carrierMessageId)));
    }

    @Override
    public void saveEarlyReceipt(DeliveryReceipt receipt) {
      put(earlyReceipts, key(receipt.carrier().name(), receipt.messageId()), receipt);
    }

    @Override
    public void deleteEarlyReceipt(String carrier, String carrierMessageId) {
      remove(earlyReceipts, key(carrier, carrierMessageId));
    }

    @Override
    public boolean insertInboundIfNew(String carrier, String messageId, Instant at) {
      Key k = key(carrier, messageId);
      if (inbound.containsKey(k)) return false;
      put(inbound, k, new InboundId(at, null));
      return true;
    }

    @Override
    public void saveInboundReply(String carrier, String messageId, String reply) {
      Objects.requireNonNull(reply, "reply == null");
      Key k = key(carrier, messageId);
      InboundId id = inbound.get(k);
      if (id != null) put(inbound, k, new InboundId(id.at(), reply));
    }

    @Override
    public Optional<String> findInboundReply(String carrier, String messageId) {
      check();
      InboundId id = inbound.get(key(carrier, messageId));
      return id == null ? Optional.empty() : Optional.ofNullable(id.reply());
    }

    @Override
    public Optional<PendingCall> lockPendingCall(String carrier, String callId) {
      check();
      return Optional.ofNullable(pendingCalls.get(key(carrier, callId)));
    }

    @Override
    public void insertPendingCall(PendingCall call) {
      Key k = key(call.carrier(), call.callId());
      if (pendingCalls.containsKey(k)) {
        throw new DuplicateKeyException("pending call " + call.carrier() + "/" + call.callId() + " exists");
      }
      put(pendingCalls, k, call);
    }

    @Override
    public void updatePendingCall(PendingCall call) {
      Key k = key(call.carrier(), call.callId());
      if (pendingCalls.containsKey(k)) put(pendingCalls, k, call);
    }

    @Override
    public boolean deletePendingCall(String carrier, String callId) {
      Key k = key(carrier, callId);
      if (!pendingCalls.containsKey(k)) return false;
      remove(pendingCalls, k);
      return true;
    }

    @Override
    public Optional<Conversation> lockLiveConversation(String businessId, PhoneNumber caller) {
      check();
      Conversation latest = null;
      for (Object row : live.getAll(key(businessId, caller.e164()))) {
        Conversation c = stored.conversation((byte[]) row);
        // The latest opened, and of two opened at the same instant the greater id, as the SQL stores order them.
        if (latest == null || c.openedAt().isAfter(latest.openedAt())
            || c.openedAt().equals(latest.openedAt()) && c.id().compareTo(latest.id()) > 0) {
          latest = c;
        }
      }
      return Optional.ofNullable(latest);
    }

    @Override
    public Optional<Conversation> lockConversation(String id) {
      check();
      return Optional.ofNullable(conversationGet(id));
    }

    @Override
    public void insertConversation(Conversation conversation) {
      if (conversations.get(conversation.id()) != null) {
        throw new DuplicateKeyException("conversation " + conversation.id() + " exists");
      }
      writeConversation(conversation);
    }

    private void writeConversation(Conversation conversation) {
      check();
      String id = conversation.id();
      Conversation old = setConversation(id, conversation);
      undo.push(() -> setConversation(id, old));
    }

    @Override
    public void updateConversation(Conversation conversation) {
      if (conversations.get(conversation.id()) == null) {
        throw new IllegalArgumentException("no conversation " + conversation.id());
      }
      writeConversation(conversation);
    }

    @Override
    public void insertMessage(ConversationMessage message) {
      check();
      String conversationId = message.conversationId();
      byte[] before = (byte[]) messages.get(conversationId);
      if (before != null && stored.hasMessage(before, message.id())) {
        throw new DuplicateKeyException("message " + message.id() + " exists");
      }
      put(messages, conversationId, stored.appendMessage(before, conversationId, message));
    }

    @Override
    public int countAutomaticMessagesSince(String conversationId, Instant since) {
      check();
      Object row = messages.get(conversationId);
      return row == null ? 0 : stored.automaticOutboundSince((byte[]) row, since);
    }
  }
}
