-- runs: one row per flow run, written at its start and completed at its end.
CREATE TABLE IF NOT EXISTS runs (
    run_id                  VARCHAR   NOT NULL,  -- the Prefect flow-run id
    flow_name               VARCHAR   NOT NULL,
    started_at              TIMESTAMP NOT NULL,
    ended_at                TIMESTAMP,
    status                  VARCHAR   NOT NULL,  -- running | completed | failed
    inputs                  INTEGER,             -- articles offered by the sources (incl. unreadable ones)
    articles_new            INTEGER,
    articles_known          INTEGER,             -- already stored (same id or same text)
    articles_syndicated     INTEGER,             -- near-identical copies of a stored article
    ingest_errors           INTEGER,
    articles_extracted      INTEGER,
    statements              INTEGER,             -- statements extracted in this run
    statements_kept         INTEGER,             -- passed validation
    statements_quarantined  INTEGER,
    rows_checked            INTEGER,             -- rows validated, all tables
    pid                     INTEGER,             -- process that ran it (audit: "running" with no process)
    host                    VARCHAR,
    params                  VARCHAR,             -- JSON: the run's parameters
    message                 VARCHAR              -- error text of a failed run
);
