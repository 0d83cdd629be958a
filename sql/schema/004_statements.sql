-- statements: one extracted mention of a position (who, on what issue, which stance,
-- when, and the verbatim evidence). Written by the extract stage; rows that fail
-- validation go to quarantine instead.
CREATE TABLE IF NOT EXISTS statements (
    statement_id       VARCHAR   NOT NULL,  -- hash of article, offsets, party, issue, stance
    article_id         VARCHAR   NOT NULL,  -- articles.article_id
    party              VARCHAR   NOT NULL,  -- codebook party code: iran, usa, israel, e3, eu, iaea, ...
    actor              VARCHAR,             -- canonical English name of the person or body; NULL when only the party is named
    issue              VARCHAR   NOT NULL,  -- codebook issue code: enrichment, ballistic_missiles, sanctions, ...
    stance             VARCHAR   NOT NULL,  -- refuse | insist | pressure | open | concede
    hardness           TINYINT   NOT NULL,  -- refuse +2, insist +1, pressure +1, open -1, concede -2
    stated_on          DATE      NOT NULL,  -- the day it was said
    date_source        VARCHAR   NOT NULL,  -- 'text' (resolved from a date expression) | 'published'
    evidence           VARCHAR   NOT NULL,  -- verbatim: text[char_start:char_end] of the article
    char_start         INTEGER   NOT NULL,  -- 0-based code-point offsets into articles.text
    char_end           INTEGER   NOT NULL,
    cue                VARCHAR,             -- the stance cue that fired, as written in the text
    rule               VARCHAR,             -- the rule that produced the label (why)
    speaker_method     VARCHAR,             -- how the speaker was found: name, variant, title, carry_over, party, ...
    confidence         DOUBLE    NOT NULL,  -- 0..1
    extractor_version  VARCHAR   NOT NULL,
    codebook_hash      VARCHAR   NOT NULL,
    run_id             VARCHAR,
    extracted_at       TIMESTAMP NOT NULL
);
