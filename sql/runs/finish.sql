UPDATE runs SET
    ended_at               = now()::TIMESTAMP,
    status                 = $status,
    inputs                 = $inputs,
    articles_new           = $articles_new,
    articles_known         = $articles_known,
    articles_syndicated    = $articles_syndicated,
    ingest_errors          = $ingest_errors,
    articles_quarantined   = $articles_quarantined,
    articles_extracted     = $articles_extracted,
    statements             = $statements,
    statements_kept        = $statements_kept,
    statements_quarantined = $statements_quarantined,
    rows_checked           = $rows_checked,
    message                = $message
WHERE run_id = $run_id;
