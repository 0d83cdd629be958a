-- Report: drop the temp copies made by materialise.sql.
DROP TABLE IF EXISTS temp.position_timeline;
DROP TABLE IF EXISTS temp.independent_positions;
DROP TABLE IF EXISTS temp.article_stories;
DROP TABLE IF EXISTS temp.positions;
