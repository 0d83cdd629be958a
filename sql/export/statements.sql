SELECT
    statement_id, article_id, party, actor, issue, stance, hardness,
    strftime(stated_on, '%Y-%m-%d') AS stated_on, date_source,
    evidence, char_start, char_end, cue, rule, speaker_method, confidence,
    extractor_version, codebook_hash, run_id
FROM statements
ORDER BY article_id, char_start, party, issue, stance;
