-- Helpers for the source scripts (queries/sources/<name>/*.sql). A script reads `sg_records`
-- (j JSON = one record, k = its line or record number) and inserts canonical *text* into the
-- staging tables; the shared normalisation then types, checks and rejects exactly as for
-- canonical files. Timestamps are handed over as ISO 8601 text (with 'Z' when the export says
-- UTC, without an offset when it writes local times, which then read in --input-timezone).

-- A note's words for its count (stage_notes.n, printed before them): `one` when it is 1, `many`
-- otherwise, so that the user reads "1 notable", never "1 notables".
CREATE OR REPLACE TEMP MACRO src_count_note(n, one, many) AS CASE WHEN n = 1 THEN one ELSE many END;

-- Values exports write for "nothing" (`?` is an ITSM log's empty cell). Macros here bind their argument once, through a one-item
-- list and a lambda (`[v].map(x -> ...)`): a macro that repeats its argument multiplies the
-- expression at every level of nesting, and the planner pays for that exponentially.
CREATE OR REPLACE TEMP MACRO src_nn(v) AS
    list_transform([v], lambda x: CASE WHEN trim(x) IN ('', '?', 'None', 'none', 'null', 'NULL', 'N/A', 'n/a', '[]', '{}') THEN NULL ELSE x END)[1];

-- The text of one top-level key, any name (CSV headers become keys).
CREATE OR REPLACE TEMP MACRO src_col(j, name) AS
    src_nn(json_extract_string(j, '$."' || replace(replace(name, '\', '\\'), '"', '\"') || '"'));

-- The text at a dotted path, whether the record holds it nested ({"a":{"b":1}}) or flattened
-- ({"a.b":1}, as Elastic and Discover write). Paths are the scripts' own constants.
CREATE OR REPLACE TEMP MACRO src_get(j, p) AS
    src_nn(coalesce(json_extract_string(j, '$."' || p || '"'), json_extract_string(j, '$.' || p)));

-- The JSON at a dotted path, nested or flattened as src_get reads it (a list or object kept whole).
CREATE OR REPLACE TEMP MACRO src_get_json(j, p) AS
    coalesce(json_extract(j, '$."' || p || '"'), json_extract(j, '$.' || p));

-- Text as JSON, or NULL when it is not JSON. Every JSON function on text that may not be JSON
-- goes through this: a guard in a CASE is not enough, the engine may evaluate both branches.
CREATE OR REPLACE TEMP MACRO src_json(v) AS TRY_CAST(v AS JSON);

-- The first item of a multi-valued field: a JSON list (Elastic's fields API, Kibana arrays) or
-- lines joined in one cell (Splunk's CSV export of multivalue fields).
CREATE OR REPLACE TEMP MACRO src_first(v) AS
    list_transform([v], lambda x: CASE WHEN starts_with(trim(x), '[') AND json_valid(x)
                                       THEN src_nn(json_extract_string(src_json(x), '$[0]'))
                                       WHEN contains(x, chr(10)) THEN src_nn(trim(split_part(x, chr(10), 1)))
                                       ELSE src_nn(x) END)[1];

-- A multi-valued field written one value per line in one cell (Splunk's CSV export) as `;`
-- text, the canonical list; a JSON list (whose text may hold line breaks) and one-line text as
-- they are.
CREATE OR REPLACE TEMP MACRO src_lines_as_list(v) AS
    list_transform([v], lambda x: CASE WHEN contains(x, chr(10)) AND NOT starts_with(trim(x), '[')
        THEN array_to_string(list_filter(list_transform(string_split(replace(x, chr(13), ''), chr(10)), lambda l: trim(l)),
                                         lambda l: l <> ''), ';')
        ELSE x END)[1];

-- TIMESTAMP (UTC) → canonical ISO text.
CREATE OR REPLACE TEMP MACRO src_iso(ts) AS strftime(CAST(ts AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%fZ');

-- Epoch numbers → ISO text, the unit told by magnitude: < 1e12 seconds, < 1e15 milliseconds,
-- < 1e18 microseconds, else nanoseconds (Prowler writes seconds where OCSF says ms; Splunk writes
-- seconds with nine decimals). Each bound is 2001-09-09 in the next unit, so a time from then on
-- reads in its own unit, and a far-future value (the year-9999 "never" of some tools, in
-- milliseconds 2.5e14) reads as that year and is rejected, never as a plausible time of 1978 in
-- the next unit. Times before September 2001 are read from seconds only.
-- A number beyond what a timestamp holds (1e30) is NULL here: src_time keeps its text, so its
-- row is rejected with the value the file holds.
CREATE OR REPLACE TEMP MACRO src_epoch(v) AS
    list_transform([TRY_CAST(v AS DOUBLE)], lambda d: CASE
        WHEN d IS NULL OR abs(d) >= 9e18 THEN NULL
        WHEN abs(d) < 1e12 THEN src_iso(make_timestamp(CAST(round(d * 1e6) AS BIGINT)))
        WHEN abs(d) < 1e15 THEN src_iso(make_timestamp(CAST(round(d * 1e3) AS BIGINT)))
        WHEN abs(d) < 1e18 THEN src_iso(make_timestamp(CAST(d AS BIGINT)))
        ELSE src_iso(make_timestamp(CAST(d / 1e3 AS BIGINT)))
    END)[1];

-- Local date-times as exports write them (Sentinel portal `8/1/2024, 12:26:22.000 PM`,
-- ServiceNow `08/01/2024 12:26:22`, a European spreadsheet `01.08.2024 12:26`) → ISO text
-- without an offset. The formats tried are the variable sg_date_formats (src/load/dates.rs):
-- --date-format when given, else slash and dash dates in the order the file proves, and dotted
-- dates day-first.
-- A format with a zone (`%z`, `%Z`: sg_date_format_zoned) gives an instant, written in UTC: its
-- text says so ('Z'), so that --input-timezone does not shift it again. A year below 1000 is no
-- date an export means (`25/10/26` read year-first as the year 25): NULL, so that the row is
-- rejected with the text the file holds, not with one made up here. (The year is read through
-- strftime: year() of the TIMESTAMPTZ a zoned format gives needs the ICU extension.)
CREATE OR REPLACE TEMP MACRO src_slash(v) AS
    list_transform([try_strptime(trim(v), getvariable('sg_date_formats'))], lambda t: CASE
        WHEN TRY_CAST(strftime(t, '%Y') AS INTEGER) >= 1000 THEN strftime(t, '%Y-%m-%dT%H:%M:%S.%f')
                                  || CASE WHEN getvariable('sg_date_format_zoned') THEN 'Z' ELSE '' END
    END)[1];

-- Any timestamp an export writes → text the normalisation reads: epoch numbers, local dates
-- (slash, dash or dot after a day or month of one or two digits; any text but an epoch number
-- with --date-format, sg_date_format_given: `Oct 29, 2026 @ 08:22:00.000`), year-first dash
-- dates that are not ISO 8601 (`2026-10-01 9:00`, `2026-10-1`: a digit short, as Excel re-saves
-- them; told apart by the characters an ISO form has at 8 and 14, without a regular expression
-- on every ISO time), and ISO forms as they are (an unreadable value stays as it is, so the row
-- is rejected with it).
CREATE OR REPLACE TEMP MACRO src_time(v) AS
    list_transform([trim(src_nn(v))], lambda t: CASE
        WHEN t IS NULL THEN NULL
        WHEN regexp_full_match(t, '-?\d+(\.\d+)?') THEN coalesce(src_epoch(t), t)
        WHEN getvariable('sg_date_format_given') OR contains(t, '/')
             OR substr(t, 2, 1) IN ('.', '-') OR substr(t, 3, 1) IN ('.', '-')
            THEN coalesce(src_slash(t), t)
        WHEN substr(t, 5, 1) = '-' AND NOT (substr(t, 8, 1) = '-' AND (strlen(t) = 10 OR substr(t, 14, 1) = ':'))
            THEN coalesce(src_slash(t), t)
        ELSE t
    END)[1];

-- A timestamp in an explicit strptime format (mapping files); one with a zone is an instant
-- (see src_slash).
CREATE OR REPLACE TEMP MACRO src_time_as(v, fmt) AS
    list_transform([src_nn(v)], lambda x: coalesce(
        strftime(try_strptime(trim(x), fmt), '%Y-%m-%dT%H:%M:%S.%f')
            || CASE WHEN contains(fmt, '%z') OR contains(fmt, '%Z') THEN 'Z' ELSE '' END,
        src_time(x)))[1];

-- Whether text is a whole ISO date-time without an offset: the only text a header's zone is
-- added to. Anything else (an offset already, a date without a time, which reads as a local
-- date, text no form read) stays as the file wrote it, so that a row rejected for it shows the
-- file's own value.
CREATE OR REPLACE TEMP MACRO src_iso_local(x) AS
    regexp_full_match(x, '\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}([.,]\d{1,9})?)?');

-- ISO text without an offset (`Z`, `UTC` or ±hh:mm), marked as UTC (a column whose header says
-- [UTC]).
CREATE OR REPLACE TEMP MACRO src_utc(v) AS
    list_transform([v], lambda x: CASE WHEN src_iso_local(x) THEN x || 'Z' ELSE x END)[1];

-- Text without an offset, in the zone a header suffix names: `UTC` → 'Z', `UTC+02:00` (or
-- `UTC-5`) → that offset, anything else (`Local Time`) → as it is (read in --input-timezone).
-- Only a whole ISO date-time without an offset takes one (src_iso_local).
CREATE OR REPLACE TEMP MACRO src_in_zone(v, zone) AS
    list_transform([{'x': v, 'z': upper(trim(zone))}], lambda p: CASE
        WHEN p.x IS NULL THEN NULL
        WHEN NOT src_iso_local(p.x) THEN p.x
        WHEN p.z = 'UTC' THEN p.x || 'Z'
        WHEN regexp_full_match(p.z, 'UTC[+-]\d{1,2}(:\d{2})?')
            THEN p.x || substr(p.z, 4, 1) || lpad(regexp_extract(p.z, '[+-](\d{1,2})', 1), 2, '0')
                     || ':' || coalesce(nullif(regexp_extract(p.z, ':(\d{2})$', 1), ''), '00')
        ELSE p.x END)[1];

-- A time column of a CSV export whose header may carry the display zone: `CreatedTime`, or
-- `CreatedTime [UTC]`, `CreatedTime [UTC+02:00]`, `CreatedTime [Local Time]` (the portal's
-- setting; local values read in --input-timezone). An export holding several is read from the
-- UTC one first, whatever the column order; then from the first other.
CREATE OR REPLACE TEMP MACRO src_col_time(j, name) AS coalesce(
    src_time(src_col(j, name)),
    list_transform([list_concat(list_filter(json_keys(j), lambda k: k = name || ' [UTC]'),
                                list_filter(json_keys(j), lambda k: starts_with(k, name || ' [')))[1]],
                   lambda key: src_in_zone(src_time(src_col(j, key)), regexp_extract(key, '\[(.*)\]$', 1)))[1]);

-- A timestamp as an instant, for ordering and picking (history rows): NULL when unreadable.
CREATE OR REPLACE TEMP MACRO src_ts(v) AS sg_ts(src_time(v));

-- The ATT&CK technique ids in any text (Defender `AttackTechniques`, titles): a JSON list text.
CREATE OR REPLACE TEMP MACRO src_technique_ids(v) AS
    CASE WHEN v IS NULL THEN NULL
         ELSE CAST(nullif(CAST(to_json(list_sort(list_distinct(regexp_extract_all(v, 'T\d{4}(?:\.\d{3})?')))) AS VARCHAR), '[]') AS VARCHAR) END;

-- An ATT&CK tactic name from the spellings exports use (`DefenseEvasion`, `defense-evasion`,
-- `Defense Evasion`, `TA0005`); NULL for categories that are not tactics (`SuspiciousActivity`,
-- `Malware`, `Unknown`).
CREATE OR REPLACE TEMP MACRO src_tactic(v) AS sg_attack_tactic(coalesce(v, ''));

-- Severity `unknown` (Defender, OCSF) is no severity.
CREATE OR REPLACE TEMP MACRO src_severity(v) AS
    list_transform([v], lambda x: CASE WHEN lower(coalesce(x, '')) IN ('', 'unknown', 'other', '0', '99') THEN NULL ELSE x END)[1];

-- An Elastic rule's `threat` list as JSON: the list itself, or the list's JSON text (an export
-- that writes nested fields as text).
CREATE OR REPLACE TEMP MACRO src_threat_list(threat) AS
    CASE WHEN json_type(threat) = 'VARCHAR' THEN src_json(json_extract_string(threat, '$')) ELSE threat END;
-- The text values of key `leaf` in the objects at `parent` (a pattern over lower-cased paths) of
-- a threat list, `;`-joined in document order. Keys are compared in any case (`Tactic`, `NAME`):
-- a vendor file's key renaming reaches neither keys inside text nor keys only a macro names.
CREATE OR REPLACE TEMP MACRO src_threat_values(threat, parent, leaf) AS
    (SELECT nullif(string_agg(t.value ->> '$', ';' ORDER BY t.id), '')
     FROM json_tree(src_threat_list(threat)) AS t
     WHERE lower(t.key) = leaf AND t.type = 'VARCHAR' AND regexp_full_match(lower(t.path), parent));

-- The values of a flattened leaf as `;` text: the fields API answers a list of objects with one
-- list per leaf (`kibana.alert.rule.threat.tactic.name`: ["Execution"]).
CREATE OR REPLACE TEMP MACRO src_leaf_values(j, p) AS
    list_transform([src_get_json(j, p)], lambda v: CASE
        WHEN json_type(v) = 'ARRAY' THEN nullif(array_to_string(json_extract_string(v, '$[*]'), ';'), '')
        ELSE src_nn(v ->> '$') END)[1];

-- ATT&CK tactic names and technique ids of an Elastic rule's `threat` list (a list of objects,
-- or one object), as `;` text: the techniques, then their subtechniques.
CREATE OR REPLACE TEMP MACRO src_threat_tactics(threat) AS
    src_threat_values(threat, '\$(\[\d+\])?\.tactic', 'name');
CREATE OR REPLACE TEMP MACRO src_threat_techniques(threat) AS
    nullif(concat_ws(';', src_threat_values(threat, '\$(\[\d+\])?\.technique\[\d+\]', 'id'),
                          src_threat_values(threat, '\$(\[\d+\])?\.technique\[\d+\]\.subtechnique\[\d+\]', 'id')), '');
-- The same of a document, from its `threat` list at `path`, else (the fields API) the list's
-- leaves flattened.
CREATE OR REPLACE TEMP MACRO src_rule_tactics(j, path) AS
    coalesce(src_threat_tactics(src_get_json(j, path)), src_leaf_values(j, path || '.tactic.name'));
CREATE OR REPLACE TEMP MACRO src_rule_techniques(j, path) AS
    coalesce(src_threat_techniques(src_get_json(j, path)),
             nullif(concat_ws(';', src_leaf_values(j, path || '.technique.id'),
                                   src_leaf_values(j, path || '.technique.subtechnique.id')), ''));

-- Elastic: the coverage domain a rule's `Domain: …` tag names (tags as a JSON list text), and the
-- workflow status (lower case) as a canonical status.
CREATE OR REPLACE TEMP MACRO src_domain_tag(tags) AS
    lower(trim(substr((list_filter(TRY_CAST(src_json(coalesce(tags, '[]')) AS VARCHAR[]),
                                   lambda t: lower(t) LIKE 'domain:%' AND sg_domain(trim(substr(t, 8))) IS NOT NULL))[1], 8)));
CREATE OR REPLACE TEMP MACRO src_elastic_status(wf) AS
    CASE wf WHEN 'open' THEN 'new' WHEN 'acknowledged' THEN 'active' WHEN 'in-progress' THEN 'active'
            WHEN 'closed' THEN 'closed' END;

-- The user, host and address of an Elastic Common Schema document.
CREATE OR REPLACE TEMP MACRO src_ecs_user(j) AS src_first(src_get(j, 'user.name'));
CREATE OR REPLACE TEMP MACRO src_ecs_host(j) AS src_first(coalesce(src_get(j, 'host.name'), src_get(j, 'host.hostname')));
CREATE OR REPLACE TEMP MACRO src_ecs_ip(j) AS src_first(coalesce(src_get(j, 'source.ip'), src_get(j, 'host.ip')));

-- The kind of an automation action from its name or type (a playbook's name, Defender's
-- `Isolate`, SOAR's `block ip`, a Cortex analyzer or responder): the verb it holds, first match
-- in this order; `other` when none. Undoing a containment (`Unisolate`, `release`) is remediation;
-- closing comes before the rest (`close incident`), unambiguous enrichment words before
-- notification (`sender reputation`).
CREATE OR REPLACE TEMP MACRO src_action_kind(v) AS
    list_transform([lower(coalesce(v, ''))], lambda x: CASE
        WHEN x = '' THEN NULL
        WHEN regexp_matches(x, 'offboard') THEN 'other'
        WHEN regexp_matches(x, 'antivirus ?scan|av ?scan') THEN 'remediate'
        WHEN regexp_matches(x, 'unisolate|release|unquarantine|unrestrict|unblock|restore|reset|remediat|delete|remove|clean|uninstall|stopandquarantine|quarantine ?file|kill') THEN
            CASE WHEN regexp_matches(x, 'unisolate|release|unquarantine|unrestrict|unblock') THEN 'remediate'
                 WHEN regexp_matches(x, 'stopandquarantine|quarantine ?file|kill') THEN 'contain'
                 ELSE 'remediate' END
        WHEN regexp_matches(x, 'isolat|contain|quarantin|block|disable|suspend|revoke|restrict|\block|\bstop') THEN 'contain'
        WHEN regexp_matches(x, 'close|resolve|dismiss') THEN 'close'
        WHEN regexp_matches(x, 'enrich|reputation|lookup|whois|virustotal|geoloc|intel|detonat|sandbox') THEN 'enrich'
        WHEN regexp_matches(x, 'notif|email|mail|send|message|slack|teams|page|sms|comment|ticket|post') THEN 'notify'
        WHEN regexp_matches(x, 'triage|assign|classif|priorit|severity|tag|owner|status|dedup|merge|modifyproperties') THEN 'triage'
        WHEN regexp_matches(x, 'enrich|lookup|reputation|whois|geo|query|search|get|investigat|collect|scan|analy|intel|virustotal|hunt|fetch|list|detonat|sandbox') THEN 'enrich'
        ELSE 'other' END)[1];
