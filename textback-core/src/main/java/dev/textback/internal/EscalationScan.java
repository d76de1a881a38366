package dev.textback.internal;

import dev.textback.reply.Conversation;
import dev.textback.reply.ConversationMessage;
import dev.textback.reply.ConversationStatus;
import dev.textback.reply.Direction;
import java.time.Instant;
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
  private static final int BATCH = 32;

  private final EngineContext ctx;

  EscalationScan(EngineContext ctx) {
    this.ctx = ctx;
  }

  /** Escalates what is due now; returns how many conversations this engine escalated. */
  int run() {
    Instant now = ctx.clock().instant();
    boolean notify = ctx.notifier() != null;
    int fired = 0;
    for (Conversation due : ctx.store().dueEscalations(now, BATCH)) {
      @Nullable String latest = notify ? latestFromCaller(due.id()) : null;
      Conversation escalated = ctx.store().inTransaction(tx -> {
        Optional<Conversation> c = tx.lockConversation(due.id());
        if (c.isEmpty() || c.get().status() == ConversationStatus.CLOSED || c.get().escalateAt() == null
            || c.get().escalateAt().isAfter(now)) {
          return null;
        }
        tx.updateConversation(c.get().withEscalated());
        if (notify) tx.insertOutbox(RoutingWork.notifyEscalation(c.get(), latest, now));
        return c.get();
      });
      if (escalated == null) continue;
      fired++;
      log.info("conversation {}: reply from {} waiting since {}; escalating", escalated.id(),
          escalated.caller().masked(), escalated.awaitingSince());
      ctx.listeners().fire(l -> l.onEscalated(escalated));
    }
    return fired;
  }

  private @Nullable String latestFromCaller(String conversationId) {
    String latest = null;
    for (ConversationMessage m : ctx.store().messages(conversationId)) {
      if (m.direction() == Direction.INBOUND) latest = m.id();
    }
    return latest;
  }
}
