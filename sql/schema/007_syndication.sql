-- Syndicated copies (negotrack/syndication.py): the same wire story republished by
-- several outlets. Written by the ingest stage right after new articles are stored.

-- article_fingerprints: one row per article and fingerprint scheme; an article with no
-- row for the current scheme is fingerprinted by the next ingest.
CREATE TABLE IF NOT EXISTS article_fingerprints (
    article_id   VARCHAR   NOT NULL,
    scheme       VARCHAR   NOT NULL,  -- e.g. 'minhash-affine32-p64-b16-k16-s1'
    n_shingles   INTEGER   NOT NULL,  -- word shingles in the normalised text
    signature    BLOB,                -- MinHash signature (uint32 little-endian); NULL when too short to compare
    created_at   TIMESTAMP NOT NULL
);

-- article_lsh_bands: the LSH band keys of each signature (candidate search is a join on band_key).
CREATE TABLE IF NOT EXISTS article_lsh_bands (
    article_id   VARCHAR  NOT NULL,
    band_key     UBIGINT  NOT NULL
);

-- syndication: one row per syndicated copy; original_id is the first stored article of
-- the story (never itself a copy). Articles with no row here are originals.
CREATE TABLE IF NOT EXISTS syndication (
    article_id   VARCHAR   NOT NULL,  -- the copy
    original_id  VARCHAR   NOT NULL,  -- the story's first article
    similarity   DOUBLE    NOT NULL,  -- estimated Jaccard similarity of the texts' shingles, 0..1
    method       VARCHAR   NOT NULL,  -- fingerprint scheme that found it
    detected_at  TIMESTAMP NOT NULL
);
