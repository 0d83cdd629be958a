-- Report: evaluate the view chain once per report, into temp tables named report_*
-- (never a view's own name: a query that says position_timeline reads the view). Each
-- step runs the same logic as its view, through the view's table macro
-- (sql/views/021..024: *_of(input table name)), over the previous step's copy, so
-- nothing is computed twice and nothing is written twice. The report queries
-- (sql/report/*.sql) read these tables; release.sql drops them. Temp tables live in
-- memory and vanish with the (read-only) connection anyway.
-- This file: the steps that do not depend on the report's period (span.sql reads them
-- to choose one); materialise_periods.sql: the steps that do.
CREATE OR REPLACE TEMP TABLE report_stories AS SELECT * FROM article_stories;
CREATE OR REPLACE TEMP TABLE report_positions AS SELECT * FROM positions;
CREATE OR REPLACE TEMP TABLE report_independent AS
    SELECT * FROM independent_positions_of('report_positions', 'report_stories');
