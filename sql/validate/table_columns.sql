-- (name, type) of a table's columns, in order.
SELECT column_name, data_type
FROM duckdb_columns()
WHERE schema_name = 'main' AND table_name = $table
ORDER BY column_index;
