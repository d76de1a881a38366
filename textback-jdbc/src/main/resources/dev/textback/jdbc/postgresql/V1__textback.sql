-- textback schema, version 1, for PostgreSQL 12 or later.
-- Flyway-compatible name: run it with Flyway (location classpath:dev/textback/jdbc/postgresql), with a
-- Liquibase sqlFile change, or let JdbcTextBackStore.migrate() apply it. Instants are TIMESTAMP WITH TIME ZONE
-- at microsecond precision, phone numbers as E.164 strings, enums by name.

-- Decided calls, one row per carrier call (the idempotency key of call handling).
CREATE TABLE textback_call (
  carrier          VARCHAR(64)  NOT NULL,
  call_id          VARCHAR(255) NOT NULL,
  business_id      VARCHAR(255),
  dialled          VARCHAR(16)  NOT NULL,
  caller           VARCHAR(16),
  outcome          VARCHAR(32)  NOT NULL,
  called_at        TIMESTAMP WITH TIME ZONE NOT NULL,
  decided_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  reason           VARCHAR(64)  NOT NULL,
  detail           TEXT         NOT NULL,
  due_at           TIMESTAMP WITH TIME ZONE,
  outbox_id        VARCHAR(255),
  conversation_id  VARCHAR(255),
  CONSTRAINT textback_call_pk PRIMARY KEY (carrier, call_id)
);
-- funnel(): the calls of one business in a period (equality on business, range on the call time).
CREATE INDEX textback_call_business_called ON textback_call (business_id, called_at);
-- purge(): decided calls older than the cutoff, without scanning the table.
CREATE INDEX textback_call_called ON textback_call (called_at);

-- Cooldown episodes, at most one row per (business, caller). lockEpisode() inserts a row with only the key
-- when none exists and locks it, so concurrent decisions about a new caller serialise on it. Such a row
-- (first_call_id NULL) means "no episode yet".
CREATE TABLE textback_episode (
  business_id    VARCHAR(255) NOT NULL,
  caller         VARCHAR(16)  NOT NULL,
  first_call_id  VARCHAR(255),
  started_at     TIMESTAMP WITH TIME ZONE,
  last_call_at   TIMESTAMP WITH TIME ZONE,
  expires_at     TIMESTAMP WITH TIME ZONE,
  calls          INTEGER,
  CONSTRAINT textback_episode_pk PRIMARY KEY (business_id, caller)
);
-- purge(): episodes that expired before the cutoff, and key-only lock rows (expires_at NULL).
CREATE INDEX textback_episode_expires ON textback_episode (expires_at);

-- The opt-out ledger. Never purged. findOptOut() and deleteOptOuts() look up (scope key IN (...), caller),
-- which the primary key serves.
CREATE TABLE textback_opt_out (
  scope_key     VARCHAR(255) NOT NULL,
  caller        VARCHAR(16)  NOT NULL,
  opted_out_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  source        VARCHAR(255) NOT NULL,
  CONSTRAINT textback_opt_out_pk PRIMARY KEY (scope_key, caller)
);

-- Numbers a carrier said cannot receive texts. Never purged.
CREATE TABLE textback_unreachable (
  phone_number  VARCHAR(16)  NOT NULL,
  reason        VARCHAR(32)  NOT NULL,
  carrier_code  VARCHAR(64),
  reported_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT textback_unreachable_pk PRIMARY KEY (phone_number)
);

-- The outbox: every text decided, from the decision until the carrier's final word.
CREATE TABLE textback_outbox (
  id                  VARCHAR(255) NOT NULL,
  kind                VARCHAR(32)  NOT NULL,
  business_id         VARCHAR(255) NOT NULL,
  carrier             VARCHAR(64)  NOT NULL,
  from_number         VARCHAR(16)  NOT NULL,
  to_number           VARCHAR(16)  NOT NULL,
  body                TEXT         NOT NULL,
  conversation_id     VARCHAR(255),
  call_id             VARCHAR(255),
  called_at           TIMESTAMP WITH TIME ZONE,
  created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  due_at              TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at          TIMESTAMP WITH TIME ZONE,
  status              VARCHAR(16)  NOT NULL,
  attempts            INTEGER      NOT NULL,
  total_attempts      INTEGER      NOT NULL,
  lease_owner         VARCHAR(255),
  lease_until         TIMESTAMP WITH TIME ZONE,
  carrier_message_id  VARCHAR(255),
  segments            INTEGER      NOT NULL,
  sent_at             TIMESTAMP WITH TIME ZONE,
  delivered_at        TIMESTAMP WITH TIME ZONE,
  last_error          TEXT,
  possible_duplicate  BOOLEAN      NOT NULL,
  CONSTRAINT textback_outbox_pk PRIMARY KEY (id)
);
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
  carrier      VARCHAR(64)  NOT NULL,
  message_id   VARCHAR(255) NOT NULL,
  received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT textback_inbound_pk PRIMARY KEY (carrier, message_id)
);
-- purge(): ids older than the cutoff.
CREATE INDEX textback_inbound_received ON textback_inbound (received_at);

-- Conversations opened by text-backs.
CREATE TABLE textback_conversation (
  id                 VARCHAR(255) NOT NULL,
  business_id        VARCHAR(255) NOT NULL,
  business_number    VARCHAR(16)  NOT NULL,
  caller             VARCHAR(16)  NOT NULL,
  carrier            VARCHAR(64)  NOT NULL,
  call_id            VARCHAR(255),
  opened_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  status             VARCHAR(16)  NOT NULL,
  owner_name         VARCHAR(255),
  last_activity_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  first_reply_at     TIMESTAMP WITH TIME ZONE,
  first_response_at  TIMESTAMP WITH TIME ZONE,
  awaiting_since     TIMESTAMP WITH TIME ZONE,
  escalate_at        TIMESTAMP WITH TIME ZONE,
  handled_at         TIMESTAMP WITH TIME ZONE,
  CONSTRAINT textback_conversation_pk PRIMARY KEY (id)
);
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

-- Messages of conversations. seq keeps insertion order among messages with the same time.
CREATE TABLE textback_message (
  seq                 BIGINT GENERATED ALWAYS AS IDENTITY,
  id                  VARCHAR(255) NOT NULL,
  conversation_id     VARCHAR(255) NOT NULL,
  direction           VARCHAR(16)  NOT NULL,
  body                TEXT         NOT NULL,
  message_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  automatic           BOOLEAN      NOT NULL,
  author              VARCHAR(255),
  carrier_message_id  VARCHAR(255),
  media_urls          TEXT,
  CONSTRAINT textback_message_pk PRIMARY KEY (id)
);
-- messages(), countAutomaticMessagesSince() (the loop guard, on every automatic send) and purge() (messages of
-- deleted conversations): all select by conversation, in time order.
CREATE INDEX textback_message_conversation ON textback_message (conversation_id, message_at, seq);
