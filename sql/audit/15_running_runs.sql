-- Runs still marked 'running'; negotrack/audit.py checks whether their process is alive
-- (a run killed outright stays 'running' until the next run marks it failed).
SELECT run_id, pid, host, started_at, flow_name
FROM runs
WHERE status = 'running'
ORDER BY started_at
