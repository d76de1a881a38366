package dev.textback.spi;

import dev.textback.message.DeliveryReceipt;
import dev.textback.phone.PhoneNumber;
import dev.textback.policy.Episode;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The operations available inside one {@link TextBackStore#inTransaction} call. All reads see the
 * transaction's own writes. The {@code lock…} reads take a row lock (or the equivalent) held until the
 * transaction ends, so two engines deciding about the same caller serialise. Not thread-safe: use it only on
 * the thread that received it, and not after the work returns.
 */
public interface StoreTransaction {
  // -- calls ------------------------------------------------------------------------------------------------

  /** The decided call with this key, if any. */
  Optional<CallRecord> findCall(String carrier, String callId);

  /**
   * Inserts a decided call.
   *
   * @throws DuplicateKeyException when (carrier, callId) already exists; the store then re-runs the work
   */
  void insertCall(CallRecord call);

  /**
   * Reads what deciding about a call needs before it locks anything: {@link #findCall}, {@link #findOptOut} and
   * {@link #findUnreachable} of the caller, which is what this default runs. A store over a network overrides it to
   * read the three in one round trip.
   */
  default CallLookup lookUpCall(String carrier, String callId, Collection<String> optOutKeys, PhoneNumber caller) {
    return new CallLookup(findCall(carrier, callId).orElse(null), findOptOut(optOutKeys, caller).orElse(null),
        findUnreachable(caller).orElse(null));
  }

  // -- episodes -----------------------------------------------------------------------------------------------

  /** The current episode for (business, caller), locked for this transaction. */
  Optional<Episode> lockEpisode(String businessId, PhoneNumber caller);

  /** Inserts or replaces the episode for (business, caller): there is at most one per pair. */
  void saveEpisode(Episode episode);

  // -- opt-outs and unreachable numbers ----------------------------------------------------------------------

  /** The first opt-out of {@code caller} under any of {@code scopeKeys}, if any. */
  Optional<OptOutRecord> findOptOut(Collection<String> scopeKeys, PhoneNumber caller);

  /** Records an opt-out (replacing one under the same scope key and caller). */
  void saveOptOut(OptOutRecord optOut);

  /** Removes opt-outs of {@code caller} under the given keys; returns how many there were. */
  int deleteOptOuts(Collection<String> scopeKeys, PhoneNumber caller);

  Optional<UnreachableNumber> findUnreachable(PhoneNumber number);

  void saveUnreachable(UnreachableNumber number);

  // -- outbox -------------------------------------------------------------------------------------------------

  void insertOutbox(OutboxEntry entry);

  /** The entry with this id, locked for this transaction. */
  Optional<OutboxEntry> lockOutbox(String id);

  /** The entry the carrier knows under this message id, locked for this transaction. */
  Optional<OutboxEntry> lockOutboxByCarrierMessageId(String carrier, String carrierMessageId);

  // -- delivery receipts kept early ---------------------------------------------------------------------------

  /**
   * The delivery receipt kept for a carrier message id whose send was not recorded yet, locked for this
   * transaction, <em>also when none is kept</em>: a transaction that keeps a receipt and one that records the send
   * of that message id both call this first, so one waits for the other and sees what it committed (a database
   * store locks the key, inserting a key-only row when needed, as {@link #lockEpisode} does).
   */
  Optional<DeliveryReceipt> lockEarlyReceipt(String carrier, String carrierMessageId);

  /**
   * Locks what recording a send takes, in the order every transaction about that message id takes it: the receipt
   * kept early for the carrier message id ({@link #lockEarlyReceipt}), then the outbox entry ({@link #lockOutbox}).
   * This default calls the two; a store over a network takes both in one round trip.
   */
  default SendRecordLocks lockSendRecord(String carrier, String carrierMessageId, String outboxId) {
    DeliveryReceipt early = lockEarlyReceipt(carrier, carrierMessageId).orElse(null);
    return new SendRecordLocks(early, lockOutbox(outboxId).orElse(null));
  }

  /**
   * Keeps (or replaces) the receipt for its carrier and message id until the send is recorded; at most one per
   * key. Call {@link #lockEarlyReceipt} first.
   */
  void saveEarlyReceipt(DeliveryReceipt receipt);

  /** Forgets the receipt kept for this message id, and any lock row {@link #lockEarlyReceipt} left. */
  void deleteEarlyReceipt(String carrier, String carrierMessageId);

  /** Replaces an entry (matched by id). */
  void updateOutbox(OutboxEntry entry);

  /** Pending entries of a kind from a business to one recipient, locked (to cancel them). */
  List<OutboxEntry> lockPendingTo(String businessId, PhoneNumber to, OutboxKind kind);

  // -- inbound dedupe -----------------------------------------------------------------------------------------

  /**
   * Records an inbound carrier message id.
   *
   * @return false when it was already recorded (a redelivery)
   */
  boolean insertInboundIfNew(String carrier, String messageId, Instant at);

  /**
   * Stores the immediate reply the engine gave to an inbound message recorded with {@link #insertInboundIfNew},
   * so that a redelivery of it is answered the same. Does nothing when the id is not recorded.
   */
  void saveInboundReply(String carrier, String messageId, String reply);

  /** The immediate reply stored with an inbound message id; empty when it had none or is not recorded. */
  Optional<String> findInboundReply(String carrier, String messageId);

  // -- pending calls ------------------------------------------------------------------------------------------

  /** What a carrier adapter remembered about a call, locked for this transaction. */
  Optional<PendingCall> lockPendingCall(String carrier, String callId);

  /**
   * Records what an adapter remembers about a call.
   *
   * @throws DuplicateKeyException when (carrier, callId) already exists; the store then re-runs the work
   */
  void insertPendingCall(PendingCall call);

  /** Replaces what is remembered about a call (matched by carrier and call id). */
  void updatePendingCall(PendingCall call);

  /** Forgets a call; returns false when nothing was remembered. */
  boolean deletePendingCall(String carrier, String callId);

  // -- conversations ------------------------------------------------------------------------------------------

  /** The latest conversation between a business and a caller that is not CLOSED, locked. */
  Optional<Conversation> lockLiveConversation(String businessId, PhoneNumber caller);

  /** The conversation with this id, locked. */
  Optional<Conversation> lockConversation(String id);

  void insertConversation(Conversation conversation);

  /** Replaces a conversation (matched by id). */
  void updateConversation(Conversation conversation);

  void insertMessage(ConversationMessage message);

  /**
   * Inserts what a call that queues a text writes: its new conversation, the outbox entry, the entry's message in
   * the conversation and the call record. The outcome is that of {@link #insertConversation},
   * {@link #insertOutbox}, {@link #insertMessage} and {@link #insertCall} run in that order, which is what this
   * default does; a store over a network overrides it to write the four rows in one round trip.
   *
   * @throws DuplicateKeyException when any of the four keys already exists; the store then re-runs the work
   */
  default void insertQueuedText(Conversation conversation, OutboxEntry entry, ConversationMessage message,
      CallRecord call) {
    insertConversation(conversation);
    insertOutbox(entry);
    insertMessage(message);
    insertCall(call);
  }

  /** Automatic outbound messages in a conversation at or after {@code since} (the loop guard). */
  int countAutomaticMessagesSince(String conversationId, Instant since);
}
