-- How many of the copies (registered frame copy_ids) were stored by run $run_id.
SELECT count(*) AS n FROM articles a SEMI JOIN copy_ids USING (article_id) WHERE a.run_id = $run_id;
