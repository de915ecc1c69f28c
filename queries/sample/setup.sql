-- Sample generator, step 1b: pseudo-random helpers, the rule catalogue and the days.

-- Uniform [0, 1) from (row, salt, seed): a hash, so stable for a given seed and DuckDB version.
CREATE OR REPLACE TEMP MACRO sr_u(i, salt) AS
    CAST(hash(i, salt, (SELECT seed FROM sp)) >> 11 AS DOUBLE) / 9007199254740992.0;

-- Low-discrepancy [0, 1) (a Weyl sequence): rows are generated in time order, so any month's rows
-- are a run of consecutive indices and a share drawn this way lands within ~1/n of its target.
-- That keeps each stage's sample on its side of the rubric's thresholds for every month.
CREATE OR REPLACE TEMP MACRO sr_frac(x) AS (x - floor(x));
CREATE OR REPLACE TEMP MACRO sr_w(i, alpha) AS
    sr_frac(CAST(i AS DOUBLE) * CAST(alpha AS DOUBLE)
            + sr_u(0, CAST(CAST(alpha AS DOUBLE) * 1000000 AS BIGINT)));

-- ISO 8601 UTC text of a timestamp, to the second (a cast, cheaper than strftime).
CREATE OR REPLACE TEMP MACRO sr_iso(t) AS
    replace(CAST(date_trunc('second', t) AS VARCHAR), ' ', 'T') || 'Z';

-- Long-tailed positive duration (log-normal) with the given median, in minutes.
CREATE OR REPLACE TEMP MACRO sr_lognormal(i, salt, median, sigma) AS
    median * exp(sigma * sqrt(-2 * ln(greatest(sr_u(i, salt), 1e-12))) * cos(2 * pi() * sr_u(i, salt + 7919)));

-- The detection rules of the fictional organisation. `rank` orders how a maturing SOC adds rules:
-- the first ones cover few tactics; `junk` rules are the noisy ones every SOC has.
CREATE OR REPLACE TEMP TABLE sample_rules AS
SELECT * FROM (VALUES
    ( 1, 'SG-0001', 'Multiple failed sign-ins followed by success', 'Entra ID Protection', 'identity', 'Credential Access', 'T1110.003', false),
    ( 2, 'SG-0002', 'Suspicious PowerShell command line', 'Defender for Endpoint', 'endpoint', 'Execution', 'T1059.001', false),
    ( 3, 'SG-0003', 'Phishing email delivered and clicked', 'Defender for Office 365', 'email', 'Initial Access', 'T1566.002', false),
    ( 4, 'SG-0004', 'Outbound connection to known C2 address', 'Palo Alto NGFW', 'network', 'Command and Control', 'T1071.001', false),
    ( 5, 'SG-0005', 'Antivirus detection on workstation', 'Defender for Endpoint', 'endpoint', 'Execution', 'T1204.002', true),
    ( 6, 'SG-0006', 'Port scan from internal host', 'Palo Alto NGFW', 'network', 'Discovery', 'T1046', true),
    ( 7, 'SG-0007', 'Impossible travel sign-in', 'Entra ID Protection', 'identity', 'Initial Access', 'T1078.004', false),
    ( 8, 'SG-0008', 'Mass download from SharePoint', 'Defender for Cloud Apps', 'cloud', 'Collection', 'T1530', false),
    ( 9, 'SG-0009', 'Blocked macro in Office document', 'Defender for Office 365', 'email', 'Initial Access', 'T1566.001', true),
    (10, 'SG-0010', 'Unusual volume of DNS queries', 'Zeek NDR', 'network', 'Command and Control', 'T1071.004', true),
    (11, 'SG-0011', 'New service installed on server', 'Defender for Endpoint', 'endpoint', 'Persistence', 'T1543.003', false),
    (12, 'SG-0012', 'Privileged role assigned outside PIM', 'Entra ID', 'identity', 'Privilege Escalation', 'T1098.003', false),
    (13, 'SG-0013', 'Credential dumping from LSASS', 'Defender for Endpoint', 'endpoint', 'Credential Access', 'T1003.001', false),
    (14, 'SG-0014', 'Remote desktop from unusual host', 'Defender for Identity', 'identity', 'Lateral Movement', 'T1021.001', false),
    (15, 'SG-0015', 'Security tool tampering', 'Defender for Endpoint', 'endpoint', 'Defense Evasion', 'T1562.001', false),
    (16, 'SG-0016', 'Large upload to personal cloud storage', 'Netskope', 'cloud', 'Exfiltration', 'T1567.002', false),
    (17, 'SG-0017', 'Legacy authentication attempt', 'Entra ID', 'identity', 'Initial Access', 'T1078', true),
    (18, 'SG-0018', 'S3 bucket policy made public', 'AWS GuardDuty', 'cloud', 'Defense Evasion', 'T1562.008', false),
    (19, 'SG-0019', 'Ransomware file extension burst', 'Defender for Endpoint', 'endpoint', 'Impact', 'T1486', false),
    (20, 'SG-0020', 'Inbox forwarding rule to external address', 'Defender for Office 365', 'email', 'Collection', 'T1114.003', false),
    (21, 'SG-0021', 'Scheduled task created by script', 'Defender for Endpoint', 'endpoint', 'Persistence', 'T1053.005', false),
    (22, 'SG-0022', 'Web shell activity on IIS', 'Defender for Endpoint', 'application', 'Persistence', 'T1505.003', false),
    (23, 'SG-0023', 'Kerberoasting service ticket requests', 'Defender for Identity', 'identity', 'Credential Access', 'T1558.003', false),
    (24, 'SG-0024', 'Account discovery with net commands', 'Defender for Endpoint', 'endpoint', 'Discovery', 'T1087.002', false),
    (25, 'SG-0025', 'Newly registered domain contacted', 'Zscaler', 'network', 'Command and Control', 'T1568', false),
    (26, 'SG-0026', 'OAuth app granted mail permissions', 'Defender for Cloud Apps', 'cloud', 'Persistence', 'T1098.003', false),
    (27, 'SG-0027', 'Password spray against VPN', 'Fortinet FortiGate', 'network', 'Credential Access', 'T1110.003', false),
    (28, 'SG-0028', 'Reconnaissance of public web app', 'Cloudflare WAF', 'application', 'Reconnaissance', 'T1595.002', false),
    (29, 'SG-0029', 'Malicious infrastructure registration', 'Recorded Future', 'other', 'Resource Development', 'T1583.001', false),
    (30, 'SG-0030', 'Data staged in archive before transfer', 'Defender for Endpoint', 'endpoint', 'Collection', 'T1560.001', false),
    (31, 'SG-0031', 'DLP policy match on customer records', 'Purview DLP', 'data', 'Exfiltration', 'T1048', false),
    (32, 'SG-0032', 'Mass deletion in cloud storage', 'Defender for Cloud', 'cloud', 'Impact', 'T1485', false)
) AS r(rank, rule_id, rule_name, product, domain, tactic, technique, junk)
WHERE rank <= (SELECT active_rules FROM sp);

