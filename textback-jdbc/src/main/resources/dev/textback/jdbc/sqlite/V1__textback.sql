-- textback schema, version 1, for SQLite 3.37 or later (STRICT tables), through the xerial sqlite-jdbc driver.
-- Flyway-compatible name: run it with Flyway (location classpath:dev/textback/jdbc/sqlite), or let
-- JdbcTextBackStore.migrate() apply it. SQLite has no timestamp type: instants are INTEGER microseconds since
-- 1970-01-01T00:00:00Z (UTC), which sort and subtract exactly. Read one with
-- strftime('%Y-%m-%dT%H:%M:%fZ', x / 1000000.0, 'unixepoch'). Phone numbers are E.164 strings, enums by name,
-- booleans 0 or 1. STRICT makes a value of the wrong type an error instead of something that sorts wrongly, and
-- the CHECKs keep the length limits the other databases' VARCHAR(n) columns enforce.

-- Decided calls, one row per carrier call (the idempotency key of call handling).
CREATE TABLE textback_call (
  carrier          TEXT NOT NULL CHECK (length(carrier) <= 64),
  call_id          TEXT NOT NULL CHECK (length(call_id) <= 255),
  business_id      TEXT CHECK (length(business_id) <= 255),
  dialled          TEXT NOT NULL CHECK (length(dialled) <= 16),
  caller           TEXT CHECK (length(caller) <= 16),
  outcome          TEXT NOT NULL CHECK (length(outcome) <= 32),
  called_at        INTEGER NOT NULL,
  decided_at       INTEGER NOT NULL,
  reason           TEXT NOT NULL CHECK (length(reason) <= 64),
  detail           TEXT NOT NULL,
  due_at           INTEGER,
  outbox_id        TEXT CHECK (length(outbox_id) <= 255),
  conversation_id  TEXT CHECK (length(conversation_id) <= 255),
  CONSTRAINT textback_call_pk PRIMARY KEY (carrier, call_id)
) STRICT;
-- funnel(): the calls of one business in a period (equality on business, range on the call time).
CREATE INDEX textback_call_business_called ON textback_call (business_id, called_at);
-- purge(): decided calls older than the cutoff, without scanning the table.
CREATE INDEX textback_call_called ON textback_call (called_at);

-- Cooldown episodes, at most one row per (business, caller). lockEpisode() inserts a row with only the key
-- when none exists and locks it, so concurrent decisions about a new caller serialise on it. Such a row
-- (first_call_id NULL) means "no episode yet".
CREATE TABLE textback_episode (
  business_id    TEXT NOT NULL CHECK (length(business_id) <= 255),
  caller         TEXT NOT NULL CHECK (length(caller) <= 16),
  first_call_id  TEXT CHECK (length(first_call_id) <= 255),
  started_at     INTEGER,
  last_call_at   INTEGER,
  expires_at     INTEGER,
  calls          INTEGER,
  CONSTRAINT textback_episode_pk PRIMARY KEY (business_id, caller)
) STRICT;
-- purge(): episodes that expired before the cutoff, and key-only lock rows (expires_at NULL).
CREATE INDEX textback_episode_expires ON textback_episode (expires_at);

-- The opt-out ledger. Never purged. findOptOut() and deleteOptOuts() look up (scope key IN (...), caller),
-- which the primary key serves.
CREATE TABLE textback_opt_out (
  scope_key     TEXT NOT NULL CHECK (length(scope_key) <= 255),
  caller        TEXT NOT NULL CHECK (length(caller) <= 16),
  opted_out_at  INTEGER NOT NULL,
  source        TEXT NOT NULL CHECK (length(source) <= 255),
  CONSTRAINT textback_opt_out_pk PRIMARY KEY (scope_key, caller)
) STRICT;

-- Numbers a carrier said cannot receive texts. Never purged.
CREATE TABLE textback_unreachable (
  phone_number  TEXT NOT NULL CHECK (length(phone_number) <= 16),
  reason        TEXT NOT NULL CHECK (length(reason) <= 32),
  carrier_code  TEXT CHECK (length(carrier_code) <= 64),
  reported_at   INTEGER NOT NULL,
  CONSTRAINT textback_unreachable_pk PRIMARY KEY (phone_number)
) STRICT;

-- The outbox: every text decided, from the decision until the carrier's final word.
CREATE TABLE textback_outbox (
  id                  TEXT NOT NULL CHECK (length(id) <= 255),
  kind                TEXT NOT NULL CHECK (length(kind) <= 32),
  business_id         TEXT NOT NULL CHECK (length(business_id) <= 255),
  carrier             TEXT NOT NULL CHECK (length(carrier) <= 64),
  from_number         TEXT NOT NULL CHECK (length(from_number) <= 16),
  to_number           TEXT NOT NULL CHECK (length(to_number) <= 16),
  body                TEXT NOT NULL,
  conversation_id     TEXT CHECK (length(conversation_id) <= 255),
  call_id             TEXT CHECK (length(call_id) <= 255),
  called_at           INTEGER,
  created_at          INTEGER NOT NULL,
  due_at              INTEGER NOT NULL,
  expires_at          INTEGER,
  status              TEXT NOT NULL CHECK (length(status) <= 16),
  attempts            INTEGER NOT NULL,
  total_attempts      INTEGER NOT NULL,
  lease_owner         TEXT CHECK (length(lease_owner) <= 255),
  lease_until         INTEGER,
  carrier_message_id  TEXT CHECK (length(carrier_message_id) <= 255),
  segments            INTEGER NOT NULL,
  sent_at             INTEGER,
  delivered_at        INTEGER,
  last_error          TEXT,
  possible_duplicate  INTEGER NOT NULL,
  CONSTRAINT textback_outbox_pk PRIMARY KEY (id)
) STRICT;
-- claimDue() and nextDueAt(), run by every dispatcher every few seconds: pending entries in due order. Partial,
-- so it stays as small as the backlog however many final entries the table keeps.
CREATE INDEX textback_outbox_due ON textback_outbox (due_at, id) WHERE status = 'PENDING';
-- lockOutboxByCarrierMessageId(): every delivery receipt looks its entry up by the carrier's message id.
CREATE INDEX textback_outbox_carrier_message ON textback_outbox (carrier, carrier_message_id)
  WHERE carrier_message_id IS NOT NULL;
