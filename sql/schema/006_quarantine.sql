-- quarantine: rows that failed a Great Expectations suite (expectations/<table>.json),
-- kept whole so that nothing is lost. Written by the validate stage; see
-- `negotrack quarantine` to list them and `negotrack quarantine --release ID` to put a
-- fixed row back (it is validated again first).
CREATE SEQUENCE IF NOT EXISTS quarantine_id_seq START 1;
CREATE TABLE IF NOT EXISTS quarantine (
    quarantine_id        BIGINT    NOT NULL DEFAULT nextval('quarantine_id_seq') PRIMARY KEY,
    table_name           VARCHAR   NOT NULL,  -- articles | statements | runs | ingest_errors
    row_key              VARCHAR,             -- the row's id in that table (article_id, statement_id, run_id, error_id)
    row_json             JSON      NOT NULL,  -- the full row as it would have been stored
    row_hash             VARCHAR   NOT NULL,  -- md5 of the row without run ids and timestamps: a row that fails
                                              -- the same way again (a re-run) is not stored twice while unreleased
    failed_expectations  VARCHAR[] NOT NULL,  -- e.g. ['expect_column_values_to_be_in_set(stance)']
    disposition          VARCHAR   NOT NULL,  -- 'held': the row is only here; 'flagged': it also stays in its table (runs, ingest_errors)
    run_id               VARCHAR,             -- the run that quarantined it (runs.run_id)
    quarantined_at       TIMESTAMP NOT NULL,
    released_at          TIMESTAMP            -- set when `negotrack quarantine --release` restored it
);
