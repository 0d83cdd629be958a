-- Runs: mark the runs this process is running as failed (it was stopped by a signal and
-- is leaving before they could finish).
UPDATE runs
SET status = 'failed', ended_at = now()::TIMESTAMP, message = $message
WHERE status = 'running' AND pid = $pid AND host = $host;
