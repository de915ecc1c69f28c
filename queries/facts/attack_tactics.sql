-- The ATT&CK enterprise tactics by name: `sg_attack_tactic(t)` is the tactic's name as ATT&CK
-- writes it, whatever the spelling of `t` (case, spaces, '_' or '-': `initial_access`,
-- `InitialAccess`), or its id (`TA0001`); NULL when `t` names no tactic. The metrics count
-- tactics by it (metrics/attack.sql, rates.sql: the facts keep the export's spelling, and the few
-- distinct spellings are named once each); vendor scripts keep only the values it knows
-- (src_tactic).
CREATE OR REPLACE TEMP MACRO sg_attack_tactic(t) AS
    CASE replace(replace(replace(lower(trim(t)), ' ', ''), '-', ''), '_', '')
        WHEN 'reconnaissance' THEN 'Reconnaissance' WHEN 'ta0043' THEN 'Reconnaissance'
        WHEN 'resourcedevelopment' THEN 'Resource Development' WHEN 'ta0042' THEN 'Resource Development'
        WHEN 'initialaccess' THEN 'Initial Access' WHEN 'ta0001' THEN 'Initial Access'
        WHEN 'execution' THEN 'Execution' WHEN 'ta0002' THEN 'Execution'
        WHEN 'persistence' THEN 'Persistence' WHEN 'ta0003' THEN 'Persistence'
        WHEN 'privilegeescalation' THEN 'Privilege Escalation' WHEN 'ta0004' THEN 'Privilege Escalation'
        WHEN 'defenseevasion' THEN 'Defense Evasion' WHEN 'ta0005' THEN 'Defense Evasion'
        WHEN 'credentialaccess' THEN 'Credential Access' WHEN 'ta0006' THEN 'Credential Access'
        WHEN 'discovery' THEN 'Discovery' WHEN 'ta0007' THEN 'Discovery'
        WHEN 'lateralmovement' THEN 'Lateral Movement' WHEN 'ta0008' THEN 'Lateral Movement'
        WHEN 'collection' THEN 'Collection' WHEN 'ta0009' THEN 'Collection'
        WHEN 'commandandcontrol' THEN 'Command and Control' WHEN 'ta0011' THEN 'Command and Control'
        WHEN 'exfiltration' THEN 'Exfiltration' WHEN 'ta0010' THEN 'Exfiltration'
        WHEN 'impact' THEN 'Impact' WHEN 'ta0040' THEN 'Impact'
    END;
