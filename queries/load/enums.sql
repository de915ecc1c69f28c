-- Every canonical enumeration and the spellings accepted for it, in one place. Matching ignores
-- case, spaces, '_' and '-' (see sg_key). A value that matches nothing is a rejected row.
-- Values already canonical pass straight through (the fast path for canonical exports), as
-- CASE arms rather than `v IN (...)`: DuckDB plans an IN list as a join, which costs time and
-- loses the row order the in-place normalisation relies on (load/number_lines.sql).

CREATE OR REPLACE TEMP MACRO sg_severity(v) AS CASE v WHEN 'critical' THEN 'critical' WHEN 'high' THEN 'high' WHEN 'informational' THEN 'informational' WHEN 'low' THEN 'low' WHEN 'medium' THEN 'medium' ELSE CASE sg_key(v)
    WHEN 'informational' THEN 'informational' WHEN 'info' THEN 'informational'
    WHEN 'information' THEN 'informational' WHEN 'informative' THEN 'informational'
    WHEN 'low' THEN 'low'
    WHEN 'medium' THEN 'medium' WHEN 'med' THEN 'medium' WHEN 'moderate' THEN 'medium'
    WHEN 'high' THEN 'high'
    WHEN 'critical' THEN 'critical' WHEN 'crit' THEN 'critical' WHEN 'veryhigh' THEN 'critical'
END END;

CREATE OR REPLACE TEMP MACRO sg_status(v) AS CASE v WHEN 'active' THEN 'active' WHEN 'closed' THEN 'closed' WHEN 'new' THEN 'new' WHEN 'redirected' THEN 'redirected' ELSE CASE sg_key(v)
    WHEN 'new' THEN 'new' WHEN 'open' THEN 'new' WHEN 'unassigned' THEN 'new'
    WHEN 'active' THEN 'active' WHEN 'inprogress' THEN 'active' WHEN 'assigned' THEN 'active'
    WHEN 'investigating' THEN 'active' WHEN 'acknowledged' THEN 'active' WHEN 'pending' THEN 'active'
    WHEN 'underreview' THEN 'active' WHEN 'inreview' THEN 'active'
    WHEN 'closed' THEN 'closed' WHEN 'resolved' THEN 'closed' WHEN 'done' THEN 'closed'
    WHEN 'completed' THEN 'closed' WHEN 'complete' THEN 'closed' WHEN 'dismissed' THEN 'closed'
    WHEN 'redirected' THEN 'redirected' WHEN 'merged' THEN 'redirected'
END END;

-- Incident classification and alert verdict share one vocabulary.
CREATE OR REPLACE TEMP MACRO sg_verdict(v) AS CASE v WHEN 'benign_positive' THEN 'benign_positive' WHEN 'false_positive' THEN 'false_positive' WHEN 'true_positive' THEN 'true_positive' WHEN 'undetermined' THEN 'undetermined' ELSE CASE sg_key(v)
    WHEN 'truepositive' THEN 'true_positive' WHEN 'tp' THEN 'true_positive'
    WHEN 'malicious' THEN 'true_positive' WHEN 'confirmed' THEN 'true_positive'
    WHEN 'benignpositive' THEN 'benign_positive' WHEN 'bp' THEN 'benign_positive'
    WHEN 'benign' THEN 'benign_positive' WHEN 'informationalexpectedactivity' THEN 'benign_positive'
    WHEN 'expectedactivity' THEN 'benign_positive' WHEN 'expected' THEN 'benign_positive'
    WHEN 'falsepositive' THEN 'false_positive' WHEN 'fp' THEN 'false_positive'
    WHEN 'undetermined' THEN 'undetermined' WHEN 'unknown' THEN 'undetermined'
    WHEN 'indeterminate' THEN 'undetermined' WHEN 'inconclusive' THEN 'undetermined'
END END;

