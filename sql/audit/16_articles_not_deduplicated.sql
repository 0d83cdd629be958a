-- Articles never checked for syndicated copies (negotrack/syndication.py): no fingerprint
-- row. Every run checks what is pending, so these are left by a run killed at its
-- de-duplication step; the next run checks them. Articles of a run still marked
-- 'running' are not listed (it may be on its way to that step; if it was killed,
-- runs_left_running says so).
SELECT a.article_id AS item,
       'stored by run ' || coalesce(a.run_id, '(none)') || ', never checked for syndicated copies '
       || '(the next run checks it)' AS detail
FROM articles AS a
WHERE NOT EXISTS (SELECT 1 FROM article_fingerprints AS f WHERE f.article_id = a.article_id)
  AND NOT EXISTS (SELECT 1 FROM runs AS r WHERE r.run_id = a.run_id AND r.status = 'running')
ORDER BY a.article_id
