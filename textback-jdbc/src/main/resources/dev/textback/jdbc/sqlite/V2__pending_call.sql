-- What a carrier adapter remembers between the webhooks of one call (how a <Dial> ended while a voicemail
-- greeting plays, which leg belongs to which caller), so that any instance can finish the call.
CREATE TABLE textback_pending_call (
  carrier     TEXT NOT NULL CHECK (length(carrier) <= 64),
  call_id     TEXT NOT NULL CHECK (length(call_id) <= 255),
  state       TEXT NOT NULL CHECK (length(state) <= 4000),
  updated_at  INTEGER NOT NULL,
  CONSTRAINT textback_pending_call_pk PRIMARY KEY (carrier, call_id)
) STRICT;
-- purge(): state older than the cutoff.
CREATE INDEX textback_pending_call_updated ON textback_pending_call (updated_at);
