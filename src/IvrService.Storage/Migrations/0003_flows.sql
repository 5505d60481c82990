-- Menu definitions as immutable numbered versions, one of them current per flow; the path of every call
-- through its menu, written step by step; and what callers leave behind: service requests, voice messages
-- and callback requests.
CREATE TABLE flow_versions (
    flow_id       text        NOT NULL,
    version       integer     NOT NULL CHECK (version >= 1),
    yaml          text        NOT NULL,
    source_name   text        NOT NULL,
    published_at  timestamptz NOT NULL,
    published_by  text        NOT NULL,
    comment       text,
    PRIMARY KEY (flow_id, version)
);

CREATE TABLE flow_current (
    flow_id     text        PRIMARY KEY,
    version     integer     NOT NULL,
    changed_at  timestamptz NOT NULL,
    FOREIGN KEY (flow_id, version) REFERENCES flow_versions (flow_id, version)
);

ALTER TABLE call_records
    ADD COLUMN flow_id       text,
    ADD COLUMN flow_version  integer,
    ADD COLUMN flow_outcome  text,
    ADD COLUMN language      text;

-- A Call-ID may repeat across calls, so a step also names its call record when there is one.
CREATE TABLE call_steps (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    call_id         text        NOT NULL,
    call_record_id  bigint      REFERENCES call_records (id) ON DELETE CASCADE,
    seq             integer     NOT NULL CHECK (seq >= 1),
    at              timestamptz NOT NULL,
    node_id         text        NOT NULL,
    kind            text        NOT NULL,
    detail          text,
    flow_id         text        NOT NULL,
    flow_version    integer     NOT NULL
);

CREATE INDEX call_steps_call_idx ON call_steps (call_id, seq);
CREATE INDEX call_steps_record_idx ON call_steps (call_record_id, seq);

-- Numbers read well on the phone: the day (yyMMdd) and that day's sequence.
CREATE TABLE service_request_days (
    day   date    PRIMARY KEY,
    last  integer NOT NULL
);

CREATE TABLE service_requests (
    number           text        PRIMARY KEY,
    status           text        NOT NULL,
    status_date      date,
    visit_date       date,
    technician_name  text,
    product_code     text,
    customer_phone   text,
    contact_phone    text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    created_by_call  text
);

CREATE TABLE voice_messages (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    call_id         text        NOT NULL,
    caller          text        NOT NULL,
    category        text        NOT NULL,
    recording_path  text        NOT NULL,
    duration_ms     integer     NOT NULL CHECK (duration_ms >= 0),
    language        text        NOT NULL,
    created_at      timestamptz NOT NULL
);

CREATE TABLE callback_requests (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    call_id     text        NOT NULL,
    caller      text        NOT NULL,
    number      text        NOT NULL,
    reason      text        NOT NULL,
    language    text        NOT NULL,
    status      text        NOT NULL DEFAULT 'pending',
    created_at  timestamptz NOT NULL
);

CREATE INDEX callback_requests_pending_idx ON callback_requests (created_at) WHERE status = 'pending';
