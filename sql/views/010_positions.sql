-- positions: the scored unit, one row per distinct (article, party, issue, stance).
-- Among the statements behind a position, the first in the text gives the actor and
-- the date; the most confident one gives the evidence (ties: the first in the text).
-- One pass of aggregates: each arg_min picks its statement by a total order (character
-- offset, then statement id, both never null) without sorting the rows with their text.
CREATE OR REPLACE VIEW positions AS
WITH grouped AS (
    SELECT article_id, party, issue, stance,
           arg_min(struct_pack(hardness := hardness, actor := actor, stated_on := stated_on,
                               date_source := date_source),
                   struct_pack(at := char_start, id := statement_id))                    AS first_mention,
           arg_min(struct_pack(evidence := evidence, char_start := char_start, char_end := char_end,
                               cue := cue, confidence := confidence),
                   struct_pack(less_confident := -confidence, at := char_start, id := statement_id)) AS best_evidence,
           count(*) AS n_statements,
           -- first named actor: a mention with no actor gives way to a named one
           arg_min(actor, char_start) FILTER (WHERE actor IS NOT NULL)                    AS first_named_actor
    FROM statements
    GROUP BY ALL
)
SELECT
    article_id, party, issue, stance,
    first_mention.hardness                               AS hardness,
    coalesce(first_named_actor, first_mention.actor)     AS actor,
    first_mention.stated_on                              AS date,
    first_mention.date_source                            AS date_source,
    best_evidence.evidence                               AS evidence,
    best_evidence.char_start                             AS char_start,
    best_evidence.char_end                               AS char_end,
    best_evidence.cue                                    AS cue,
    best_evidence.confidence                             AS confidence,
    n_statements
FROM grouped;
