-- textback schema, version 3 (H2): reply routing and escalations as outbox work (kinds ROUTE_REPLY and
-- NOTIFY_ESCALATION), claimed with a lease like texts.
-- The conversation message a routing entry is about: the reply to route, or the caller's latest message when the
-- conversation was escalated. NULL for texts.
ALTER TABLE textback_outbox ADD COLUMN conversation_message_id VARCHAR(255);
-- Set by each claim: TRUE when it took the entry over from a claim that lapsed unfinished (the engine holding it
-- stopped mid-send or mid-route), FALSE for a fresh claim, and cleared when a result is recorded.
ALTER TABLE textback_outbox ADD COLUMN taken_over BOOLEAN NOT NULL DEFAULT FALSE;
