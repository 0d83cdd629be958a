-- Runs: the runs still marked running on this host, with the process that started them.
SELECT run_id, pid, proc_start, boot_id FROM runs WHERE status = 'running' AND host = $host;
