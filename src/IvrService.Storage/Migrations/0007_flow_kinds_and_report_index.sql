-- Menus and surveys share the version store; each flow is one kind for good, so a survey id can never be published
-- as a menu or the reverse. Surveys stored before this migration are recognised by their top-level `questions:`
-- (the same test ivrctl validate applies to a file).
ALTER TABLE flow_versions
    ADD COLUMN kind text NOT NULL DEFAULT 'menu' CHECK (kind IN ('menu', 'survey'));

UPDATE flow_versions SET kind = 'survey'
WHERE flow_id IN (SELECT flow_id FROM flow_versions WHERE yaml ~ '(^|\n)questions[ \t]*:');

-- Listings by kind.
CREATE INDEX flow_versions_kind_idx ON flow_versions (kind, flow_id);

-- The outbound report reads the attempts claimed in its range.
CREATE INDEX happy_call_attempts_claimed_idx ON happy_call_attempts (claimed_at);
