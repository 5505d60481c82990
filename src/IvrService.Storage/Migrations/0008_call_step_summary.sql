-- What the inbound report needs from a call's steps (the menu options chosen, whether a message was left, whether
-- a callback was asked for), kept on the call's row, so that a report over a year of calls reads the calls alone
-- instead of passing over every step. The summary is written when the call's flow outcome is stored (after its
-- last step) and when the call ends; a call not summarised yet (in progress, or written by an older version) is
-- summarised from its steps by the report itself, so the figures never depend on when summaries were written.

-- One menu option a caller chose: the key at a menu node, the node it led to, and how often in the call.
CREATE TYPE menu_choice AS (flow_id text, menu text, key text, target text, times integer);

-- summarised_steps: how many steps the summary was made from (null: not summarised). Steps are only added, so a
-- summary made from fewer steps than the stored one is stale and never replaces it.
ALTER TABLE call_records
    ADD COLUMN menu_choices      menu_choice[],
    ADD COLUMN has_message       boolean,
    ADD COLUMN has_callback      boolean,
    ADD COLUMN summarised_steps  integer CHECK (summarised_steps >= 0),
    ADD CONSTRAINT call_records_summary_complete CHECK (
        (summarised_steps IS NULL) = (menu_choices IS NULL)
        AND (summarised_steps IS NULL) = (has_message IS NULL)
        AND (summarised_steps IS NULL) = (has_callback IS NULL));

-- The summary of one call from the steps of its own flow (the record's flow_id when it has one: a customer calling
-- in is offered the survey first, on the same call, and the survey's steps, a comment among them, are not the
-- menu's). A menu choice is a `digits` step at a node the call entered as a `menu`, whose next step (in the call's
-- order) enters another node: the key was a valid option and led there. `steps` counts all the call's steps.
CREATE FUNCTION call_step_summary(record_id bigint)
RETURNS TABLE (menu_choices menu_choice[], has_message boolean, has_callback boolean, steps integer)
LANGUAGE sql STABLE
AS $$
    WITH own AS (
        SELECT flow_id FROM call_records WHERE id = record_id
    ),
    steps AS (
        SELECT s.flow_id, s.node_id, s.kind, s.detail,
               lead(s.kind) OVER next_step AS next_kind,
               lead(s.node_id) OVER next_step AS next_node,
               bool_or(s.kind = 'node_entered' AND s.detail = 'menu') OVER (PARTITION BY s.node_id) AS at_menu
        FROM call_steps s
        LEFT JOIN own ON true
        WHERE s.call_record_id = record_id AND (own.flow_id IS NULL OR s.flow_id = own.flow_id)
        WINDOW next_step AS (ORDER BY s.seq, s.id)
    )
    SELECT ARRAY(
               SELECT ROW(flow_id, node_id, detail, next_node, count(*)::integer)::menu_choice
               FROM steps
               WHERE kind = 'digits' AND next_kind = 'node_entered' AND at_menu AND detail IS NOT NULL
               GROUP BY flow_id, node_id, detail, next_node
               ORDER BY flow_id, node_id, detail, next_node),
           EXISTS (SELECT 1 FROM steps WHERE kind = 'recorded'),
           EXISTS (SELECT 1 FROM steps WHERE kind = 'callback'),
           (SELECT count(*)::integer FROM call_steps WHERE call_record_id = record_id)
$$;

-- Stores the summaries of these calls, each unless a summary of more steps is already there (two writers racing).
CREATE FUNCTION summarise_call_steps(record_ids bigint[])
RETURNS void
LANGUAGE sql
AS $$
    UPDATE call_records c
    SET menu_choices = s.menu_choices, has_message = s.has_message, has_callback = s.has_callback,
        summarised_steps = s.steps
    FROM unnest(record_ids) AS i(id)
    CROSS JOIN LATERAL call_step_summary(i.id) s
    WHERE c.id = i.id AND s.steps >= COALESCE(c.summarised_steps, 0)
$$;

-- The report finds the calls it must summarise itself.
CREATE INDEX call_records_unsummarised_idx ON call_records (offered_at) WHERE summarised_steps IS NULL;

-- Calls that ended before this migration. Calls still open may belong to an instance of the older version that
-- goes on writing their steps; they stay unsummarised, and the report reads their steps.
SELECT summarise_call_steps(ARRAY(SELECT id FROM call_records WHERE ended_at IS NOT NULL));
