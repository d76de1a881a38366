package dev.textback.internal;

import dev.textback.phone.PhoneNumber;
import dev.textback.reply.Conversation;
import dev.textback.spi.OutboundQueue;
import dev.textback.spi.OutboxEntry;
import dev.textback.spi.OutboxKind;
import dev.textback.spi.OutboxStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound queue a router or notifier gets while it works on one routing entry. The n-th text it queues gets
 * the id {@code <routing entry id>-<n>}, so when the same entry is routed again (after a failure, or by another
 * engine after a crash) the texts an earlier attempt queued are found and not queued twice: an owner forward or
 * an owner escalation text goes out once. Thread-safe; the numbering assumes the router queues in the same order
 * each time.
 */
final class RoutingQueue implements OutboundQueue {
  private static final Logger log = LoggerFactory.getLogger(RoutingQueue.class);

  private final EngineContext ctx;
  private final OutboxEntry work;
  private final Conversation conversation;
  private final AtomicInteger queued = new AtomicInteger();

  RoutingQueue(EngineContext ctx, OutboxEntry work, Conversation conversation) {
    this.ctx = ctx;
    this.work = work;
    this.conversation = conversation;
  }

  @Override
  public String enqueue(OutboxKind kind, PhoneNumber to, String body) {
    Objects.requireNonNull(kind, "kind == null");
    Objects.requireNonNull(to, "to == null");
    Objects.requireNonNull(body, "body == null");
    if (kind.isRouting()) throw new IllegalArgumentException("routers queue texts, not " + kind);
    String id = work.id() + "-" + queued.incrementAndGet();
    Instant now = ctx.clock().instant();
    OutboxEntry entry = OutboxEntry.builder().id(id).kind(kind).businessId(conversation.businessId())
        .carrier(conversation.carrier()).from(conversation.businessNumber()).to(to).body(body)
        .conversationId(to.equals(conversation.caller()) ? conversation.id() : null).createdAt(now).dueAt(now)
        .status(OutboxStatus.PENDING).build();
    boolean inserted = ctx.store().inTransaction(tx -> {
      if (tx.lockOutbox(id).isPresent()) return false;
      tx.insertOutbox(entry);
      return true;
    });
    if (inserted) {
      ctx.listeners().fire(l -> l.onQueued(entry));
      ctx.wakeUp().run();
    } else {
      log.info("{} {} to {} was queued by an earlier attempt of {}; not queued again", kind, id, to.masked(),
          work.id());
    }
    return id;
  }
}
