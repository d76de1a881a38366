-- textback schema, version 4, for PostgreSQL: delivery receipts kept until their send is recorded, the immediate
-- reply of each inbound text, and claims by carrier.

-- Delivery receipts that arrived before the send they report on was recorded (carriers may call their status
-- webhook before their API has answered), kept until it is and applied with it. At most one per carrier message
-- id. A row without a status only holds the lock lockEarlyReceipt() takes: the engine deletes it in the same
-- transaction, and purge() deletes any left behind.
CREATE TABLE textback_early_receipt (
  carrier         VARCHAR(64)  NOT NULL,
  message_id      VARCHAR(255) NOT NULL,
  status          VARCHAR(16),
  error_code      TEXT,
  failure_reason  VARCHAR(32),
  reported_at     TIMESTAMP WITH TIME ZONE,
  CONSTRAINT textback_early_receipt_pk PRIMARY KEY (carrier, message_id)
);
-- purge(): receipts kept since before the cutoff (for texts never sent, or sent again under another id), and lock
-- rows (no time).
CREATE INDEX textback_early_receipt_reported ON textback_early_receipt (reported_at);

-- The immediate reply an inbound text got (the help text, an opt-out confirmation), given again to a redelivery.
ALTER TABLE textback_inbound ADD COLUMN reply TEXT;

-- claimDue(): each dispatcher claims the due entries of the carriers it has gateways for, in due order. Partial, so
-- it stays as small as the backlog, and the carrier leads, so entries of another engine's carrier are never read. It
-- replaces the index on due time alone, which the planner would still pick for a claim of two carriers and then
-- read through every other carrier's due entries.
CREATE INDEX textback_outbox_due_carrier ON textback_outbox (carrier, due_at, id) WHERE status = 'PENDING';
DROP INDEX textback_outbox_due;
