-- articles: one row per distinct article. Written by the ingest stage.
-- article_id is the input's own id when it has one, else 'sha:' + a hash of the
-- normalised text, so re-ingesting the same article never stores it twice.
CREATE TABLE IF NOT EXISTS articles (
    article_id        VARCHAR   NOT NULL,  -- the input's own id, else 'sha:<16 hex>'
    content_hash      VARCHAR   NOT NULL,  -- sha256 (hex, 32) of the normalised text: same text, same hash
    title             VARCHAR,
    source            VARCHAR,             -- outlet name as given by the input
    url               VARCHAR,
    language          VARCHAR   NOT NULL,  -- ISO 639-1 code: ar, en, fr, ...
    language_source   VARCHAR   NOT NULL,  -- 'metadata' | 'detected'
    published         DATE      NOT NULL,
    published_source  VARCHAR   NOT NULL,  -- 'metadata' | 'text' (inferred from the text) | 'ingest' (the ingest date)
    text              VARCHAR   NOT NULL,  -- the article text as stored; evidence offsets point into it
    origin            VARCHAR   NOT NULL,  -- file path or URL, with '#line=N' / '#item=N' inside a multi-article input
    encoding          VARCHAR,             -- encoding the source bytes were decoded from
    ingested_at       TIMESTAMP NOT NULL,
    run_id            VARCHAR              -- the flow run that stored it (runs.run_id)
);
