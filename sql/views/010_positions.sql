-- positions: the scored unit, one row per distinct (article, party, issue, stance).
-- Among the statements behind a position, the first in the text gives the actor and
-- the date; the most confident one gives the evidence.
CREATE OR REPLACE VIEW positions AS
WITH ranked AS (
    SELECT
        s.*,
        row_number() OVER (PARTITION BY article_id, party, issue, stance
                           ORDER BY char_start, statement_id) AS nth_in_text,
        row_number() OVER (PARTITION BY article_id, party, issue, stance
                           ORDER BY confidence DESC, char_start, statement_id) AS nth_by_confidence
    FROM statements AS s
),
first_mention AS (
    SELECT article_id, party, issue, stance, hardness,
           actor, stated_on, date_source
    FROM ranked WHERE nth_in_text = 1
),
best_evidence AS (
    SELECT article_id, party, issue, stance,
           evidence, char_start, char_end, cue, confidence
    FROM ranked WHERE nth_by_confidence = 1
),
counted AS (
    SELECT article_id, party, issue, stance,
           count(*) AS n_statements,
           -- first named actor: a mention with no actor gives way to a named one
           arg_min(actor, char_start) FILTER (WHERE actor IS NOT NULL) AS first_named_actor
    FROM statements
    GROUP BY ALL
)
SELECT
    f.article_id, f.party, f.issue, f.stance, f.hardness,
    coalesce(c.first_named_actor, f.actor) AS actor,
    f.stated_on AS date,
    f.date_source,
    b.evidence, b.char_start, b.char_end, b.cue, b.confidence,
    c.n_statements
FROM first_mention AS f
JOIN best_evidence AS b USING (article_id, party, issue, stance)
JOIN counted AS c USING (article_id, party, issue, stance);
