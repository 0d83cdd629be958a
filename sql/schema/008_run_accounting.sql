-- runs.articles_quarantined: articles of the run that failed the articles suite on their
-- way in (they are in quarantine, not in articles). With it a finished run's counts add
-- up from the table alone: inputs = articles_new + articles_known + articles_syndicated
-- + ingest_errors + articles_quarantined (checked by `negotrack audit`).
ALTER TABLE runs ADD COLUMN IF NOT EXISTS articles_quarantined INTEGER;
