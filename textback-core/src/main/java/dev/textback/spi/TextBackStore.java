package dev.textback.spi;

import dev.textback.phone.PhoneNumber;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.ConversationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Where the engine keeps everything that must survive a restart and be shared between engine instances:
 * decided calls, episodes, the opt-out ledger, the outbox, conversations. A database implements it with
 * transactions and unique keys; the in-memory store ships for single-process use and tests.
 *
 * <p>Exactly-once rests on two guarantees: (1) {@link #inTransaction} is atomic and isolated, with unique
 * (carrier, call id), (carrier, inbound message id) and (business, caller) episode keys; (2)
 * {@link #claimDue} hands each due entry to at most one owner at a time, and an entry whose lease expired
 * can be claimed again. Implementations must be thread-safe.
 *
 * <p>Instants may be kept to the microsecond (the JDBC stores do; the engine's clock may give nanoseconds): an
 * instant read back must equal the one written, truncated to the microsecond or finer. A lease's end is compared as
 * the store returned it.
 */
public interface TextBackStore extends AutoCloseable {

  /**
   * Runs {@code work} in one transaction and commits it. On a conflict with a concurrent transaction
   * ({@link DuplicateKeyException}, a serialization failure, a deadlock) the store rolls back and runs the
   * work again, a bounded number of times; the work must therefore have no effect outside the transaction.
   * Any other exception rolls back and propagates.
   *
   * @return what {@code work} returned, which may be null
   */
  <T extends @Nullable Object> T inTransaction(Function<StoreTransaction, T> work);

  /**
   * Atomically claims up to {@code limit} pending texts due at {@code now} (ordered by due time, each at most
   * once) whose lease is absent or expired and that are in {@code scope}, setting the lease to ({@code owner},
   * {@code now + lease}). Entries outside the scope (another carrier's texts) are neither claimed nor changed.
   * Two concurrent callers never receive the same entry. Entries of the {@linkplain OutboxKind#isRouting()
   * routing kinds} are never returned (see {@link #claimDueRouting}). An entry taken over after its lease expired
   * while a send may have been in flight is returned with {@link OutboxEntry#possibleDuplicate()} and
   * {@link OutboxEntry#takenOver()} set (as {@link OutboxEntry#takenOverBy} makes it); any other claim returns
   * it with {@code takenOver} false.
   *
   * @param scope the carriers the caller can send through, and any kinds it may claim whatever their carrier
   */
  List<OutboxEntry> claimDue(String owner, Instant now, Duration lease, int limit, ClaimScope scope);

  /**
   * Like {@link #claimDue}, for routing work: claims up to {@code limit} pending entries of the given
   * {@linkplain OutboxKind#isRouting() routing kinds} due at {@code now}, with the same leases, ordering, takeover
   * flags and at-most-one-owner guarantee. Texts are never returned; an empty {@code kinds} claims nothing.
   */
  List<OutboxEntry> claimDueRouting(String owner, Instant now, Duration lease, int limit, Set<OutboxKind> kinds);

  /**
   * Stores the result of a send (or of routing work), but only while {@code owner} still holds the entry's
   * lease; the updated entry's lease fields are cleared and {@link OutboxEntry#takenOver()} is stored false.
   *
   * @return false when the lease was lost (expired and taken by another owner); the result is then dropped
   */
  boolean completeClaim(String owner, OutboxEntry updated);

  /**
   * Stores the result of work on {@code claimed}, but only while the entry is still under that very claim: the same
   * owner <em>and</em> the same lease end. An entry claimed again since, by another owner or by the same one after the
   * lease lapsed, makes this return false and drops the result, so work that outlived its lease cannot overwrite (or
   * free) the newer claim's work. When no one claimed the entry since, the result is stored even after the lease
   * lapsed. The engine stores every result this way.
   *
   * <p>The default checks the owner only, as {@link #completeClaim(String, OutboxEntry)} does; the stores shipped
   * with textback check both, and the store contract kit holds a store to that.
   *
   * @param claimed the entry as the claim returned it (its lease owner and lease end identify the claim)
   * @param updated the result, for the same entry id
   * @return false when the entry is no longer under {@code claimed}'s claim; the result is then dropped
   * @throws IllegalArgumentException when {@code claimed} has no lease or {@code updated} is another entry
   */
  default boolean completeClaim(OutboxEntry claimed, OutboxEntry updated) {
    return completeClaim(claimOwner(claimed, updated), updated);
  }

  /**
   * The owner of {@code claimed}'s lease, after checking that {@code updated} is a result for it: for
   * implementations of {@link #completeClaim(OutboxEntry, OutboxEntry)}.
   *
   * @throws IllegalArgumentException when {@code claimed} has no lease or {@code updated} is another entry
   */
  static String claimOwner(OutboxEntry claimed, OutboxEntry updated) {
    Objects.requireNonNull(claimed, "claimed == null");
    Objects.requireNonNull(updated, "updated == null");
    if (!claimed.id().equals(updated.id())) {
      throw new IllegalArgumentException(
          "result for entry " + updated.id() + " given for the claim of " + claimed.id());
    }
    String owner = claimed.leaseOwner();
    if (owner == null || claimed.leaseUntil() == null) {
      throw new IllegalArgumentException("entry " + claimed.id() + " is not a claimed entry: it has no lease");
    }
    return owner;
  }

  Optional<OutboxEntry> outboxEntry(String id);

  /**
   * Conversations whose escalation time is at or before {@code now}, oldest first: {@code limit} of them when at
   * least that many are due. The engine reads fewer as "no more are due now" and stops asking until its next pass.
   */
  List<Conversation> dueEscalations(Instant now, int limit);

  Optional<Conversation> conversation(String id);

  /**
   * Conversations of a business (all businesses when {@code businessId} is null) in the given statuses,
   * most recently active first; at most {@code limit}, none when it is not positive.
   */
  List<Conversation> conversations(@Nullable String businessId, Collection<ConversationStatus> statuses, int limit);

  /** Messages of a conversation, oldest first. */
  List<ConversationMessage> messages(String conversationId);

  /**
   * Funnel numbers for calls to a business at or after {@code from} and before {@code to}, computed by the
   * store (in the database for SQL stores).
   */
  FunnelCounts funnel(String businessId, Instant from, Instant to);

  /**
   * The decided calls to a business at or after {@code from} and before {@code to}, newest first (calls at the same
   * instant by carrier, then call id), at most {@code limit}; each with its text-back as it stands now, the
   * caller's first reply in the call's conversation and the called-back mark that counts for it (see
   * {@link CallActivity}). For an owner's call list.
   *
   * <p>The default throws {@link UnsupportedOperationException}, so that a store written against an earlier version
   * keeps compiling; the store contract kit checks a real implementation.
   *
   * @return the calls, possibly empty; an empty list when {@code limit} is not positive
   * @throws UnsupportedOperationException when the store does not implement it
   */
  default List<CallActivity> calls(String businessId, Instant from, Instant to, int limit) {
    throw new UnsupportedOperationException(getClass().getName() + " does not list calls:"
        + " implement TextBackStore.calls, callBacks and markCalledBack (the store contract kit tests them)");
  }

  /**
   * The owner's "call these back" list: calls to a business at or after {@code since} whose text-back the carrier
   * accepted ({@link OutboxEntry#sentAt()} set, as the funnel counts a text as sent, also when it later failed to
   * deliver), whose caller has not been reached since: no reply in the call's conversation, nor a reply (a
   * conversation's first) at or after the call in any other conversation of the business with that caller, no
   * answered call from that caller after it, and no {@linkplain #markCalledBack called-back mark} at or after the
   * call. Newest first (ties as in {@link #calls}), at most {@code limit}. A caller who called several times may
   * appear once per texted call.
   *
   * <p>The default throws {@link UnsupportedOperationException} (see {@link #calls}).
   *
   * @return the calls, possibly empty; an empty list when {@code limit} is not positive
   * @throws UnsupportedOperationException when the store does not implement it
   */
  default List<CallActivity> callBacks(String businessId, Instant since, int limit) {
    throw new UnsupportedOperationException(getClass().getName() + " does not list calls to return:"
        + " implement TextBackStore.calls, callBacks and markCalledBack (the store contract kit tests them)");
  }

  /**
   * Records that someone at a business called a caller back at {@code at}, replacing an earlier mark for the same
   * business and caller. The mark takes every call of that caller at or before {@code at} off {@link #callBacks}; a
   * later call brings the caller back. Marks are kept until {@link #purge} removes those older than its cutoff.
   *
   * <p>The default throws {@link UnsupportedOperationException} (see {@link #calls}).
   *
   * @param by who called, for the record, or null
   * @throws UnsupportedOperationException when the store does not implement it
   */
  default void markCalledBack(String businessId, PhoneNumber caller, Instant at, @Nullable String by) {
    throw new UnsupportedOperationException(getClass().getName() + " does not keep called-back marks:"
        + " implement TextBackStore.calls, callBacks and markCalledBack (the store contract kit tests them)");
  }

  /**
   * Deletes what is no longer needed: episodes expired before {@code before}, CLOSED conversations (with
   * their messages) whose last activity is before it, final outbox entries and decided calls older than it,
   * inbound-message ids (with their replies) older than it, delivery receipts kept early before it,
   * pending-call state last changed before it, and called-back marks made before it. Closes live conversations idle
   * since before {@code closeIdleBefore}. Opt-outs and unreachable numbers are never purged.
   *
   * <p>A store with transactions should purge in batches, each its own bounded transaction, so a large purge
   * never holds locks for long or makes one huge commit; other transactions may run between the batches. A purge
   * that fails part-way keeps what its finished batches removed, and the next purge removes the rest.
   *
   * @return the number of rows removed
   */
  int purge(Instant before, Instant closeIdleBefore);

  /**
   * Counts the outbox's pending entries and those due at {@code now}, with the oldest due time, for metrics and
   * health checks; every kind of entry counts. Computed by the store (one indexed query for SQL stores), without
   * locks or claims. The default throws, so a store written before this method existed keeps compiling; a
   * caller treats that as "backlog unknown".
   *
   * @param now the instant that decides which pending entries are due
   * @return the counts and the oldest due time
   * @throws UnsupportedOperationException when the store cannot count its outbox
   * @throws StoreUnavailableException when the store cannot be reached
   */
  default OutboxBacklog outboxBacklog(Instant now) {
    throw new UnsupportedOperationException(getClass().getName() + " does not report its outbox backlog");
  }

  /** Releases resources the store owns (not the caller's DataSource). */
  @Override
  default void close() {}
}
