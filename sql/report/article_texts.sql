-- Report: the stored text of the cited articles (to show each quote's whole sentence).
SELECT article_id, text FROM articles WHERE list_contains($article_ids::VARCHAR[], article_id);
