-- The scored unit, in the export format of DESIGN.md ("Interfaces"). One position a row.
SELECT
    article_id, party, issue, stance, actor,
    strftime(date, '%Y-%m-%d') AS date,
    evidence, hardness, confidence,
    cue, char_start, char_end, n_statements
FROM positions
ORDER BY article_id, party, issue, stance;
