-- Statements whose evidence is not the article text at [char_start, char_end): offsets
-- are 0-based code points, DuckDB's substring is 1-based in code points.
SELECT s.statement_id AS item,
       'article ' || s.article_id || ' [' || s.char_start || ':' || s.char_end || '] of '
           || length(a.text) || ' chars: evidence '
           || CASE WHEN s.char_start < 0 OR s.char_end <= s.char_start OR s.char_end > length(a.text)
                   THEN 'offsets are out of range'
                   ELSE 'differs from the text there' END AS detail
FROM statements AS s
JOIN articles AS a ON a.article_id = s.article_id
WHERE s.char_start < 0
   OR s.char_end <= s.char_start
   OR s.char_end > length(a.text)
   OR substring(a.text, s.char_start + 1, s.char_end - s.char_start) IS DISTINCT FROM s.evidence
ORDER BY s.article_id, s.statement_id
