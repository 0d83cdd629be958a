-- Move stored statements that failed validation out of `statements` (their rows are
-- already in quarantine). Reads `held_rows` (_rowid, statement_id).
DELETE FROM statements WHERE rowid IN (SELECT _rowid FROM held_rows)
