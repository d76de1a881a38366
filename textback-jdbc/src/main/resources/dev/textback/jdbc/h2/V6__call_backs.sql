-- textback schema, version 6, for H2: the callers someone at the business has called back, so the owner's
-- "call these back" list (callBacks()) leaves them out until they call again.

-- At most one mark per (business, caller): a new mark replaces the old one (markCalledBack()). A call counts as
-- called back when the mark is at or after it. calls() and callBacks() find the mark by the primary key.
CREATE TABLE textback_call_back (
  business_id  VARCHAR(255) NOT NULL,
  caller       VARCHAR(16)  NOT NULL,
  marked_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  marked_by    VARCHAR(255),
  CONSTRAINT textback_call_back_pk PRIMARY KEY (business_id, caller)
);
-- purge(): marks made before the cutoff.
CREATE INDEX textback_call_back_marked ON textback_call_back (marked_at);
