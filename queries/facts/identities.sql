-- Who counts as a person. An identity that is a system, service or placeholder account gives no
-- identity context (an alert whose user is `NT AUTHORITY\SYSTEM` says nothing about who is
-- involved) and approves nothing (an approval by the playbook itself, "automation" or an app id
-- is no human oversight). The lists below are the definition: extend them here, one value per
-- item, lower case. A name is compared trimmed and lower-cased, with and without its domain
-- (`CONTOSO\svc` → `svc`, `svc@contoso.com` → `svc`).
--
--   sg_non_person_exact    whole names: placeholders exports write for "nobody", built-in
--                          Windows and Unix accounts, automation actors, AI assistants
--   sg_non_person_prefix   name starts: NT AUTHORITY\…, NT SERVICE\…, service-account prefixes
--   sg_non_person_pattern  regular expressions: well-known SIDs, app (GUID) ids, bare or in
--                          braces
--   a name ending in `$`   a machine account
CREATE OR REPLACE TEMP MACRO sg_non_person_exact() AS [
    '', '-', '--', '?', 'n/a', 'na', 'none', 'null', 'nil', 'unknown', 'undefined', 'not applicable',
    'system', 'localsystem', 'local system', 'local service', 'localservice', 'network service',
    'networkservice', 'anonymous', 'anonymous logon', 'guest', 'defaultaccount',
    'wdagutilityaccount', 'krbtgt', 'root', 'daemon', 'nobody',
    'automation', 'automated', 'playbook', 'soar', 'logic app', 'logicapp', 'bot', 'service',
    'scheduler', 'workflow', 'azure sentinel', 'microsoft sentinel', 'sentinel', 'splunk',
    'splunk-system-user', 'elastic', 'kibana', 'thehive', 'cortex', 'xsoar', 'defender',
    'microsoft defender', 'mdatp', 'automation rule', 'automation account',
    'logic apps', 'azure logic apps', 'azure logic app', 'power automate', 'microsoft flow',
    -- AI assistants and agents: what they approve is not a person's oversight (closed_by `ai`
    -- is the canonical model's own word for them)
    'ai', 'ai agent', 'ai assistant', 'agent', 'llm', 'copilot', 'security copilot',
    'microsoft security copilot', 'copilot for security', 'microsoft copilot for security',
    'charlotte ai', 'purple ai', 'gemini', 'chatgpt'
];
CREATE OR REPLACE TEMP MACRO sg_non_person_prefix() AS [
    'nt authority\', 'nt service\', 'font driver host\', 'window manager\', 'iis apppool\',
    'svc_', 'svc-', 'svc.'
];
CREATE OR REPLACE TEMP MACRO sg_non_person_pattern() AS [
    '^s-1-5-(18|19|20)$', '^s-1-5-[0-9]+$', '^s-1-5-32-[0-9]+$',
    '^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\})$',
    -- Copilot under any product name (`Microsoft 365 Copilot`, `copilot-agent`)
    '(^|[^a-z])copilot([^a-z]|$)',
    '^(umfd|dwm)-[0-9]+$'
];

-- Whether `name` names a person. Binds its argument once (see sources/macros.sql for why).
-- Queries call it once per distinct name (there are far fewer names than rows), not per row.
CREATE OR REPLACE TEMP MACRO sg_is_person(name) AS
    list_transform([lower(trim(coalesce(name, '')))], lambda u:
        list_transform([regexp_replace(regexp_replace(u, '^[^\\]*\\', ''), '@.*$', '')], lambda bare:
            NOT list_contains(sg_non_person_exact(), u)
            AND NOT list_contains(sg_non_person_exact(), bare)
            AND NOT ends_with(u, '$') AND NOT ends_with(bare, '$')
            AND NOT list_bool_or(list_transform(sg_non_person_prefix(), lambda p: starts_with(u, p) OR starts_with(bare, p)))
            -- One alternation of the patterns, a constant: DuckDB compiles it once, where a
            -- pattern taken from a list inside a lambda is compiled again for every row.
            AND NOT regexp_matches(u, array_to_string(sg_non_person_pattern(), '|'))
            AND NOT regexp_matches(bare, array_to_string(sg_non_person_pattern(), '|'))
        )[1]
    )[1];
