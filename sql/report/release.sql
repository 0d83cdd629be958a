-- Report: drop the temp tables made by materialise.sql.
DROP TABLE IF EXISTS temp.report_moves;
DROP TABLE IF EXISTS temp.report_shifts;
DROP TABLE IF EXISTS temp.report_timeline;
DROP TABLE IF EXISTS temp.report_independent;
DROP TABLE IF EXISTS temp.report_positions;
DROP TABLE IF EXISTS temp.report_stories;
