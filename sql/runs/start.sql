-- A new run, 'running' until runs/finish.sql; pid, proc_start and boot_id identify its
-- process (sql/schema/010_run_process.sql), so a killed run can be told from a live one.
INSERT INTO runs (run_id, flow_name, started_at, status, pid, proc_start, boot_id, host, params)
VALUES ($run_id, $flow_name, now()::TIMESTAMP, 'running', $pid, $proc_start, $boot_id, $host, $params);
