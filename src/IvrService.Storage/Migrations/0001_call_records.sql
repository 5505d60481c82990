-- One row per call, inserted when the call is offered and updated when it is answered and when it
-- ends, so a crash leaves the row behind (the startup sweep ends it as 'interrupted').
CREATE TABLE call_records (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    call_id         text        NOT NULL,
    direction       text        NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    from_uri        text        NOT NULL,
    to_uri          text        NOT NULL,
    caller          text        NOT NULL,
    called          text        NOT NULL,
    source_address  text        NOT NULL,
    transport       text        NOT NULL CHECK (transport IN ('udp', 'tcp')),
    offered_at      timestamptz NOT NULL,
    answered_at     timestamptz,
    ended_at        timestamptz,
    end_reason      text        CHECK (end_reason IN ('caller_hangup', 'ivr_hangup', 'cancelled', 'rejected',
                                                      'max_duration', 'shutdown', 'media_timeout', 'interrupted')),
    sip_status      integer     CHECK (sip_status BETWEEN 100 AND 699),
    instance_id     text        NOT NULL,
    CONSTRAINT call_records_end_complete CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);

-- A Call-ID is not unique: a misbehaving peer may reuse one, and every call must still be recorded.
CREATE INDEX call_records_call_id_idx ON call_records (call_id);
CREATE INDEX call_records_offered_at_idx ON call_records (offered_at DESC, id DESC);
-- The startup sweep looks only at calls still open.
CREATE INDEX call_records_open_idx ON call_records (instance_id) WHERE ended_at IS NULL;
