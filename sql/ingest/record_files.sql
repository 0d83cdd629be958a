-- Record the files read by a batch (registered as incoming_files: path, size, mtime_ns,
-- sha256, n_inputs, content_hashes, clean), inside the caller's transaction. A file read
-- again replaces its row; only clean files (no ingest error) whose articles are all stored
-- now are recorded. A file skipped because its bytes matched another one (content_hashes
-- NULL) takes that file's content hashes.
CREATE OR REPLACE TEMP TABLE files_in AS
SELECT i.path, i.size, i.mtime_ns, i.sha256, i.n_inputs, i.clean,
       coalesce(i.content_hashes, s.content_hashes) AS content_hashes
FROM incoming_files AS i
LEFT JOIN (SELECT sha256, any_value(content_hashes) AS content_hashes FROM source_files GROUP BY sha256) AS s
    USING (sha256);
DELETE FROM source_files WHERE path IN (SELECT path FROM files_in);
CREATE OR REPLACE TEMP TABLE files_missing AS
SELECT DISTINCT h.path
FROM (SELECT path, unnest(content_hashes) AS content_hash FROM files_in) AS h
WHERE NOT EXISTS (SELECT 1 FROM articles AS a WHERE a.content_hash = h.content_hash);
INSERT INTO source_files (path, size, mtime_ns, sha256, n_inputs, content_hashes, run_id, seen_at)
SELECT path, size, mtime_ns, sha256, n_inputs, content_hashes, CAST($run_id AS VARCHAR), now()::TIMESTAMP
FROM files_in
WHERE clean AND content_hashes IS NOT NULL AND path NOT IN (SELECT path FROM files_missing);
DROP TABLE files_in;
DROP TABLE files_missing;
