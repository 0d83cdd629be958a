-- Report: the period-dependent steps of the view chain, over materialise.sql's copies
-- (see there); only the report's own period and 'day' are computed.
CREATE OR REPLACE TEMP TABLE report_timeline AS
    SELECT * FROM position_timeline_of('report_independent', periods := [$period, 'day']);
CREATE OR REPLACE TEMP TABLE report_shifts AS
    SELECT * FROM position_shifts_of('report_timeline') WHERE period = $period;
CREATE OR REPLACE TEMP TABLE report_moves AS
    SELECT * FROM issue_moves_of('report_timeline') WHERE period = $period;
