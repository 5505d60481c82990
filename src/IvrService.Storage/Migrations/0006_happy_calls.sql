-- Happy calls (one per completed service), each dialling attempt claimed before it is dialled, the answers as
-- they are given, and the ordered change table the results stream reads.
CREATE TABLE happy_calls (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service_id          text        NOT NULL UNIQUE,
    customer_id         text        NOT NULL,
    phone               text        NOT NULL,
    customer_name       text        NOT NULL,
    language            text        NOT NULL,
    technician_id       text        NOT NULL,
    technician_name     text        NOT NULL,
    service_type        text        NOT NULL,
    completed_at        timestamptz NOT NULL,
    time_zone           text        NOT NULL,
    survey_id           text        NOT NULL,
    due_at              timestamptz NOT NULL,
    state               text        NOT NULL CHECK (state IN ('pending', 'in_progress', 'finished', 'unreached',
                                                              'cancelled', 'do_not_call')),
    outcome             text        NOT NULL CHECK (outcome IN ('none', 'completed', 'partial', 'opted_out', 'declined',
                                                                'unreached', 'cancelled', 'do_not_call')),
    attempts            integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    completion_retries  integer     NOT NULL DEFAULT 0 CHECK (completion_retries >= 0),
    next_attempt_at     timestamptz,
    survey_version      integer     NOT NULL DEFAULT 0 CHECK (survey_version >= 0),
    escalated           boolean     NOT NULL DEFAULT false,
    has_comment         boolean     NOT NULL DEFAULT false,
    comment_path        text,
    job_id              text,
    cancel_requested    boolean     NOT NULL DEFAULT false,
    cancel_reason       text,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    CONSTRAINT happy_calls_comment_complete CHECK (has_comment = (comment_path IS NOT NULL)),
    -- Only a pending call waits for an attempt; a finished one has its outcome.
    CONSTRAINT happy_calls_pending_due CHECK (state <> 'pending' OR next_attempt_at IS NOT NULL)
);

-- Result listings: most recently updated first, paged by (updated_at, id), alone or by one filter.
CREATE INDEX happy_calls_updated_idx ON happy_calls (updated_at DESC, id DESC);
CREATE INDEX happy_calls_technician_idx ON happy_calls (technician_id, updated_at DESC, id DESC);
CREATE INDEX happy_calls_service_type_idx ON happy_calls (service_type, updated_at DESC, id DESC);
CREATE INDEX happy_calls_outcome_idx ON happy_calls (outcome, updated_at DESC, id DESC);
CREATE INDEX happy_calls_escalated_idx ON happy_calls (updated_at DESC, id DESC) WHERE escalated;
-- A customer calling in is offered their open survey (caller-ID match).
CREATE INDEX happy_calls_phone_idx ON happy_calls (phone, state);
-- Due and never-scheduled calls.
CREATE INDEX happy_calls_due_idx ON happy_calls (state, next_attempt_at);

-- One row per claimed attempt: the claim is what keeps a job that runs twice from dialling twice.
CREATE TABLE happy_call_attempts (
    happy_call_id   bigint      NOT NULL REFERENCES happy_calls (id) ON DELETE CASCADE,
    attempt         integer     NOT NULL CHECK (attempt >= 1),
    claimed_at      timestamptz NOT NULL,
    claimed_by      text        NOT NULL,
    ended_at        timestamptz,
    outcome         text        CHECK (outcome IN ('busy', 'no_answer', 'failed', 'answering_machine', 'declined',
                                                   'unfinished', 'opted_out', 'completed', 'do_not_call', 'interrupted')),
    sip_status      integer     CHECK (sip_status BETWEEN 100 AND 699),
    call_record_id  bigint      REFERENCES call_records (id) ON DELETE SET NULL,
    PRIMARY KEY (happy_call_id, attempt),
    CONSTRAINT happy_call_attempts_end_complete CHECK ((ended_at IS NULL) = (outcome IS NULL))
);

-- Recovery looks only at attempts still open.
CREATE INDEX happy_call_attempts_open_idx ON happy_call_attempts (claimed_at) WHERE ended_at IS NULL;
CREATE INDEX happy_call_attempts_call_record_idx ON happy_call_attempts (call_record_id) WHERE call_record_id IS NOT NULL;

-- One answer per question: a question answered again (on the completion retry) replaces the earlier answer.
CREATE TABLE survey_answers (
    happy_call_id  bigint      NOT NULL REFERENCES happy_calls (id) ON DELETE CASCADE,
    question_id    text        NOT NULL,
    kind           text        NOT NULL CHECK (kind IN ('rating', 'yes_no', 'score', 'choice')),
    value          integer     NOT NULL,
    choice_id      text,
    digits         text        NOT NULL,
    method         text        NOT NULL CHECK (method IN ('rfc4733', 'sip_info', 'in_band')),
    answered_at    timestamptz NOT NULL,
    attempt        integer     NOT NULL CHECK (attempt >= 1),
    PRIMARY KEY (happy_call_id, question_id)
);

-- The results stream reads this table from a cursor (a position), never the result table.
--
-- Positions must become visible in order: a reader that has seen position N must never later see a new
-- position below N, or a client resuming after N would miss it. An identity alone does not give that: two
-- writers take 7 and 8, the one holding 8 commits first, a reader sees 8 and moves its cursor past 7.
-- So every writer takes one transaction-scoped advisory lock before it draws its position (in
-- append_survey_result_change below) and keeps it until it commits or rolls back: positions are drawn and
-- committed one writer at a time, in order. PostgreSQL makes a commit visible before it releases the
-- transaction's locks, so when the next writer draws N+1 the change at N is already visible to every
-- new snapshot. A rolled-back writer leaves a hole in the numbers, which readers skip harmlessly.
-- The cost is that result-changing writes commit one after another; the lock is taken as the last step of
-- each write, so it is held only for the rest of its transaction (a caller's ambient transaction
-- should commit promptly after the store call).
CREATE TABLE survey_result_changes (
    position       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    happy_call_id  bigint      NOT NULL REFERENCES happy_calls (id) ON DELETE CASCADE,
    created        boolean     NOT NULL,
    changed_at     timestamptz NOT NULL
);

CREATE INDEX survey_result_changes_happy_call_idx ON survey_result_changes (happy_call_id);

-- Appends one change in the caller's transaction and signals it (NOTIFY is delivered at commit, so a
-- listener never wakes before the change is visible). The advisory lock key is "IvrSrch" in ASCII.
CREATE FUNCTION append_survey_result_change(p_happy_call_id bigint, p_created boolean, p_changed_at timestamptz)
    RETURNS bigint
    LANGUAGE plpgsql
AS $$
DECLARE
    v_position bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(20677906698232680);
    INSERT INTO survey_result_changes (happy_call_id, created, changed_at)
    VALUES (p_happy_call_id, p_created, p_changed_at)
    RETURNING position INTO v_position;
    PERFORM pg_notify('survey_result_changes', v_position::text);
    RETURN v_position;
END;
$$;
