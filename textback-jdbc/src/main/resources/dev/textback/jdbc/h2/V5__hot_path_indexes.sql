-- textback schema, version 5, for H2: indexes that keep the dispatcher's polls as cheap with a million rows as with
-- ten. H2 has no partial indexes: the leading columns do the narrowing.

-- claimDueRouting(): pending routing work by kind, in due order. Without it each routing pass read the pending
-- texts too.
CREATE INDEX textback_outbox_due_routing ON textback_outbox (status, kind, due_at, id);

-- dueEscalations(): in the (escalate_at, id) order the poll asks for. The poll bounds escalate_at from below as well,
-- so the scan starts after the conversations without an escalation (NULLs sort first) instead of walking them all.
CREATE INDEX textback_conversation_escalate_due ON textback_conversation (escalate_at, id);
DROP INDEX textback_conversation_escalate;

-- lockLiveConversation(): the latest conversation of a caller, in (opened_at, id) order without a sort.
CREATE INDEX textback_conversation_live_latest ON textback_conversation (business_id, caller, opened_at, id);
DROP INDEX textback_conversation_live;
