-- Runs still marked 'running'; negotrack/audit.py checks whether their process is alive
-- (PID, start time and boot: negotrack/runs.py ProcessId)
-- (a run killed outright stays 'running' until the next run marks it failed).
SELECT run_id, pid, host, started_at, flow_name, proc_start, boot_id
FROM runs
WHERE status = 'running'
ORDER BY started_at
