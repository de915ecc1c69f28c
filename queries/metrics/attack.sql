-- ATT&CK tactics and techniques on in-scope alerts whose effective verdict is true_positive,
-- with the number of such alerts carrying each (m_alert_attack in scope.sql). Most frequent first.
-- A tactic is named as ATT&CK names it whatever the export's spelling (sg_attack_tactic in
-- facts/attack_tactics.sql; a name ATT&CK does not have is kept as written), a technique in upper
-- case: counted by name, not by spelling. The few distinct spellings are named once each, after
-- the items are counted.
WITH spelt AS (
    SELECT kind, name, sum(n) AS n
    FROM m_alert_attack
    GROUP BY kind, name
),
named AS (
    SELECT kind,
           CASE kind WHEN 'tactic' THEN coalesce(sg_attack_tactic(name), name) ELSE upper(name) END AS name,
           n
    FROM spelt
)
SELECT kind, name, CAST(sum(n) AS BIGINT) AS alerts
FROM named
GROUP BY kind, name
ORDER BY kind, alerts DESC, name;
