-- Quarantined rows for `negotrack quarantine`: unreleased ones unless $include_released.
SELECT quarantine_id, table_name, row_key, disposition,
       failed_expectations,
       run_id, quarantined_at, released_at
FROM quarantine
WHERE $include_released OR released_at IS NULL
ORDER BY quarantine_id
