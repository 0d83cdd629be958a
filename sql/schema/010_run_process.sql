-- runs: who ran it, beyond the PID. A PID is reused (every container's entrypoint is PID
-- 1), so a run still 'running' whose PID is alive may belong to a dead process. The
-- process is identified by its PID plus its start time (/proc/<pid>/stat field 22, clock
-- ticks since boot) and the boot it ran in (/proc/sys/kernel/random/boot_id): a run
-- whose process has another start time, or whose boot is over, was killed
-- (negotrack/runs.py). NULL where /proc is not available (then only the PID is checked).
ALTER TABLE runs ADD COLUMN IF NOT EXISTS proc_start BIGINT;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS boot_id VARCHAR;