-- lockPendingTo(): cancelling the pending texts to a caller who called back, replied or opted out.
CREATE INDEX textback_outbox_pending_to ON textback_outbox (business_id, to_number, kind) WHERE status = 'PENDING';
-- funnel(): the text-backs of one business by the time of the call they answer.
CREATE INDEX textback_outbox_text_back_called ON textback_outbox (business_id, called_at) WHERE kind = 'TEXT_BACK';
-- purge(): final entries older than the cutoff.
CREATE INDEX textback_outbox_final_created ON textback_outbox (created_at) WHERE status <> 'PENDING';

-- Inbound carrier message ids already handled (redelivery dedupe).
CREATE TABLE textback_inbound (
  carrier      TEXT NOT NULL CHECK (length(carrier) <= 64),
  message_id   TEXT NOT NULL CHECK (length(message_id) <= 255),
  received_at  INTEGER NOT NULL,
  CONSTRAINT textback_inbound_pk PRIMARY KEY (carrier, message_id)
) STRICT;
-- purge(): ids older than the cutoff.
CREATE INDEX textback_inbound_received ON textback_inbound (received_at);

-- Conversations opened by text-backs.
CREATE TABLE textback_conversation (
  id                 TEXT NOT NULL CHECK (length(id) <= 255),
  business_id        TEXT NOT NULL CHECK (length(business_id) <= 255),
  business_number    TEXT NOT NULL CHECK (length(business_number) <= 16),
  caller             TEXT NOT NULL CHECK (length(caller) <= 16),
  carrier            TEXT NOT NULL CHECK (length(carrier) <= 64),
  call_id            TEXT CHECK (length(call_id) <= 255),
  opened_at          INTEGER NOT NULL,
  status             TEXT NOT NULL CHECK (length(status) <= 16),
  owner_name         TEXT CHECK (length(owner_name) <= 255),
  last_activity_at   INTEGER NOT NULL,
  first_reply_at     INTEGER,
  first_response_at  INTEGER,
  awaiting_since     INTEGER,
  escalate_at        INTEGER,
  handled_at         INTEGER,
  CONSTRAINT textback_conversation_pk PRIMARY KEY (id)
) STRICT;
-- lockLiveConversation(): every inbound text finds the caller's live conversation with the business.
CREATE INDEX textback_conversation_live ON textback_conversation (business_id, caller, opened_at)
  WHERE status <> 'CLOSED';
-- conversations(businessId, ...): a business's inbox, most recently active first.
CREATE INDEX textback_conversation_business_activity ON textback_conversation (business_id, last_activity_at);
-- conversations(null, ...) across businesses, and purge(): closing idle and deleting old closed conversations.
CREATE INDEX textback_conversation_activity ON textback_conversation (last_activity_at);
-- dueEscalations(): polled by the dispatcher. Only conversations with a waiting reply have an escalation time.
CREATE INDEX textback_conversation_escalate ON textback_conversation (escalate_at) WHERE escalate_at IS NOT NULL;
-- funnel(): joins each conversation to the call that opened it.
CREATE INDEX textback_conversation_call ON textback_conversation (carrier, call_id);

-- Messages of conversations. seq keeps insertion order among messages with the same time: an INTEGER PRIMARY KEY
-- is the row id, which SQLite sets above every existing one when an insert leaves it NULL.
CREATE TABLE textback_message (
  seq                 INTEGER PRIMARY KEY,
  id                  TEXT NOT NULL CHECK (length(id) <= 255),
  conversation_id     TEXT NOT NULL CHECK (length(conversation_id) <= 255),
  direction           TEXT NOT NULL CHECK (length(direction) <= 16),
  body                TEXT NOT NULL,
  message_at          INTEGER NOT NULL,
  automatic           INTEGER NOT NULL,
  author              TEXT CHECK (length(author) <= 255),
  carrier_message_id  TEXT CHECK (length(carrier_message_id) <= 255),
  media_urls          TEXT,
  CONSTRAINT textback_message_pk UNIQUE (id)
) STRICT;
-- messages(), countAutomaticMessagesSince() (the loop guard, on every automatic send) and purge() (messages of
-- deleted conversations): all select by conversation, in time order.
CREATE INDEX textback_message_conversation ON textback_message (conversation_id, message_at, seq);
