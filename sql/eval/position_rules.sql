-- negotrack eval: each position's representative statement (the one whose evidence the
-- position shows, sql/views/010_positions.sql "best_evidence"), joined back by its
-- offsets, for its cue and the rule that produced the label.
SELECT
    p.article_id, p.party, p.issue, p.stance,
    s.cue, s.rule
FROM positions AS p
JOIN statements AS s
  ON  s.article_id = p.article_id AND s.party = p.party
  AND s.issue = p.issue AND s.stance = p.stance
  AND s.char_start = p.char_start AND s.char_end = p.char_end
QUALIFY row_number() OVER (PARTITION BY p.article_id, p.party, p.issue, p.stance
                           ORDER BY s.confidence DESC, s.statement_id) = 1;
