-- Parsing helpers used by the normalisation queries. Every helper returns NULL for a value it
-- cannot read; the normalisation query then rejects the row, naming the column and the value.

-- Empty or space-only text counts as missing; text is trimmed of spaces (trim() takes the
-- Unicode spaces too: a no-break space, U+3000, ..., not tabs or line breaks; load/line_count.rs
-- `is_blank` takes the same). Both run on every text cell of every row, so a value that needs no
-- trimming (nearly all) is recognised without copying it through trim(): sg_plain holds for text
-- that starts with a visible ASCII character, does not end with a space and is ASCII throughout
-- (byte length = character length), whose only space trim() could take is ' '. Byte tests, as
-- v[-1] would count the characters of the text to find its last one.
CREATE OR REPLACE TEMP MACRO sg_plain(v) AS
    (ascii(v) BETWEEN 33 AND 126 AND NOT ends_with(v, ' ') AND strlen(v) = length(v));
CREATE OR REPLACE TEMP MACRO sg_blank(v) AS
    (v IS NULL OR (NOT ascii(v) BETWEEN 33 AND 126 AND trim(v) = ''));
CREATE OR REPLACE TEMP MACRO sg_text(v) AS
    CASE WHEN sg_plain(v) THEN v ELSE nullif(trim(v), '') END;

-- A category as the vendor writes it (free text: its wording and case are kept), with every run
-- of whitespace made one space and the ends trimmed; empty → NULL. Categories of one vendor are
-- spelt consistently, so grouping on the text groups what the vendor groups.
-- Text already in that form (sg_plain, no two spaces in a row, none of the other whitespace
-- `\s` matches) skips the regular expression.
CREATE OR REPLACE TEMP MACRO sg_category(v) AS
    CASE WHEN v IS NULL THEN NULL
         WHEN sg_plain(v) AND NOT contains(v, '  ') AND NOT contains(v, chr(9)) AND NOT contains(v, chr(10))
              AND NOT contains(v, chr(12)) AND NOT contains(v, chr(13)) THEN v
         ELSE nullif(trim(regexp_replace(v, '\s+', ' ', 'g')), '') END;

-- Matching key of an enumeration value: case, spaces, '_' and '-' do not matter
-- ('True Positive', 'TruePositive', 'true_positive' → 'truepositive'). Plain replaces, not a
-- regular expression: this runs on every enumeration cell of every row.
CREATE OR REPLACE TEMP MACRO sg_key(v) AS
    lower(replace(replace(replace(replace(trim(v), ' ', ''), '_', ''), '-', ''), chr(9), ''));

-- A naive local wall-clock time → UTC, for a fixed --input-timezone (a session variable, a
-- constant to DuckDB: a subquery here would put a join in every normalisation query). For a named
-- zone load/tz_days.sql replaces this macro with a per-day lookup.
SET VARIABLE sg_fixed_offset_seconds = (SELECT fixed_offset_seconds FROM sg_settings);
-- The tenant every row of this load gets instead of its own (NULL: its own, else the file's
-- default), a constant for the same reason.
SET VARIABLE sg_tenant_override = (SELECT tenant_override FROM sg_settings);
-- This load's id, which every normalised row carries, a constant for the same reason.
SET VARIABLE sg_load_id = (SELECT load_id FROM sg_settings);
CREATE OR REPLACE TEMP MACRO sg_local_to_utc(l) AS
    (l - to_seconds(getvariable('sg_fixed_offset_seconds')))::TIMESTAMPTZ;

-- ISO 8601 / RFC 3339: date, optional 'T' or space and time, optional fraction ('.' or ','),
-- optional 'Z', 'UTC' or ±HH[:MM] offset (at most ±18:00, minutes below 60: DuckDB would read
-- +25:00 as a shift of a day), spaces allowed before it. Without an offset the time is in
-- --input-timezone. 't' and 'z' read as 'T' and 'Z' (RFC 3339 allows both cases); DuckDB's
-- cast takes neither, nor a space before the zone, so the text is put in that form first.
-- The common export form 2026-10-01T10:00:00Z takes a fast path without regular expressions;
-- the other forms APIs write (a fraction, an offset with a colon: 2026-10-01T10:00:00.1234567Z,
-- 2026-10-01T10:00:00+02:00) one regular expression, then the cast: a text of that shape is
-- what the general path below would cast unchanged (no space, comma or lower case to put
-- right), in a quarter of its time.
CREATE OR REPLACE TEMP MACRO sg_ts(v) AS (
    CASE
        WHEN v IS NULL THEN NULL
        WHEN strlen(v) = 20 AND ends_with(v, 'Z') AND strlen(v) = length(v) AND v[11] = 'T' AND v[5] = '-'
            THEN try_cast(v AS TIMESTAMPTZ)
        WHEN regexp_full_match(v, '\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-](0\d|1[0-7]):[0-5]\d|[+-]18:00)')
            THEN try_cast(v AS TIMESTAMPTZ)
        WHEN sg_blank(v) THEN NULL
        WHEN regexp_matches(trim(v), '^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}([.,]\d{1,9})?)?)?\s*([Zz]|UTC|[+-](0\d|1[0-7])(:?[0-5]\d)?|[+-]18(:?00)?)$')
            THEN try_cast(regexp_replace(regexp_replace(upper(replace(trim(v), ',', '.')), '\s*(UTC|Z)$', 'Z'), '\s+([+-]\d)', '\1') AS TIMESTAMPTZ)
        WHEN regexp_matches(trim(v), '^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}([.,]\d{1,9})?)?)?$')
            THEN sg_local_to_utc(try_cast(upper(replace(trim(v), ',', '.')) AS TIMESTAMP))
        ELSE NULL
    END);

