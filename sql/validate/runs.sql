-- Derived columns checked by expectations/runs.json. Reads `validate_batch`.
--   ended_when_finished  a completed or failed run has ended_at (NULL for other statuses)
--   statements_add_up    completed runs: statements = statements_kept + statements_quarantined
SELECT
    b.*,
    CASE WHEN b.status IN ('completed', 'failed') THEN b.ended_at IS NOT NULL END AS ended_when_finished,
    CASE WHEN b.status = 'completed' THEN
        coalesce(b.statements, 0) = coalesce(b.statements_kept, 0) + coalesce(b.statements_quarantined, 0)
    END AS statements_add_up
FROM validate_batch AS b
ORDER BY b._row_id
