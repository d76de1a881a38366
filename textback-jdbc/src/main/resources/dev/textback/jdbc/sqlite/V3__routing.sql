-- textback schema, version 3 (SQLite): reply routing and escalations as outbox work (kinds ROUTE_REPLY and
-- NOTIFY_ESCALATION), claimed with a lease like texts.
-- The conversation message a routing entry is about: the reply to route, or the caller's latest message when the
-- conversation was escalated. NULL for texts.
ALTER TABLE textback_outbox ADD COLUMN conversation_message_id TEXT CHECK (length(conversation_message_id) <= 255);
-- Set by each claim: 1 when it took the entry over from a claim that lapsed unfinished (the engine holding it
-- stopped mid-send or mid-route), 0 for a fresh claim, and cleared when a result is recorded.
ALTER TABLE textback_outbox ADD COLUMN taken_over INTEGER NOT NULL DEFAULT 0;
