-- Report: evaluate the view chain once per report, into temp tables named report_*
-- (never a view's own name: a query that says position_timeline reads the view). Each
-- step runs the same logic as its view, through the view's table macro
-- (sql/views/021..024: *_of(input table name)), over the previous step's copy, so
-- nothing is computed twice and nothing is written twice. The report queries
-- (sql/report/*.sql) read these tables; release.sql drops them. Temp tables live in
-- memory and vanish with the (read-only) connection anyway.
CREATE OR REPLACE TEMP TABLE report_stories AS SELECT * FROM article_stories;
CREATE OR REPLACE TEMP TABLE report_positions AS SELECT * FROM positions;
CREATE OR REPLACE TEMP TABLE report_independent AS
    SELECT * FROM independent_positions_of('report_positions', 'report_stories');
CREATE OR REPLACE TEMP TABLE report_timeline AS
    SELECT * FROM position_timeline_of('report_independent') WHERE period IN ($period, 'day');
CREATE OR REPLACE TEMP TABLE report_shifts AS
    SELECT * FROM position_shifts_of('report_timeline') WHERE period = $period;
CREATE OR REPLACE TEMP TABLE report_moves AS
    SELECT * FROM issue_moves_of('report_timeline') WHERE period = $period;
