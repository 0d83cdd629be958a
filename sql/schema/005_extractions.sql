-- extractions: which articles have been through the extractor, with which version and
-- codebook. An article with no row here, or a row from another extractor version or
-- codebook, is pending; one with zero statements is done, not pending.
CREATE TABLE IF NOT EXISTS extractions (
    article_id         VARCHAR   NOT NULL,
    extractor_version  VARCHAR   NOT NULL,
    codebook_hash      VARCHAR   NOT NULL,
    n_statements       INTEGER   NOT NULL,  -- statements extracted (kept + quarantined)
    run_id             VARCHAR,
    extracted_at       TIMESTAMP NOT NULL
);
