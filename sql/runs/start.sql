-- A run that is still 'running' but whose process is gone was killed: mark it failed
-- before starting a new one. $stale_run_ids is computed by the caller (process check).
INSERT INTO runs (run_id, flow_name, started_at, status, pid, host, params)
VALUES ($run_id, $flow_name, now()::TIMESTAMP, 'running', $pid, $host, $params);
