-- What a carrier adapter remembers between the webhooks of one call (how a <Dial> ended while a voicemail
-- greeting plays, which leg belongs to which caller), so that any instance can finish the call.
CREATE TABLE textback_pending_call (
  carrier     VARCHAR(64)   NOT NULL,
  call_id     VARCHAR(255)  NOT NULL,
  state       VARCHAR(4000) NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT textback_pending_call_pk PRIMARY KEY (carrier, call_id)
);
-- purge(): state older than the cutoff.
CREATE INDEX textback_pending_call_updated ON textback_pending_call (updated_at);
