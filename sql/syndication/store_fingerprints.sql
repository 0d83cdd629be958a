-- Store the new fingerprints and bands (registered frames new_fps, new_bands).
INSERT INTO article_fingerprints BY NAME SELECT *, now()::TIMESTAMP AS created_at FROM new_fps;
INSERT INTO article_lsh_bands BY NAME SELECT * FROM new_bands;
