-- Every canonical enumeration and the spellings accepted for it, in one place. Matching ignores
-- case, spaces, '_' and '-' (see sg_key). A value that matches nothing is a rejected row.
-- Values already canonical pass straight through (the fast path for canonical exports), as
-- CASE arms rather than `v IN (...)`: DuckDB plans an IN list as a join, which costs time and
-- loses the row order the in-place normalisation relies on (load/number_lines.sql). Every other
-- spelling is looked up by its matching key in a constant MAP: written as CASE arms on the key,
-- DuckDB bound and computed the key once per arm (up to twenty times for each cell of a vendor
-- export, whose `High` or `TruePositive` takes this path): 2M such cells took 4.3 s, now 0.7 s.

CREATE OR REPLACE TEMP MACRO sg_severity(v) AS CASE v WHEN 'critical' THEN 'critical' WHEN 'high' THEN 'high' WHEN 'informational' THEN 'informational' WHEN 'low' THEN 'low' WHEN 'medium' THEN 'medium' ELSE map_extract_value(MAP {
    'informational': 'informational', 'info': 'informational',
    'information': 'informational', 'informative': 'informational',
    'low': 'low',
    'medium': 'medium', 'med': 'medium', 'moderate': 'medium',
    'high': 'high',
    'critical': 'critical', 'crit': 'critical', 'veryhigh': 'critical'
}, sg_key(v)) END;

CREATE OR REPLACE TEMP MACRO sg_status(v) AS CASE v WHEN 'active' THEN 'active' WHEN 'closed' THEN 'closed' WHEN 'new' THEN 'new' WHEN 'redirected' THEN 'redirected' ELSE map_extract_value(MAP {
    'new': 'new', 'open': 'new', 'unassigned': 'new',
    'active': 'active', 'inprogress': 'active', 'assigned': 'active',
    'investigating': 'active', 'acknowledged': 'active', 'pending': 'active',
    'underreview': 'active', 'inreview': 'active',
    'closed': 'closed', 'resolved': 'closed', 'done': 'closed',
    'completed': 'closed', 'complete': 'closed', 'dismissed': 'closed',
    'redirected': 'redirected', 'merged': 'redirected'
}, sg_key(v)) END;

-- Incident classification and alert verdict share one vocabulary.
CREATE OR REPLACE TEMP MACRO sg_verdict(v) AS CASE v WHEN 'benign_positive' THEN 'benign_positive' WHEN 'false_positive' THEN 'false_positive' WHEN 'true_positive' THEN 'true_positive' WHEN 'undetermined' THEN 'undetermined' ELSE map_extract_value(MAP {
    'truepositive': 'true_positive', 'tp': 'true_positive',
    'malicious': 'true_positive', 'confirmed': 'true_positive',
    'benignpositive': 'benign_positive', 'bp': 'benign_positive',
    'benign': 'benign_positive', 'informationalexpectedactivity': 'benign_positive',
    'expectedactivity': 'benign_positive', 'expected': 'benign_positive',
    'falsepositive': 'false_positive', 'fp': 'false_positive',
    'undetermined': 'undetermined', 'unknown': 'undetermined',
    'indeterminate': 'undetermined', 'inconclusive': 'undetermined'
}, sg_key(v)) END;

CREATE OR REPLACE TEMP MACRO sg_closed_by(v) AS CASE v WHEN 'ai' THEN 'ai' WHEN 'automation' THEN 'automation' WHEN 'human' THEN 'human' ELSE map_extract_value(MAP {
    'human': 'human', 'analyst': 'human', 'manual': 'human',
    'user': 'human',
    'automation': 'automation', 'automated': 'automation', 'auto': 'automation',
    'playbook': 'automation', 'soar': 'automation', 'automationrule': 'automation',
    'ai': 'ai', 'aiagent': 'ai', 'agent': 'ai', 'copilot': 'ai'
}, sg_key(v)) END;

CREATE OR REPLACE TEMP MACRO sg_bool(v) AS CASE v WHEN 'true' THEN true WHEN 'false' THEN false ELSE map_extract_value(MAP {
    'true': true, 't': true, 'yes': true, 'y': true, '1': true,
    'false': false, 'f': false, 'no': false, 'n': false, '0': false
}, sg_key(v)) END;

CREATE OR REPLACE TEMP MACRO sg_domain(v) AS CASE v WHEN 'application' THEN 'application' WHEN 'cloud' THEN 'cloud' WHEN 'data' THEN 'data' WHEN 'email' THEN 'email' WHEN 'endpoint' THEN 'endpoint' WHEN 'identity' THEN 'identity' WHEN 'network' THEN 'network' WHEN 'other' THEN 'other' ELSE map_extract_value(MAP {
    'identity': 'identity', 'iam': 'identity',
    'endpoint': 'endpoint', 'edr': 'endpoint', 'host': 'endpoint',
    'cloud': 'cloud',
    'email': 'email', 'mail': 'email',
    'network': 'network', 'ndr': 'network',
    'application': 'application', 'app': 'application', 'saas': 'application',
    'data': 'data', 'dlp': 'data',
    'other': 'other'
}, sg_key(v)) END;

CREATE OR REPLACE TEMP MACRO sg_action(v) AS CASE v WHEN 'close' THEN 'close' WHEN 'contain' THEN 'contain' WHEN 'enrich' THEN 'enrich' WHEN 'notify' THEN 'notify' WHEN 'other' THEN 'other' WHEN 'remediate' THEN 'remediate' WHEN 'triage' THEN 'triage' ELSE map_extract_value(MAP {
    'enrich': 'enrich', 'enrichment': 'enrich',
    'triage': 'triage',
    'notify': 'notify', 'notification': 'notify',
    'contain': 'contain', 'containment': 'contain', 'isolate': 'contain',
    'remediate': 'remediate', 'remediation': 'remediate',
    'close': 'close', 'closure': 'close', 'resolve': 'close',
    'other': 'other'
}, sg_key(v)) END;

CREATE OR REPLACE TEMP MACRO sg_outcome(v) AS CASE v WHEN 'failure' THEN 'failure' WHEN 'success' THEN 'success' ELSE map_extract_value(MAP {
    'success': 'success', 'succeeded': 'success', 'successful': 'success',
    'ok': 'success', 'completed': 'success',
    'failure': 'failure', 'failed': 'failure', 'fail': 'failure',
    'error': 'failure'
}, sg_key(v)) END;
