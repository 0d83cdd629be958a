-- Files that a run may skip (sql/schema/009_source_files.sql): those whose articles are
-- all still stored. One row per path.
WITH hashes AS (
    SELECT path, unnest(content_hashes) AS content_hash FROM source_files
),
missing AS (
    SELECT DISTINCT h.path FROM hashes AS h
    WHERE NOT EXISTS (SELECT 1 FROM articles AS a WHERE a.content_hash = h.content_hash)
)
SELECT f.path, f.size, f.mtime_ns, f.sha256, f.n_inputs
FROM source_files AS f
WHERE f.path NOT IN (SELECT path FROM missing)
