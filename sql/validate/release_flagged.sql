-- Clear a flag: the row (still in its table) passes its suite now.
UPDATE quarantine SET released_at = now()::TIMESTAMP WHERE quarantine_id = $quarantine_id
