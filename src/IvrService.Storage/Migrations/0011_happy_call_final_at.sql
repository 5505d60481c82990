-- When a happy call reached its result (finished, unreached, do_not_call), kept on its row, so that a satisfaction
-- report selects the results of its range by an index instead of working out that time for every result ever. It is
-- written in the transaction that ends the attempt and makes the call final. A final call without it (finalised by
-- an older version, or written straight into the table) has it worked out by the report itself, with the same
-- function, so the figures never depend on when it was stored.

-- A final state never changes again, so the time stays true once written.
ALTER TABLE happy_calls
    ADD COLUMN final_at timestamptz,
    ADD CONSTRAINT happy_calls_final_at_result CHECK (final_at IS NULL OR state IN ('finished', 'unreached', 'do_not_call'));

-- The time a happy call became final: the end of its last attempt; its last update when no attempt ended.
-- `updated_at` is the row's: a caller that is updating the row passes the value it writes.
CREATE FUNCTION happy_call_final_at(call_id bigint, updated_at timestamptz)
RETURNS timestamptz
LANGUAGE sql STABLE
AS $$
    SELECT coalesce((SELECT max(a.ended_at) FROM happy_call_attempts a WHERE a.happy_call_id = call_id), updated_at)
$$;

-- Stores the final time of these calls, each that is final and has none yet.
CREATE FUNCTION record_happy_call_final_at(call_ids bigint[])
RETURNS void
LANGUAGE sql
AS $$
    UPDATE happy_calls h
    SET final_at = happy_call_final_at(h.id, h.updated_at)
    WHERE h.id = ANY (call_ids) AND h.state IN ('finished', 'unreached', 'do_not_call') AND h.final_at IS NULL
$$;

-- The satisfaction report's range.
CREATE INDEX happy_calls_final_at_idx ON happy_calls (final_at) WHERE final_at IS NOT NULL;

-- The report finds the final calls whose time it must work out itself.
CREATE INDEX happy_calls_final_at_missing_idx ON happy_calls (id)
    WHERE final_at IS NULL AND state IN ('finished', 'unreached', 'do_not_call');

-- The calls that became final before this migration.
SELECT record_happy_call_final_at(ARRAY(SELECT id FROM happy_calls WHERE state IN ('finished', 'unreached', 'do_not_call')));
