-- textback schema, version 7, for PostgreSQL: the pending outbox entries in a small table of their own, which the
-- claims read instead of the outbox's partial indexes.
--
-- Why: when an entry is sent its outbox row stops being pending, but its entries in a partial index on pending rows
-- stay until the next vacuum of the whole outbox, and every claim scans them from the oldest. Autovacuum visits a
-- table once a fifth of its rows are dead, so an outbox keeping a million rows of history could gather some 200,000
-- such entries between two visits, and each claim (and each idle poll) walked them all: 39-48 ms a claim, measured.
-- This table holds the pending entries only, is vacuumed after every few hundred changes, and so stays as small as
-- the backlog plus the last minute's sends, however long the history.
--
-- Triggers on the outbox keep it exactly in step: a row here for each pending outbox row, with the same kind,
-- carrier, due time and lease end. Every write path of the store goes through the outbox, so none of them needs to
-- know this table exists.
CREATE TABLE textback_outbox_pending (
  id           VARCHAR(255) NOT NULL,
  kind         VARCHAR(32)  NOT NULL,
  carrier      VARCHAR(64)  NOT NULL,
  due_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  lease_until  TIMESTAMP WITH TIME ZONE,
  CONSTRAINT textback_outbox_pending_pk PRIMARY KEY (id)
) WITH (
  -- Room in each page, so that a claim, which changes the lease end only, updates its row in place (a HOT update)
  -- and adds no index entry.
  fillfactor = 50,
  -- Vacuumed after a few hundred dead rows, not a fraction of the table: it is small, so each vacuum is cheap.
  autovacuum_vacuum_scale_factor = 0,
  autovacuum_vacuum_threshold = 500,
  vacuum_index_cleanup = true
);
-- claimDue(): each dispatcher claims the due entries of the carriers it has gateways for, in due order.
CREATE INDEX textback_outbox_pending_carrier ON textback_outbox_pending (carrier, due_at, id);
-- claimDueRouting(): routing work pending, in due order.
CREATE INDEX textback_outbox_pending_routing ON textback_outbox_pending (due_at, id)
  WHERE kind IN ('ROUTE_REPLY', 'NOTIFY_ESCALATION');

CREATE FUNCTION textback_outbox_track_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.status = 'PENDING' AND (TG_OP = 'DELETE' OR NEW.status <> 'PENDING') THEN
    DELETE FROM textback_outbox_pending WHERE id = OLD.id;
  ELSIF TG_OP = 'UPDATE' AND OLD.status = 'PENDING' THEN
    -- Written only when a tracked column changed: an unchanged row keeps its version.
    IF (NEW.kind, NEW.carrier, NEW.due_at, NEW.lease_until)
        IS DISTINCT FROM (OLD.kind, OLD.carrier, OLD.due_at, OLD.lease_until) THEN
      UPDATE textback_outbox_pending
        SET kind = NEW.kind, carrier = NEW.carrier, due_at = NEW.due_at, lease_until = NEW.lease_until
        WHERE id = NEW.id;
    END IF;
  ELSIF TG_OP <> 'DELETE' AND NEW.status = 'PENDING' THEN
    INSERT INTO textback_outbox_pending (id, kind, carrier, due_at, lease_until)
      VALUES (NEW.id, NEW.kind, NEW.carrier, NEW.due_at, NEW.lease_until);
  END IF;
  RETURN NULL;
END
$$;

-- One trigger per operation, each with a condition, so writes that cannot concern a pending entry (a receipt on a
-- sent text, purging final rows) do not call the function at all.
CREATE TRIGGER textback_outbox_pending_insert AFTER INSERT ON textback_outbox
  FOR EACH ROW WHEN (NEW.status = 'PENDING') EXECUTE FUNCTION textback_outbox_track_pending();
CREATE TRIGGER textback_outbox_pending_update AFTER UPDATE ON textback_outbox
  FOR EACH ROW WHEN (OLD.status = 'PENDING' OR NEW.status = 'PENDING') EXECUTE FUNCTION textback_outbox_track_pending();
CREATE TRIGGER textback_outbox_pending_delete AFTER DELETE ON textback_outbox
  FOR EACH ROW WHEN (OLD.status = 'PENDING') EXECUTE FUNCTION textback_outbox_track_pending();

INSERT INTO textback_outbox_pending (id, kind, carrier, due_at, lease_until)
  SELECT id, kind, carrier, due_at, lease_until FROM textback_outbox WHERE status = 'PENDING';

-- The claims read the table above now. textback_outbox_pending_to stays: it finds one caller's pending texts.
DROP INDEX textback_outbox_due_carrier;
DROP INDEX textback_outbox_due_routing;