-- Rules to draw from, numbered for random choice: `any` (incident-making rules), `nonid` (those
-- outside the identity domain, for incidents without identity context), `junk`; and per
-- from_domain, the rules of the other domains (the second alert of a cross-domain incident).
CREATE OR REPLACE TEMP TABLE sample_rule_pool AS
WITH good AS (SELECT * FROM sample_rules WHERE NOT junk),
domains AS (SELECT DISTINCT domain FROM good),
pools AS (
    SELECT 'any' AS pool, '*' AS from_domain, g.* FROM good g
    UNION ALL SELECT 'nonid', '*', g.* FROM good g WHERE g.domain <> 'identity'
    UNION ALL SELECT 'any', d.domain, g.* FROM domains d JOIN good g ON g.domain <> d.domain
    UNION ALL SELECT 'nonid', d.domain, g.* FROM domains d JOIN good g ON g.domain <> d.domain AND g.domain <> 'identity'
    UNION ALL SELECT 'junk', '*', r.* FROM sample_rules r WHERE r.junk
)
SELECT row_number() OVER (PARTITION BY pool, from_domain ORDER BY rank) - 1 AS idx,
       count(*) OVER (PARTITION BY pool, from_domain) AS n,
       pools.*
FROM pools;

-- The size of each pool, joined first so that picking a rule is an equality join on its index.
CREATE OR REPLACE TEMP TABLE sample_pool_sizes AS
SELECT pool, from_domain, max(n) AS n FROM sample_rule_pool GROUP BY pool, from_domain;

-- Days of the history with their share of activity (weekends are quieter), cumulated so that
-- a position in [0, 1) maps to a day.
CREATE OR REPLACE TEMP TABLE sample_days AS
WITH d AS (
    SELECT CAST(range AS TIMESTAMP) AS day,
           CASE WHEN dayofweek(range) IN (0, 6) THEN 0.45 ELSE 1.0 END AS w
    FROM range((SELECT start_at FROM sp), (SELECT end_at FROM sp), INTERVAL 1 DAY)
)
SELECT day,
       coalesce(sum(w) OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) / sum(w) OVER () AS cum_start,
       date_diff('month', day, (SELECT end_at FROM sp) - INTERVAL 1 DAY) AS months_before_end
FROM d
ORDER BY day;

-- People and machines that appear in the data.
CREATE OR REPLACE TEMP TABLE sample_names AS
SELECT ['a.kowalski', 'j.martin', 'm.garcia', 'l.chen', 's.okafor', 'e.nilsen', 'r.haddad', 'p.silva',
        'k.tanaka', 'd.murphy', 'f.rossi', 'n.ivanova', 'svc-backup', 'svc-sql', 'admin.ops', 'b.schmidt'] AS users,
       ['t.meyer', 'c.dubois', 'h.park', 'y.cohen', 'o.ali'] AS analysts,
       ['Enrich IP and user context', 'Triage phishing report', 'Isolate compromised device',
        'Disable risky user', 'Notify asset owner', 'Reset user password'] AS playbooks;
