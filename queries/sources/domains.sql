-- Product → coverage domain, for exports that name the producing product but not the domain.
-- A product matches a pattern when it contains it (ignoring case); the lowest priority wins,
-- then the longest pattern. Priority 0 is the user's mapping file ([domains]); 1 the product
-- names below; 2 generic words. Longest first: "defender for cloud apps" beats "defender for cloud".
CREATE OR REPLACE TEMP TABLE sg_product_domains (priority INTEGER, pattern VARCHAR, domain VARCHAR);
INSERT INTO sg_product_domains VALUES
    -- identity
    (1, 'defender for identity', 'identity'), (1, 'foridentity', 'identity'), (1, 'azure atp', 'identity'),
    (1, 'entra id protection', 'identity'), (1, 'identity protection', 'identity'), (1, 'azureadidentityprotection', 'identity'),
    (1, 'okta', 'identity'), (1, 'ping identity', 'identity'), (1, 'cyberark', 'identity'), (1, 'active directory', 'identity'),
    -- endpoint
    (1, 'defender for endpoint', 'endpoint'), (1, 'forendpoint', 'endpoint'), (1, 'defender advanced threat protection', 'endpoint'),
    (1, 'defenderatp', 'endpoint'), (1, 'windowsdefenderav', 'endpoint'), (1, 'antivirus', 'endpoint'),
    (1, 'crowdstrike', 'endpoint'), (1, 'falcon', 'endpoint'), (1, 'sentinelone', 'endpoint'), (1, 'carbon black', 'endpoint'),
    (1, 'carbonblack', 'endpoint'), (1, 'cortex xdr', 'endpoint'), (1, 'sophos', 'endpoint'), (1, 'elastic defend', 'endpoint'),
    (1, 'elastic endpoint', 'endpoint'), (1, 'falco', 'endpoint'),
    -- cloud
    (1, 'defender for cloud apps', 'cloud'), (1, 'forcloudapps', 'cloud'), (1, 'cloud app security', 'cloud'), (1, 'mcas', 'cloud'),
    (1, 'defender for cloud', 'cloud'), (1, 'forcloud', 'cloud'), (1, 'azure security center', 'cloud'),
    (1, 'guardduty', 'cloud'), (1, 'security hub', 'cloud'), (1, 'securityhub', 'cloud'), (1, 'prowler', 'cloud'),
    (1, 'prisma cloud', 'cloud'), (1, 'google cloud', 'cloud'), (1, 'cloudtrail', 'cloud'),
    (1, 'appgovernance', 'cloud'), (1, 'app governance', 'cloud'),
    -- email
    (1, 'defender for office 365', 'email'), (1, 'foroffice365', 'email'), (1, 'office 365', 'email'), (1, 'officeatp', 'email'),
    (1, 'exchange online protection', 'email'), (1, 'proofpoint', 'email'), (1, 'mimecast', 'email'),
    -- network
    (1, 'palo alto', 'network'), (1, 'fortigate', 'network'), (1, 'fortinet', 'network'), (1, 'check point', 'network'),
    (1, 'cisco', 'network'), (1, 'zscaler', 'network'), (1, 'darktrace', 'network'), (1, 'vectra', 'network'),
    (1, 'extrahop', 'network'), (1, 'corelight', 'network'), (1, 'zeek', 'network'), (1, 'suricata', 'network'),
    (1, 'snort', 'network'), (1, 'firewall', 'network'), (1, 'qradar', 'network'),
    -- data
    (1, 'datalossprevention', 'data'), (1, 'data loss prevention', 'data'), (1, 'purview', 'data'),
    -- application
    (1, 'web application firewall', 'application'),
    -- generic words, after every product name
    (2, 'identity', 'identity'), (2, 'endpoint', 'endpoint'), (2, 'cloud', 'cloud'), (2, 'network', 'network'),
    (2, 'email', 'email'), (2, 'mail', 'email');

-- src_product_domain(p) is created by the loader from these rules (load/domain_rules.sql), after a
-- mapping file's [domains] rules are added.
-- A stand-in until the loader has created it, so that helpers written with it can be created.
CREATE OR REPLACE TEMP MACRO src_product_domain(p) AS CAST(NULL AS VARCHAR);