CREATE OR REPLACE TEMP MACRO sg_closed_by(v) AS CASE v WHEN 'ai' THEN 'ai' WHEN 'automation' THEN 'automation' WHEN 'human' THEN 'human' ELSE CASE sg_key(v)
    WHEN 'human' THEN 'human' WHEN 'analyst' THEN 'human' WHEN 'manual' THEN 'human'
    WHEN 'user' THEN 'human'
    WHEN 'automation' THEN 'automation' WHEN 'automated' THEN 'automation' WHEN 'auto' THEN 'automation'
    WHEN 'playbook' THEN 'automation' WHEN 'soar' THEN 'automation' WHEN 'automationrule' THEN 'automation'
    WHEN 'ai' THEN 'ai' WHEN 'aiagent' THEN 'ai' WHEN 'agent' THEN 'ai' WHEN 'copilot' THEN 'ai'
END END;

CREATE OR REPLACE TEMP MACRO sg_bool(v) AS CASE v WHEN 'true' THEN true WHEN 'false' THEN false ELSE CASE sg_key(v)
    WHEN 'true' THEN true WHEN 't' THEN true WHEN 'yes' THEN true WHEN 'y' THEN true WHEN '1' THEN true
    WHEN 'false' THEN false WHEN 'f' THEN false WHEN 'no' THEN false WHEN 'n' THEN false WHEN '0' THEN false
END END;

CREATE OR REPLACE TEMP MACRO sg_domain(v) AS CASE v WHEN 'application' THEN 'application' WHEN 'cloud' THEN 'cloud' WHEN 'data' THEN 'data' WHEN 'email' THEN 'email' WHEN 'endpoint' THEN 'endpoint' WHEN 'identity' THEN 'identity' WHEN 'network' THEN 'network' WHEN 'other' THEN 'other' ELSE CASE sg_key(v)
    WHEN 'identity' THEN 'identity' WHEN 'iam' THEN 'identity'
    WHEN 'endpoint' THEN 'endpoint' WHEN 'edr' THEN 'endpoint' WHEN 'host' THEN 'endpoint'
    WHEN 'cloud' THEN 'cloud'
    WHEN 'email' THEN 'email' WHEN 'mail' THEN 'email'
    WHEN 'network' THEN 'network' WHEN 'ndr' THEN 'network'
    WHEN 'application' THEN 'application' WHEN 'app' THEN 'application' WHEN 'saas' THEN 'application'
    WHEN 'data' THEN 'data' WHEN 'dlp' THEN 'data'
    WHEN 'other' THEN 'other'
END END;

CREATE OR REPLACE TEMP MACRO sg_action(v) AS CASE v WHEN 'close' THEN 'close' WHEN 'contain' THEN 'contain' WHEN 'enrich' THEN 'enrich' WHEN 'notify' THEN 'notify' WHEN 'other' THEN 'other' WHEN 'remediate' THEN 'remediate' WHEN 'triage' THEN 'triage' ELSE CASE sg_key(v)
    WHEN 'enrich' THEN 'enrich' WHEN 'enrichment' THEN 'enrich'
    WHEN 'triage' THEN 'triage'
    WHEN 'notify' THEN 'notify' WHEN 'notification' THEN 'notify'
    WHEN 'contain' THEN 'contain' WHEN 'containment' THEN 'contain' WHEN 'isolate' THEN 'contain'
    WHEN 'remediate' THEN 'remediate' WHEN 'remediation' THEN 'remediate'
    WHEN 'close' THEN 'close' WHEN 'closure' THEN 'close' WHEN 'resolve' THEN 'close'
    WHEN 'other' THEN 'other'
END END;

CREATE OR REPLACE TEMP MACRO sg_outcome(v) AS CASE v WHEN 'failure' THEN 'failure' WHEN 'success' THEN 'success' ELSE CASE sg_key(v)
    WHEN 'success' THEN 'success' WHEN 'succeeded' THEN 'success' WHEN 'successful' THEN 'success'
    WHEN 'ok' THEN 'success' WHEN 'completed' THEN 'success'
    WHEN 'failure' THEN 'failure' WHEN 'failed' THEN 'failure' WHEN 'fail' THEN 'failure'
    WHEN 'error' THEN 'failure'
END END;
