-- textback schema, version 5, for SQLite: indexes that keep the dispatcher's polls as cheap with a million rows as with ten.

-- claimDueRouting(): routing work pending, in due order. Partial, so it holds only the routing backlog. Without it
-- the planner read every pending text (the whole send backlog after a burst) and sorted it on each routing pass.
CREATE INDEX textback_outbox_due_routing ON textback_outbox (due_at, id)
  WHERE status = 'PENDING' AND kind IN ('ROUTE_REPLY', 'NOTIFY_ESCALATION');

-- dueEscalations(): open conversations with a waiting reply, in the (escalate_at, id) order the poll asks for, so a
-- pass reads only the rows it returns instead of every due one and a sort. Replaces the index on escalate_at alone.
CREATE INDEX textback_conversation_escalate_due ON textback_conversation (escalate_at, id)
  WHERE escalate_at IS NOT NULL AND status <> 'CLOSED';
DROP INDEX textback_conversation_escalate;

-- lockLiveConversation(): the latest live conversation of a caller, in (opened_at, id) order without a sort.
CREATE INDEX textback_conversation_live_latest ON textback_conversation (business_id, caller, opened_at, id)
  WHERE status <> 'CLOSED';
DROP INDEX textback_conversation_live;
