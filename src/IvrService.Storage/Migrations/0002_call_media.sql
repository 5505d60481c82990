-- Media of a call: where its recording is, how the RTP stream fared, and every key the caller pressed
-- (stored as pressed, so a crash mid-call keeps the digits so far).
ALTER TABLE call_records
    ADD COLUMN recording_path        text,
    ADD COLUMN rtp_packets_sent      bigint,
    ADD COLUMN rtp_packets_received  bigint,
    ADD COLUMN rtp_packets_lost      bigint,
    ADD COLUMN rtp_jitter_ms         double precision,
    ADD COLUMN remote_loss_fraction  double precision,
    ADD COLUMN remote_jitter_ms      double precision;

CREATE TABLE call_digits (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    call_record_id  bigint      NOT NULL REFERENCES call_records (id) ON DELETE CASCADE,
    digit           text        NOT NULL CHECK (digit ~ '^[0-9*#A-D]$'),
    method          text        NOT NULL CHECK (method IN ('rfc4733', 'sip_info', 'in_band')),
    duration_ms     integer     NOT NULL CHECK (duration_ms >= 0),
    received_at     timestamptz NOT NULL
);

CREATE INDEX call_digits_call_idx ON call_digits (call_record_id, id);
