-- The incidents every period's metrics read, for one tenant scope (m_params.tenant, NULL = all
-- tenants pooled): incident_facts (facts/incident_facts.sql, resolved at load) filtered by
-- tenant. The tenant is the session variable m_tenant (variables.sql), a constant to DuckDB.
CREATE OR REPLACE TEMP VIEW m_all_incidents AS
SELECT *
FROM incident_facts
WHERE getvariable('m_tenant') IS NULL OR tenant = getvariable('m_tenant');
