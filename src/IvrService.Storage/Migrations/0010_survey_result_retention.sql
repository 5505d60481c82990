-- Retention of the results stream's change table (survey_result_changes). The pruner deletes the oldest changes in
-- small batches, always a run from the lowest position up (never the newest change, never one newer than the
-- retention), and records in the same transaction the highest position it has deleted. So every change above
-- pruned_through is still kept, and a stream cursor below pruned_through has lost changes (OUT_OF_RANGE), while one
-- at or above it has lost none. The oldest kept position alone could not tell that: positions have holes where a
-- writer rolled back.
--
-- The pruner never takes the change-order lock of append_survey_result_change: it deletes committed rows far below
-- the positions writers draw. Pruners on several instances take a transaction-scoped advisory try-lock per batch
-- (key "IvrSrcp" in ASCII); one that finds it taken leaves the work to the other.
CREATE TABLE survey_result_retention (
    singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    pruned_through bigint  NOT NULL
);

INSERT INTO survey_result_retention (singleton, pruned_through) VALUES (true, 0);
