-- The share of the stored incidents whose facts a load may have changed
-- (facts/scope_incidents.sql): facts.rs builds the facts whole above a threshold.
SELECT CAST((SELECT count(*) FROM fact_scope_incidents) AS DOUBLE)
       / greatest((SELECT count(*) FROM incidents), 1) AS share;
