-- The incidents whose facts a load may have changed, from the incidents it touched
-- (facts_touched_incidents: load/touched_replaced.sql and load/touched_loaded.sql), read before
-- the stored facts are replaced.
--
-- An incident's facts read its own row, every incident on its merge chain (the final one's
-- classification, closer, creation and close) and the alerts and automation of every incident
-- resolved to it. So besides the touched incidents: every incident whose chain passes through
-- one (upstream), the incidents their chains lead to now (downstream: the final incident gains
-- alerts) and the final incident each upstream one resolved to before (it loses them). A chain is
-- walked as a set (UNION), which ends on loops, and whole: past the 100 steps incident_facts.sql
-- follows, an incident is computed again for nothing, never missed.
CREATE OR REPLACE TEMP TABLE fact_scope_incidents AS
WITH RECURSIVE merges AS (
    SELECT tenant, incident_id, redirected_to
    FROM incidents
    WHERE redirected_to IS NOT NULL
),
upstream(tenant, incident_id) AS (
    SELECT tenant, incident_id FROM facts_touched_incidents
    UNION
    SELECT m.tenant, m.incident_id
    FROM merges m JOIN upstream u ON u.tenant = m.tenant AND u.incident_id = m.redirected_to
),
downstream(tenant, incident_id) AS (
    SELECT tenant, incident_id FROM upstream
    UNION
    SELECT m.tenant, m.redirected_to
    FROM merges m JOIN downstream d ON d.tenant = m.tenant AND d.incident_id = m.incident_id
)
SELECT tenant, incident_id FROM downstream
UNION
SELECT f.tenant, f.final_id
FROM incident_facts f JOIN upstream u ON u.tenant = f.tenant AND u.incident_id = f.incident_id
WHERE f.final_id IS NOT NULL;
