-- source_files: input files the ingest stage has read completely (every record stored as
-- an article or already known, none quarantined, no ingest error). A later run skips a
-- file unread when its path, size and modification time are unchanged, and skips parsing
-- it when its bytes hash to a file read before (a copy, or a file touched but unchanged).
-- A skipped file's records count as already known. A file is only skipped while every one
-- of its articles is still stored (content_hashes), so deleting articles re-reads it.
CREATE TABLE IF NOT EXISTS source_files (
    path            VARCHAR    NOT NULL,  -- absolute path, as in articles.origin (without '#line=N')
    size            BIGINT     NOT NULL,  -- bytes
    mtime_ns        BIGINT     NOT NULL,  -- modification time, nanoseconds since the epoch
    sha256          VARCHAR    NOT NULL,  -- of the file's bytes
    n_inputs        INTEGER    NOT NULL,  -- articles the file offered (records, items)
    content_hashes  VARCHAR[]  NOT NULL,  -- articles.content_hash of each of them
    run_id          VARCHAR,              -- the run that read it
    seen_at         TIMESTAMP  NOT NULL
);
