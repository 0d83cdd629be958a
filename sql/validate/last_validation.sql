-- When the last completed validating run started (`negotrack validate` or a pipeline run):
-- rows written after it have not been checked in place yet.
SELECT max(started_at)
FROM runs
WHERE flow_name IN ('negotrack-validate', 'negotrack-pipeline') AND status = 'completed'
