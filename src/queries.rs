//! socgauge's SQL, embedded from `queries/`. One file per query (or per load script), named after
//! what it computes; the header comment of each file is its definition.

/// An embedded SQL file.
#[derive(Debug, Clone, Copy)]
pub struct Query {
    /// Path under `queries/`, used in error messages.
    pub name: &'static str,
    pub sql: &'static str,
}

impl Query {
    /// The SQL with the placeholder comment `placeholder` (such as `/*target*/`) replaced by
    /// `value`; an error naming the file when it holds no such placeholder.
    pub fn fill(&self, placeholder: &str, value: &str) -> crate::error::Result<Sql> {
        Sql::from(self).fill(placeholder, value)
    }

    /// [`Query::fill`] with a file path inside a quoted string literal (`'/*path*/'`), its
    /// quotes doubled, for the statements DuckDB takes no parameter in (COPY … TO). The path is
    /// made absolute: DuckDB would read a relative `~…`, `file:…` or `s3://…` as another place.
    pub fn fill_path(
        &self,
        placeholder: &str,
        path: &std::path::Path,
    ) -> crate::error::Result<Sql> {
        let absolute = std::path::absolute(path).map_err(|source| crate::error::Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        self.fill(placeholder, &absolute.to_string_lossy().replace('\'', "''"))
    }
}

/// `text` as an SQL string literal, its quotes doubled: for the values filled into a statement
/// where DuckDB takes no parameter (a table function's constant list, a macro's `CASE` arms).
pub fn text_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// SQL text assembled from an embedded file by filling its placeholders.
#[derive(Debug, Clone)]
pub struct Sql {
    /// The file it came from, for error messages.
    pub name: &'static str,
    pub text: String,
}

impl From<&Query> for Sql {
    fn from(query: &Query) -> Sql {
        Sql {
            name: query.name,
            text: query.sql.to_string(),
        }
    }
}

impl Sql {
    /// Fills one more placeholder; an error when the text holds no such placeholder.
    ///
    /// Only the SQL is filled, never a `--` comment that names the placeholder to explain it: a
    /// value holding a line break (a CSV column name written over two lines) would end the
    /// comment there and leave the rest of the value as SQL.
    pub fn fill(self, placeholder: &str, value: &str) -> crate::error::Result<Sql> {
        self.fill_all(&[(placeholder, value)])
    }