-- A list: a JSON array, or text separated by ';' (or ','). Items are trimmed; empty items dropped.
CREATE OR REPLACE TEMP MACRO sg_list(v) AS (
    CASE
        WHEN v IS NULL THEN NULL
        -- Fast path: already clean `a;b` text (ASCII, see sg_plain) needs no trimming or filtering.
        WHEN sg_plain(v) AND NOT contains(v, ',') AND NOT starts_with(v, '[') AND NOT ends_with(v, ';')
             AND NOT contains(v, '; ') AND NOT contains(v, ' ;') AND NOT contains(v, ';;')
            THEN string_split(v, ';')
        WHEN sg_blank(v) THEN NULL
        WHEN starts_with(trim(v), '[') AND json_valid(trim(v))
            THEN list_filter(list_transform(from_json(trim(v), '["VARCHAR"]'), lambda x: trim(x)), lambda x: x IS NOT NULL AND x <> '')
        ELSE list_filter(list_transform(string_split(replace(trim(v), ',', ';'), ';'), lambda x: trim(x)), lambda x: x <> '')
    END);

-- Typed Parquet values as text in the forms the fast paths above read: a canonical Parquet file
-- (a lake's above all) holds TIMESTAMPTZ and VARCHAR[] columns, which as their JSON text
-- (`2026-10-01 10:00:00+00`, `["a","b"]`) take the regular-expression and JSON paths. A whole
-- second within the years socgauge reads becomes `2026-10-01T10:00:00Z` (the same instant); a
-- non-empty list of items that are plain (sg_plain) and hold no separator nor start a JSON
-- array becomes `a;b` (the same items). Anything else keeps its JSON text (`c`'s type's own
-- path), so every value normalises, and every rejected one is named, as before.
CREATE OR REPLACE TEMP MACRO sg_parquet_time(c) AS
    CASE WHEN c >= TIMESTAMPTZ '1970-01-01 00:00:00+00' AND c < TIMESTAMPTZ '2101-01-01 00:00:00+00'
              AND epoch_us(CAST(c AS TIMESTAMP)) % 1000000 = 0
         THEN strftime(CAST(c AS TIMESTAMP), '%Y-%m-%dT%H:%M:%SZ')
         ELSE json_extract_string(to_json(c), '$') END;
CREATE OR REPLACE TEMP MACRO sg_parquet_list(c) AS
    CASE WHEN len(c) > 0 AND coalesce(list_bool_and(list_transform(c, lambda x: coalesce(
                  sg_plain(x) AND NOT contains(x, ';') AND NOT contains(x, ',') AND NOT starts_with(x, '['), false))), false)
         THEN array_to_string(c, ';')
         ELSE json_extract_string(to_json(c), '$') END;

-- A problem candidate: when `bad` holds, the row is rejected because of `col` = `val`.
CREATE OR REPLACE TEMP MACRO sg_problem(bad, col, val, why) AS
    CASE WHEN bad THEN {'column': col, 'value': val, 'reason': why} END;

-- Required text: missing → problem.
CREATE OR REPLACE TEMP MACRO sg_require(v, col) AS
    sg_problem(sg_blank(v), col, v, 'required value is missing');

-- A present value that did not parse → problem (the parsed value is tested first: it is rarely
-- NULL, and the raw text then need not be looked at).
CREATE OR REPLACE TEMP MACRO sg_unparsed(raw, parsed, col, expected) AS
    sg_problem(parsed IS NULL AND NOT sg_blank(raw), col, raw, expected);

-- What a timestamp that no form reads was expected to be: ISO 8601, which canonical files
-- write; with --date-format, which vendor exports are read in too, the format as well (an
-- export's local dates are otherwise tried in the forms of src/load/dates.rs first, and an
-- unreadable one reaches the normalisation as written).
SET VARIABLE sg_time_expected = (
    SELECT CASE WHEN date_format IS NULL
                THEN 'not an ISO 8601 timestamp (nor, in a vendor export, an epoch number or a local date-time '
                     || 'such as 10/04/2026 14:05)'
                ELSE 'not an ISO 8601 timestamp, nor (in a vendor export) a date-time in the '
                     || date_format_setting || ' `' || date_format || '`' END
    FROM sg_settings);

-- A timestamp column's problem: unreadable, or outside the years socgauge measures (1970 to 2100,
-- the window of the time zone tables). A year 9999 typo would otherwise load and then make every
-- period computed from the data unrepresentable.
CREATE OR REPLACE TEMP MACRO sg_bad_time(raw, parsed, col) AS
    CASE
        WHEN parsed IS NULL THEN sg_unparsed(raw, parsed, col, getvariable('sg_time_expected'))
        WHEN parsed < TIMESTAMPTZ '1970-01-01 00:00:00+00' OR parsed >= TIMESTAMPTZ '2101-01-01 00:00:00+00'
            THEN sg_problem(true, col, raw, 'outside the years 1970 to 2100 that socgauge reads')
    END;

-- A count as another tool wrote it (JSON text of a lake's manifest): a whole number from 0 to
-- 10^15 written with digits only, else NULL (`0.5`, `1e3`, `-1` and out-of-range numbers are no
-- counts; read from text, so that no cast can fail the query).
CREATE OR REPLACE TEMP MACRO sg_count(t) AS
    CASE WHEN regexp_full_match(t, '[0-9]{1,16}') AND try_cast(t AS BIGINT) <= 1000000000000000
         THEN try_cast(t AS BIGINT) END;
