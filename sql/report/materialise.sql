-- Report: evaluate the expensive views once per report. Each temp table has the name of
-- the view it copies; DuckDB resolves unqualified names in the temp schema first, so the
-- views built on them (position_shifts, issue_moves, ...) and the report queries read the
-- copies. Temp tables live in memory and vanish with the (read-only) connection.
CREATE OR REPLACE TEMP TABLE positions AS SELECT * FROM main.positions;
CREATE OR REPLACE TEMP TABLE article_stories AS SELECT * FROM main.article_stories;
CREATE OR REPLACE TEMP TABLE independent_positions AS SELECT * FROM main.independent_positions;
CREATE OR REPLACE TEMP TABLE position_timeline AS
    SELECT * FROM main.position_timeline WHERE period IN ($period, 'day');
