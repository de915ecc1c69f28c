-- Whether each kind's staging table holds rows: a kind with none is not normalised from staging
-- (planning its normalisation query alone costs tens of milliseconds, in every load).
SELECT EXISTS (SELECT 1 FROM stage_incidents) AS incidents,
       EXISTS (SELECT 1 FROM stage_alerts) AS alerts,
       EXISTS (SELECT 1 FROM stage_automation) AS automation;