    /// Fills several placeholders in one pass: no value is searched for the others' placeholders.
    /// Values from outside the program (a path, a tenant) are filled this way, last, so that a
    /// value holding a placeholder's text (a folder named `/*columns*/`) stays as it is.
    pub fn fill_all(self, pairs: &[(&str, &str)]) -> crate::error::Result<Sql> {
        let (text, filled) = fill_outside_comments(&self.text, pairs);
        if let Some((placeholder, _)) = pairs.iter().zip(&filled).find(|(_, done)| !**done) {
            return Err(crate::error::Error::Internal(format!(
                "query `{}` has no placeholder `{}` to fill",
                self.name, placeholder.0
            )));
        }
        Ok(Sql {
            name: self.name,
            text,
        })
    }
}

/// `text` with every placeholder of `pairs` outside `--` comments replaced by its value, and
/// whether each had one. A `--` inside a quoted string or name (`'--'`) starts no comment; a
/// placeholder inside a string is filled (`'/*path*/'`). The values are not searched.
fn fill_outside_comments(text: &str, pairs: &[(&str, &str)]) -> (String, Vec<bool>) {
    let mut out =
        String::with_capacity(text.len() + pairs.iter().map(|(_, v)| v.len()).sum::<usize>());
    let mut filled = vec![false; pairs.len()];
    let mut quote: Option<char> = None;
    let mut rest = text;
    'scan: while let Some(c) = rest.chars().next() {
        if quote.is_none() && rest.starts_with("--") {
            let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        for ((placeholder, value), done) in pairs.iter().zip(filled.iter_mut()) {
            if rest.starts_with(placeholder) {
                out.push_str(value);
                rest = &rest[placeholder.len()..];
                *done = true;
                continue 'scan;
            }
        }
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if q == c => quote = None,
            _ => {}
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    (out, filled)
}

macro_rules! query {
    ($path:literal) => {
        Query {
            name: $path,
            sql: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/queries/", $path)),
        }
    };
}

/// The canonical tables.
pub const SCHEMA: Query = query!("schema.sql");

/// The times of lake rows a run left unread, in every connection (load/lake_months.rs).
pub const LAKE_UNREAD_EXTENTS_TABLE: Query = query!("lake_unread_extents_table.sql");

pub mod load {
    use super::Query;
    /// Parsing helpers (timestamps, lists, problems) as temporary macros.
    pub const MACROS: Query = query!("load/macros.sql");
    /// Every canonical enumeration and its accepted spellings.
    pub const ENUMS: Query = query!("load/enums.sql");
    pub const SETTINGS: Query = query!("load/settings.sql");
    pub const NEXT_LOAD_ID: Query = query!("load/next_load_id.sql");
    /// The canonical tables a database opened read-only lacks.
    pub const SCHEMA_TABLES: Query = query!("load/schema_tables.sql");
    /// Whether the stored tables have the columns added after the first release.
    pub const LEGACY_COLUMNS: Query = query!("load/legacy_columns.sql");
    /// A temporary view that reads a missing category column as NULL (`/*table*/`, `/*stored*/`).
    pub const LEGACY_VIEW: Query = query!("load/legacy_view.sql");
    pub const TZ_TRANSITIONS: Query = query!("load/tz_transitions.sql");
    pub const TZ_DAYS: Query = query!("load/tz_days.sql");
    pub const STAGING: Query = query!("load/staging.sql");
    pub const STAGE_FILE: Query = query!("load/stage_file.sql");
    pub const CSV_HEADER: Query = query!("load/csv_header.sql");
    pub const CSV_DIALECT: Query = query!("load/csv_dialect.sql");
    pub const READ_CSV: Query = query!("load/read_csv.sql");
    pub const NUMBER_LINES: Query = query!("load/number_lines.sql");
    pub const NUMBER_LINES_FILES: Query = query!("load/number_lines_files.sql");
    /// A canonical file's rows (`/*rows*/`) copied into staging.
    pub const STAGE_ROWS: Query = query!("load/stage_rows.sql");
    /// A staging table's rows with their file's default tenant, to normalise.
    pub const STAGED_KINDS: Query = query!("load/staged_kinds.sql");
    pub const STAGED_ROWS: Query = query!("load/staged_rows.sql");
    pub const CSV_MALFORMED: Query = query!("load/csv_malformed.sql");
    pub const CSV_PREAMBLE_NOTE: Query = query!("load/csv_preamble_note.sql");
    /// The first line whose unclosed quote made the CSV reader swallow the lines after it.
    pub const CSV_QUOTE_ACROSS_LINES: Query = query!("load/csv_quote_across_lines.sql");
    pub const CSV_FIX_LINES: Query = query!("load/csv_fix_lines.sql");
    pub const CSV_RESET_ERRORS: Query = query!("load/csv_reset_errors.sql");
    /// Several canonical CSV files of one dialect and header read by one reader.
    pub const READ_CSV_FILES: Query = query!("load/read_csv_files.sql");
    /// One file's unparsable lines among those of several files read together.
    pub const CSV_FILE_ERRORS: Query = query!("load/csv_file_errors.sql");
    pub const CSV_BATCH_FAULTS: Query = query!("load/csv_batch_faults.sql");
    pub const CSV_BATCH_RESET: Query = query!("load/csv_batch_reset.sql");
    pub const JSON_RAW: Query = query!("load/json_raw.sql");
    pub const JSON_LIST_MEMBERS: Query = query!("load/json_list_members.sql");
    pub const JSON_REPEATED_MEMBER: Query = query!("load/json_repeated_member.sql");
    pub const JSON_RECORDS: Query = query!("load/json_records.sql");
    pub const JSON_RECORDS_FROM_LIST: Query = query!("load/json_records_from_list.sql");
    pub const JSON_KEYS: Query = query!("load/json_keys.sql");
    pub const READ_JSON: Query = query!("load/read_json.sql");
    /// Records of a canonical JSON file that repeat a key it reads: rejected, then dropped.
    pub const JSON_REPEATED_KEYS: Query = query!("load/json_repeated_keys.sql");
    pub const JSON_REPEATED_RECORDS: Query = query!("load/json_repeated_records.sql");
    pub const PARQUET_HEADER: Query = query!("load/parquet_header.sql");
    pub const PARQUET_TYPES: Query = query!("load/parquet_types.sql");
    pub const READ_PARQUET: Query = query!("load/read_parquet.sql");
    pub const PARQUET_ROWS: Query = query!("load/parquet_rows.sql");
    pub const PARQUET_OPEN_ROWS: Query = query!("load/parquet_open_rows.sql");
    pub const READ_PARQUET_FILES: Query = query!("load/read_parquet_files.sql");
    pub const NORMALIZE_INCIDENTS: Query = query!("load/normalize_incidents.sql");
    pub const NORMALIZE_ALERTS: Query = query!("load/normalize_alerts.sql");
    pub const NORMALIZE_AUTOMATION: Query = query!("load/normalize_automation.sql");
    pub const COUNT_FILES: Query = query!("load/count_files.sql");
    pub const RELEASE_STAGING: Query = query!("load/release_staging.sql");
    pub const RELEASE_NORMALIZED: Query = query!("load/release_normalized.sql");
    /// Whether each canonical table holds rows (a first load replaces none).
    pub const STORED_KINDS: Query = query!("load/stored_kinds.sql");
    /// The stored rows of each kind this load replaces, deleted before the merge.
    pub const REPLACE_INCIDENTS: Query = query!("load/replace_incidents.sql");
    pub const REPLACE_ALERTS: Query = query!("load/replace_alerts.sql");
    pub const REPLACE_AUTOMATION: Query = query!("load/replace_automation.sql");
    /// The loadable rows of a kind that another row of the same id supersedes.
    pub const LOSING_ROWS: Query = query!("load/losing_rows.sql");
    /// Whether this load's rows of a kind, or the stored ones, carry versions.
    pub const ROW_VERSIONS_PRESENT: Query = query!("load/row_versions_present.sql");
    /// Versions outside the years socgauge reads, made no version.
    pub const ROW_VERSIONS_IN_RANGE: Query = query!("load/row_versions_in_range.sql");
    /// The rows of this load that a stored row's newer version supersedes, marked as losing.
    pub const STORED_NEWER_ROWS: Query = query!("load/stored_newer_rows.sql");
    /// Per file, how many rows kept the stored state that way.
    pub const STORED_NEWER_COUNTS: Query = query!("load/stored_newer_counts.sql");
    /// The versions of the rows this load keeps, stored for later loads.
    pub const RECORD_ROW_VERSIONS: Query = query!("load/record_row_versions.sql");
    /// Whether an empty canonical table can adopt the normalised one, and its NOT NULL columns.
    pub const ADOPTION: Query = query!("load/adoption.sql");
    /// An empty canonical table takes the load's normalised table in its place.
    pub const ADOPT_ROWS: Query = query!("load/adopt_rows.sql");
    pub const MERGE_INCIDENTS: Query = query!("load/merge_incidents.sql");
    pub const MERGE_ALERTS: Query = query!("load/merge_alerts.sql");
    pub const MERGE_AUTOMATION: Query = query!("load/merge_automation.sql");
    pub const NORMALIZE_LINKS: Query = query!("load/normalize_links.sql");
    pub const NORMALIZE_REVIEWS: Query = query!("load/normalize_reviews.sql");
    /// Links and review times, stored and filled into the canonical tables.
    pub const MERGE_SUPPLEMENTS: Query = query!("load/merge_supplements.sql");
    /// The incidents whose facts the stored rows this load replaces named (before the merge).
    pub const TOUCHED_REPLACED: Query = query!("load/touched_replaced.sql");
    /// The incidents and alerts whose facts this load's rows change (after the merge).
    pub const TOUCHED_LOADED: Query = query!("load/touched_loaded.sql");
    /// Records of a vendor file → `sg_records` (see `sources::records`).
    pub const CSV_RECORDS: Query = query!("load/csv_records.sql");
    /// A CSV header's names as written (repeats not renamed).
    pub const CSV_HEADER_NAMES: Query = query!("load/csv_header_names.sql");
    /// Whether strptime reads a --date-format pattern (an error when it does not).
    pub const CHECK_DATE_FORMAT: Query = query!("load/check_date_format.sql");
    pub const PARQUET_RECORDS: Query = query!("load/parquet_records.sql");
    pub const JSON_STRUCTURE: Query = query!("load/json_structure.sql");
    pub const RECORDS_AT: Query = query!("load/records_at.sql");
    pub const RECORDS_ARE_VALUES: Query = query!("load/records_are_values.sql");
    /// Top-level values of a vendor file that are not records, as rejected rows ($1 file seq).
    pub const NON_RECORD_VALUES: Query = query!("load/non_record_values.sql");
    /// Elements of a vendor file's list of records that are not records, as rejected rows.
    pub const NON_RECORD_ITEMS: Query = query!("load/non_record_items.sql");
    /// The lines of a CSV file that start no record, for a file whose rows are not one to a line.
    pub const CSV_RECORD_BREAKS: Query = query!("load/csv_record_breaks.sql");
    /// Whether those records are the ones the reader read.
    pub const CSV_RECORD_LINES_AGREE: Query = query!("load/csv_record_lines_agree.sql");
    /// How many records the reader read from a CSV file: rows and rejected lines.
    pub const CSV_RECORDS_READ: Query = query!("load/csv_records_read.sql");
    pub const CSV_RECORDS_FILES: Query = query!("load/csv_records_files.sql");
    /// Drops the line breaks of the last CSV file.
    pub const RELEASE_RECORD_BREAKS: Query = query!("load/release_record_breaks.sql");
    /// A CSV file's rows on their own lines.
    pub const CSV_REMAP_ROWS: Query = query!("load/csv_remap_rows.sql");
    /// A CSV file's rejected lines on the file's own lines.
    pub const CSV_REMAP_MALFORMED: Query = query!("load/csv_remap_malformed.sql");
    /// Top-level values of a file whose records sit in a list in each, that hold no such list,
    /// as rejected rows ($1 file seq, $2 the list's JSON path, $3 its name in the message).
    pub const NON_PAGE_VALUES: Query = query!("load/non_page_values.sql");
    /// A lake's files whose manifest carries its database's loads take the source `lake`.
    pub const LAKE_FILES_MARKED: Query = query!("load/lake_files_marked.sql");
    /// The record of loads a lake's manifest carries, read and checked entry by entry.
    pub const LAKE_RECORD_READ: Query = query!("load/lake_record_read.sql");
    /// How many entries that record has, and which fails its check first.
    pub const LAKE_RECORD_FAULTS: Query = query!("load/lake_record_faults.sql");
    pub const LAKE_UNREAD_ROWS: Query = query!("load/lake_unread_rows.sql");
    /// The times of the rows a run measuring some months leaves unread, from the footers.
    pub const LAKE_UNREAD_TIMES: Query = query!("load/lake_unread_times.sql");
    /// The incidents open in such a run's window, and the times of the others.
    pub const LAKE_INCIDENTS_REST: Query = query!("load/lake_incidents_rest.sql");
    /// Keeps those times for the queries that read every row's times.
    pub const LAKE_UNREAD_EXTENTS: Query = query!("load/lake_unread_extents.sql");
    /// The loads a lake's manifest carries, as loads of this load.
    pub const LAKE_LOADS_CARRIED: Query = query!("load/lake_loads_carried.sql");
    pub const LAKE_RECORD_RELEASED: Query = query!("load/lake_record_released.sql");
    /// Rows counted as rejected that the database does not keep (a lake's record).
    pub const REJECTS_NOT_KEPT: Query = query!("load/rejects_not_kept.sql");
    pub const RECORDS_VIEW: Query = query!("load/records_view.sql");
    /// A tabular vendor file's records with header spellings renamed to its source's.
    pub const RECORDS_RENAMED: Query = query!("load/records_renamed.sql");
    /// A JSON vendor file's records with keys renamed at every depth to its script's spelling.
    pub const RECORDS_KEYS_RENAMED: Query = query!("load/records_keys_renamed.sql");
    /// The incidents whose alerts this load lists anew, whose other stored links go.
    pub const RELISTED_INCIDENTS: Query = query!("load/relisted_incidents.sql");
    /// Incident-side links of a row that a later update in another file superseded, dropped.
    pub const SUPERSEDED_LINKS: Query = query!("load/superseded_links.sql");
    /// Whether a vendor file's record writes one of its keys twice.
    pub const RECORDS_TOP_KEYS_REPEATED: Query = query!("load/records_top_keys_repeated.sql");
    /// The renamed records holding a key twice in one object, as rejected rows.
    pub const RECORDS_KEYS_REPEATED: Query = query!("load/records_keys_repeated.sql");
    /// Every object key of the records, at any depth, from their text.
    pub const RECORDS_KEYS: Query = query!("load/records_keys.sql");
    /// Points the records view at the renamed records.
    pub const RECORDS_VIEW_KEYED: Query = query!("load/records_view_keyed.sql");
    pub const RELEASE_RECORDS: Query = query!("load/release_records.sql");
    pub const RECORDS_IN_LIST: Query = query!("load/records_in_list.sql");
    /// A product → domain rule from a mapping file, ahead of the built-in table.
    pub const DOMAIN_OVERRIDE: Query = query!("load/domain_override.sql");
    /// A close code → classification rule from a mapping file, ahead of the built-in table.
    pub const CLOSE_CODE_OVERRIDE: Query = query!("load/close_code_override.sql");
    /// The product → domain rules, in order, for src_product_domain.
    pub const DOMAIN_RULES: Query = query!("load/domain_rules.sql");
    pub const CSV_FIX_RECORD_LINES: Query = query!("load/csv_fix_record_lines.sql");
    pub const RECORD_REJECTS: Query = query!("load/record_rejects.sql");
    pub const RECORD_LOADS: Query = query!("load/record_loads.sql");
    /// Every file the database has loaded, by its key.
    pub const LOADED_FILES: Query = query!("load/loaded_files.sql");
    /// Whether a JSON file is an answer of the Log Analytics query API.
    pub const JSON_TABLES_ANSWER: Query = query!("load/json_tables_answer.sql");
    /// Each answer's result table as its column names and list of rows.
    pub const JSON_ANSWER_ROWS: Query = query!("load/json_answer_rows.sql");
    /// What keeps an answer from reading as records: the first fault.
    pub const JSON_TABLES_FAULTS: Query = query!("load/json_tables_faults.sql");
    /// Its rows as JSON records.
    pub const JSON_TABLES_AS_RECORDS: Query = query!("load/json_tables_as_records.sql");
    pub const FILE_COUNTS: Query = query!("load/file_counts.sql");
    pub const FIRST_REJECT: Query = query!("load/first_reject.sql");
    pub const RECENT_REJECTS: Query = query!("load/recent_rejects.sql");
    /// Files whose rejected share is above --max-rejects, with their most common reason.
    pub const REJECT_SHARES: Query = query!("load/reject_shares.sql");
    /// The rejects a database keeps (`socgauge rejects`).
    pub const LIST_REJECTS: Query = query!("load/list_rejects.sql");
    /// Whether a file (as named, or its identity) was loaded into the database.
    pub const FILE_LOADED: Query = query!("load/file_loaded.sql");
    /// What source scripts set aside or could not read, per file.
    pub const SOURCE_NOTES: Query = query!("load/source_notes.sql");
    /// How a vendor file orders its slash dates (day-first or month-first).
    pub const DATE_ORDER: Query = query!("load/date_order.sql");
    pub const UNSTAGE_FILE: Query = query!("load/unstage_file.sql");
    pub const UNVERSIONED_FILE: Query = query!("load/unversioned_file.sql");
    pub const DATE_FORM: Query = query!("load/date_form.sql");
    pub const STORED_DATE_ORDERS: Query = query!("load/stored_date_orders.sql");
    pub const RECORD_DATE_ORDER: Query = query!("load/record_date_order.sql");
    /// `mapping init`: helpers, the sample, the JSON records' keys, and what each column holds.
    pub const MAPPING_MACROS: Query = query!("mapping/macros.sql");
    pub const MAPPING_SAMPLE: Query = query!("mapping/sample.sql");
    pub const MAPPING_KEYS: Query = query!("mapping/keys.sql");
    pub const MAPPING_COLUMN_PROFILE: Query = query!("mapping/column_profile.sql");
    pub const MAPPING_COLUMN_VALUES: Query = query!("mapping/column_values.sql");
    pub const MAPPING_DATE_FORMATS: Query = query!("mapping/date_formats.sql");
    pub const MAPPING_DATE_CROSS_CHECK: Query = query!("mapping/date_cross_check.sql");
}

pub mod sample {
    use super::Query;
    pub const PARAMS: Query = query!("sample/params.sql");
    pub const SETUP: Query = query!("sample/setup.sql");
    pub const INCIDENTS: Query = query!("sample/incidents.sql");
    pub const ALERTS: Query = query!("sample/alerts.sql");
    pub const AUTOMATION: Query = query!("sample/automation.sql");
    pub const EXPORT_INCIDENTS: Query = query!("sample/export_incidents.sql");
    pub const EXPORT_ALERTS: Query = query!("sample/export_alerts.sql");
    pub const EXPORT_AUTOMATION: Query = query!("sample/export_automation.sql");
}

pub mod facts {
    use super::Query;
    /// Who counts as a person (`sg_is_person`): the non-person identity lists.
    pub const IDENTITIES: Query = query!("facts/identities.sql");
    /// The ATT&CK tactics by name (`sg_attack_tactic`).
    pub const ATTACK_TACTICS: Query = query!("facts/attack_tactics.sql");
    /// Every incident with its merge resolution and what its linked alerts say.
    pub const INCIDENT_FACTS: Query = query!("facts/incident_facts.sql");
    /// Every alert with the incident it counts for, its effective verdict and closer.
    pub const ALERT_FACTS: Query = query!("facts/alert_facts.sql");
    /// Which incident fields each export file fills, per tenant and file.
    pub const INCIDENT_FIELDS: Query = query!("facts/incident_fields.sql");
    /// Which alert fields each export file fills, per tenant and file.
    pub const ALERT_FIELDS: Query = query!("facts/alert_fields.sql");
    /// The first and last creation time of each tenant's days with data.
    pub const CREATED_DAYS: Query = query!("facts/created_days.sql");
    pub const ALERT_DAYS: Query = query!("facts/alert_days.sql");
    pub const ALERT_DAY_ATTACK: Query = query!("facts/alert_day_attack.sql");
    pub const SCOPE_DAYS: Query = query!("facts/scope_days.sql");
    pub const ALERT_HOURS: Query = query!("facts/alert_hours.sql");
    pub const ALERT_MONTHS: Query = query!("facts/alert_months.sql");
    /// Marks the facts with their definition's version (`/*version*/`).
    pub const STAMP: Query = query!("facts/stamp.sql");
    /// Whether the stored facts are of this version ($1).
    pub const STATE: Query = query!("facts/state.sql");
    /// The incidents whose facts a load may have changed (`fact_scope_incidents`).
    pub const SCOPE_INCIDENTS: Query = query!("facts/scope_incidents.sql");
    /// Their share of the stored incidents.
    pub const SCOPE_SHARE: Query = query!("facts/scope_share.sql");
    /// The alerts whose facts a load may have changed; the stored facts of both deleted.
    pub const SCOPE_ALERTS: Query = query!("facts/scope_alerts.sql");
}

pub mod tenants {
    use super::Query;
    /// Every tenant with its row counts, first and last timestamps and months.
    pub const SUMMARY: Query = query!("tenants/summary.sql");
}

pub mod metrics {
    use super::Query;
    /// The period and tenant as a one-row table ($1 from, $2 to, $3 tenant).
    pub const PARAMS: Query = query!("metrics/params.sql");
    /// The period and tenant of m_params as session variables the views filter with.
    pub const VARIABLES: Query = query!("metrics/variables.sql");
    /// The populations every metric of one period reads: in-scope incidents and alerts.
    pub const SCOPE: Query = query!("metrics/scope.sql");
    /// The periods the aggregate queries measure ($1, JSON [{"key", "from", "to"}]).
    pub const PERIODS: Query = query!("metrics/periods.sql");
    /// The populations keyed by the month of m_periods that holds each row (a history).
    pub const SCOPE_MONTHS: Query = query!("metrics/scope_months.sql");
    pub const BUCKETS: Query = query!("metrics/buckets.sql");
    pub const WEEK_HOURS: Query = query!("metrics/week_hours.sql");
    pub const TENANTS: Query = query!("metrics/tenants.sql");
    pub const DURATIONS: Query = query!("metrics/durations.sql");
    pub const DURATIONS_BY_SEVERITY: Query = query!("metrics/durations_by_severity.sql");
    pub const RATES: Query = query!("metrics/rates.sql");
    pub const BACKLOG: Query = query!("metrics/backlog.sql");
    pub const WEEKLY: Query = query!("metrics/weekly.sql");
    pub const RULES: Query = query!("metrics/rules.sql");
    pub const ATTACK: Query = query!("metrics/attack.sql");
    pub const LOADS: Query = query!("metrics/loads.sql");
    pub const DURATION_HISTOGRAM: Query = query!("metrics/duration_histogram.sql");
    pub const DOMAINS: Query = query!("metrics/domains.sql");
    pub const LATEST_TIMESTAMP: Query = query!("metrics/latest_timestamp.sql");
    pub const PERIOD_ROWS: Query = query!("metrics/period_rows.sql");
    /// The first and latest created_at of the incidents and alerts of a tenant ($1).
    pub const DATA_SPAN: Query = query!("metrics/data_span.sql");
    /// Months with data among the twelve months of each period ($1, JSON).
    pub const HISTORY_MONTHS: Query = query!("metrics/history_months.sql");
    /// Whether the aggregate queries group by tenant ($1).
    pub const BY_TENANT: Query = query!("metrics/by_tenant.sql");
    /// Which canonical fields the loaded exports provide at all, per tenant and for all.
    pub const AVAILABILITY: Query = query!("metrics/availability.sql");
    /// Per owner, automation and AI: incidents assigned, closed, medians, open at the end.
    pub const WORKLOAD: Query = query!("metrics/workload.sql");
    /// Incidents, MTTR and alerts per category.
    pub const CATEGORIES: Query = query!("metrics/categories.sql");
    /// The period's critical and high true-positive incidents.
    pub const HIGHLIGHTS: Query = query!("metrics/highlights.sql");
    /// Stable pseudonyms of owner names ($1 JSON list of names, $2 key).
    pub const PSEUDONYMS: Query = query!("metrics/pseudonyms.sql");
    /// The kept results of the latest months (src/metrics/store.rs): the table, the months kept,
    /// one query's rows added, a period's rows read, whether the database keeps them.
    pub const MONTH_RESULTS: Query = query!("metrics/month_results.sql");
    pub const MONTH_RESULTS_MONTHS: Query = query!("metrics/month_results_months.sql");
    pub const MONTH_RESULTS_ADD: Query = query!("metrics/month_results_add.sql");
    pub const MONTH_RESULTS_READ: Query = query!("metrics/month_results_read.sql");
    pub const MONTH_RESULTS_KEPT: Query = query!("metrics/month_results_kept.sql");
    pub const MONTH_RESULTS_STALE: Query = query!("metrics/month_results_stale.sql");
}

/// Service levels, business time and time saved (`--targets`).
pub mod service_levels {
    use super::Query;
    /// The instants the business calendar must cover ($1, $2: the periods' bounds).
    pub const BUSINESS_SPAN: Query = query!("metrics/business_span.sql");
    /// The calendar's working intervals ($1, JSON) as m_work_intervals.
    pub const WORK_INTERVALS: Query = query!("metrics/work_intervals.sql");
    /// m_incidents_business: the in-scope incidents with their business-time durations.
    pub const BUSINESS: Query = query!("metrics/business.sql");
    pub const DURATIONS_BUSINESS: Query = query!("metrics/durations_business.sql");
    /// Compliance per severity × target ($1: the targets, JSON).
    pub const SLA: Query = query!("metrics/sla.sql");
    /// The incidents behind each breach ($1: the targets, JSON).
    pub const SLA_BREACHES: Query = query!("metrics/sla_breaches.sql");
    /// Successful automation runs and the minutes they save ($1 per action, $2 per playbook).
    pub const TIME_SAVED: Query = query!("metrics/time_saved.sql");
}

pub mod publish {
    use super::Query;
    /// The slug each tenant of a site was last published in.
    pub const PUBLISHED_SLUGS: Query = query!("publish/published_slugs.sql");
    /// The tables publishing keeps (fingerprints, history) and this run's copies of them.
    pub const SCHEMA: Query = query!("publish/schema.sql");
    /// This run's copies of them (temporary tables, in a database opened read-only).
    pub const RUN_TABLES: Query = query!("publish/run_tables.sql");
    /// `COPY … TO '/*path*/'`: this run's rows set aside until the database can be written.
    pub const STASH_PAGES: Query = query!("publish/stash_pages.sql");
    pub const STASH_HISTORY: Query = query!("publish/stash_history.sql");
    pub const STORED_PAGES: Query = query!("publish/stored_pages.sql");
    /// A tenant-month's fingerprint ($1 tenant, $2 month end, $3 page settings).
    pub const FINGERPRINT: Query = query!("publish/fingerprint.sql");
    /// A tenant's latest timestamps before a month's end.
    pub const MONTH_END: Query = query!("publish/month_end.sql");
    pub const KEEP_PAGE: Query = query!("publish/keep_page.sql");
    pub const KEEP_HISTORY: Query = query!("publish/keep_history.sql");
    pub const ADD_HISTORY: Query = query!("publish/add_history.sql");
    pub const HISTORY_ROWS: Query = query!("publish/history_rows.sql");
    /// `COPY … TO '/*path*/' (FORMAT parquet)`.
    pub const HISTORY_PARQUET: Query = query!("publish/history_parquet.sql");
    pub const FORGET_PAGES: Query = query!("publish/forget_pages.sql");
    pub const DISOWN_PAGES: Query = query!("publish/disown_pages.sql");
    pub const FORGET_HISTORY: Query = query!("publish/forget_history.sql");
    /// The rows set aside (`/*path*/`), saved as the site's.
    pub const SAVE_PAGES: Query = query!("publish/save_pages.sql");
    pub const SAVE_HISTORY: Query = query!("publish/save_history.sql");
}

pub mod export {
    use super::Query;
    /// `COPY … TO '/*path*/' (FORMAT parquet, PARTITION_BY (tenant, month))`: one kind of the
    /// canonical model as a hive-partitioned folder of the lake.
    pub const LAKE_INCIDENTS: Query = query!("export/lake_incidents.sql");
    pub const LAKE_ALERTS: Query = query!("export/lake_alerts.sql");
    pub const LAKE_AUTOMATION: Query = query!("export/lake_automation.sql");
    /// The other months whose alerts and automation each month's incidents count.
    pub const LAKE_MONTH_LINKS: Query = query!("export/lake_month_links.sql");
    pub const LAKE_COUNTS: Query = query!("export/lake_counts.sql");
    /// The data-quality record the lake's manifest carries: the latest load of every file.
    pub const LAKE_LOADS: Query = query!("export/lake_loads.sql");
}

pub mod load_copy {
    use super::Query;
    /// Whether the database holds no table (`empty`).
    pub const DATABASE_CONTENTS: Query = query!("load_copy/database_contents.sql");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_in_the_sql_and_its_strings_never_in_comments() {
        let sql = Sql {
            name: "t",
            text: "-- /*x*/ is explained here; it's fine\nSELECT '--', /*x*/, '/*x*/' -- /*x*/\n"
                .into(),
        };
        let filled = sql.fill("/*x*/", "'a\nb'").unwrap();
        assert_eq!(
            filled.text,
            "-- /*x*/ is explained here; it's fine\nSELECT '--', 'a\nb', ''a\nb'' -- /*x*/\n"
        );
        let only_in_a_comment = Sql {
            name: "t",
            text: "-- /*x*/\nSELECT 1".into(),
        };
        assert!(only_in_a_comment.fill("/*x*/", "2").is_err());
    }

    #[test]
    fn placeholders_filled_together_are_not_searched_for_in_each_others_values() {
        let sql = Sql {
            name: "t",
            text: "SELECT /*a*/, /*b*/ FROM /*c*/".into(),
        };
        let filled = sql
            .fill_all(&[
                ("/*a*/", "'/*b*/'"),
                ("/*b*/", "'/*c*/ --'"),
                ("/*c*/", "t"),
            ])
            .unwrap();
        assert_eq!(filled.text, "SELECT '/*b*/', '/*c*/ --' FROM t");
        let missing = Sql {
            name: "t",
            text: "SELECT /*a*/".into(),
        };
        assert!(missing.fill_all(&[("/*a*/", "1"), ("/*b*/", "2")]).is_err());
    }
}
