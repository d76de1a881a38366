package dev.textback.internal;

import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.ConversationStatus;
import dev.textback.reply.Direction;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Escalates conversations whose reply has waited past their escalation time. For each, one transaction locks the
 * conversation, checks the time is still due, marks it escalated and (when the engine has an escalation notifier)
 * writes the notification to the outbox ({@link dev.textback.spi.OutboxKind#NOTIFY_ESCALATION}). The lock and the
 * re-check make each waiting reply escalate once however many engines scan; the entry in the same transaction
 * makes the notification survive a crash right after, and the routing dispatcher hands it over with a lease.
 */
final class EscalationScan {
  private static final Logger log = LoggerFactory.getLogger(EscalationScan.class);
  /** Conversations one scan reads; a full scan that escalated some says more may be due. */
  private static final int BATCH = 32;

  private final EngineContext ctx;

  EscalationScan(EngineContext ctx) {
    this.ctx = ctx;
  }

  /**
   * What one scan did.
   *
   * @param fired conversations this engine escalated
   * @param moreDue the scan read a full batch and escalated some of it, so more may be due now. A full batch of
   *     which none escalated (other engines took them all) does not count, so a store that keeps returning the same
   *     conversations cannot keep an engine scanning.
   */
  record Result(int fired, boolean moreDue) {}

  /** Escalates what is due now, at most one batch. */
  Result run() {
    Instant now = ctx.clock().instant();
    boolean notify = ctx.writesEscalationNotices();
    int fired = 0;
    List<Conversation> batch = ctx.store().dueEscalations(now, BATCH);
    for (Conversation due : batch) {
      @Nullable String latest = notify ? latestFromCaller(due.id()) : null;
      Conversation escalated = ctx.store().inTransaction(tx -> {
        Optional<Conversation> c = tx.lockConversation(due.id());
        if (c.isEmpty() || c.get().status() == ConversationStatus.CLOSED || c.get().escalateAt() == null
            || c.get().escalateAt().isAfter(now)) {
          return null;
        }
        Conversation updated = c.get().withEscalated();
        tx.updateConversation(updated);
        if (notify) tx.insertOutbox(RoutingWork.notifyEscalation(c.get(), latest, now));
        return updated; // listeners see it as stored: escalated, nothing more to escalate
      });
      if (escalated == null) continue;
      fired++;
      log.info("conversation {}: reply from {} waiting since {}; escalating", escalated.id(),
          escalated.caller().masked(), escalated.awaitingSince());
      ctx.listeners().fire(l -> l.onEscalated(escalated));
    }
    return new Result(fired, batch.size() >= BATCH && fired > 0);
  }

  private @Nullable String latestFromCaller(String conversationId) {
    String latest = null;
    for (ConversationMessage m : ctx.store().messages(conversationId)) {
      if (m.direction() == Direction.INBOUND) latest = m.id();
    }
    return latest;
  }
}
