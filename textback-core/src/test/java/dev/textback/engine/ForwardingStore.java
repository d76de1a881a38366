package dev.textback.engine;

import dev.textback.phone.PhoneNumber;
import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.ConversationStatus;
import dev.textback.spi.CallActivity;
import dev.textback.spi.ClaimScope;
import dev.textback.spi.FunnelCounts;
import dev.textback.spi.OutboxBacklog;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.StoreTransaction;
import dev.textback.spi.TextBackStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** A store that hands every call to another; tests override the one operation they want to disturb. */
class ForwardingStore implements TextBackStore {
  protected final TextBackStore store;

  ForwardingStore(TextBackStore store) {
    this.store = store;
  }

  @Override
  public <T extends @Nullable Object> T inTransaction(Function<StoreTransaction, T> work) {
    return store.inTransaction(work);
  }

  @Override
  public List<OutboxEntry> claimDue(String owner, Instant now, Duration lease, int limit, ClaimScope scope) {
    return store.claimDue(owner, now, lease, limit, scope);
  }

  @Override
  public List<OutboxEntry> claimDueRouting(String owner, Instant now, Duration lease, int limit,
      Set<OutboxKind> kinds) {
    return store.claimDueRouting(owner, now, lease, limit, kinds);
  }

  @Override
  public boolean completeClaim(String owner, OutboxEntry updated) {
    return store.completeClaim(owner, updated);
  }

  @Override
  public boolean completeClaim(OutboxEntry claimed, OutboxEntry updated) {
    return store.completeClaim(claimed, updated);
  }

  @Override
  public Optional<OutboxEntry> outboxEntry(String id) {
    return store.outboxEntry(id);
  }

  @Override
  public List<Conversation> dueEscalations(Instant now, int limit) {
    return store.dueEscalations(now, limit);
  }

  @Override
  public Optional<Conversation> conversation(String id) {
    return store.conversation(id);
  }

  @Override
  public List<Conversation> conversations(@Nullable String businessId, Collection<ConversationStatus> statuses,
      int limit) {
    return store.conversations(businessId, statuses, limit);
  }

  @Override
  public List<ConversationMessage> messages(String conversationId) {
    return store.messages(conversationId);
  }

  @Override
  public FunnelCounts funnel(String businessId, Instant from, Instant to) {
    return store.funnel(businessId, from, to);
  }

  @Override
  public List<CallActivity> calls(String businessId, Instant from, Instant to, int limit) {
    return store.calls(businessId, from, to, limit);
  }

  @Override
  public List<CallActivity> callBacks(String businessId, Instant since, int limit) {
    return store.callBacks(businessId, since, limit);
  }

  @Override
  public void markCalledBack(String businessId, PhoneNumber caller, Instant at, @Nullable String by) {
    store.markCalledBack(businessId, caller, at, by);
  }

  @Override
  public int purge(Instant before, Instant closeIdleBefore) {
    return store.purge(before, closeIdleBefore);
  }

  @Override
  public OutboxBacklog outboxBacklog(Instant now) {
    return store.outboxBacklog(now);
  }
}
