-- Runs: mark the runs this process is running as failed (it was stopped by a signal and
-- is leaving before they could finish). Its runs: same PID and host, and the same start
-- time unless unknown (a run of an earlier process with this PID is not ours to fail
-- here; the next run's start marks it).
UPDATE runs
SET status = 'failed', ended_at = now()::TIMESTAMP, message = $message
WHERE status = 'running' AND pid = $pid AND host = $host
  AND (proc_start IS NULL OR CAST($proc_start AS BIGINT) IS NULL OR proc_start = CAST($proc_start AS BIGINT));
