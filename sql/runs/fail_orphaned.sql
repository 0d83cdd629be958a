-- Runs: mark a run whose process is gone (killed) as failed.
UPDATE runs
SET status = 'failed', ended_at = now()::TIMESTAMP,
    message = 'process ended without finishing the run (killed?)'
WHERE run_id = $run_id;
