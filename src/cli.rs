//! The command line, declared with clap derive. Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Measure how well a security operations centre works, and how mature it is, from the incident,
/// alert and automation exports it already has.
#[derive(Debug, Parser)]
#[command(
    name = "socgauge",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load exports into a socgauge database (or check that they load, without --db).
    ///
    /// Prints, per file, the rows read, loaded and rejected. Re-loading an export, or loading a
    /// newer overlapping one, never double-counts: the key is (tenant, kind, id) and the row from
    /// the later-loaded file wins.
    Ingest(IngestArgs),

    /// Compute the SOC outcome metrics (MTTD, MTTA, MTTC, MTTR, noise, automation, …) for a period.
    Metrics(MetricsArgs),

    /// List the tenants (organisations) of the data: rows, first and last timestamps, months.
    Tenants(TenantsArgs),
    /// Score the SOC on the five maturity stages across six layers, with the evidence.
    Assess(AssessArgs),

    /// Render the HTML report: summary, maturity with evidence, response times, noise,
    /// automation, coverage, data quality and definitions, in one self-contained file.
    Report(ReportArgs),

    /// The report templates.
    #[command(subcommand)]
    Templates(TemplatesCommand),

    /// The maturity questionnaire.
    #[command(subcommand)]
    Answers(AnswersCommand),

    /// List the exports socgauge reads: each source, the file shapes it takes, and which
    /// canonical fields each can and cannot provide.
    Sources(SourcesArgs),

    /// Mapping files for exports of tools without a built-in source.
    #[command(subcommand)]
    Mapping(MappingCommand),

    /// List the rejected rows a database keeps: file, line, kind, column, value and reason.
    Rejects(RejectsArgs),

    /// Write a realistic canonical export of a fictional organisation at a chosen maturity stage.
    Sample(SampleArgs),

    /// Ingest the configured exports, then write the static site: the month's portfolio, each
    /// tenant's months and reports, latest.json, history.csv and history.parquet, swapped in
    /// whole (a failed run leaves the previous site as it was).
    ///
    /// Exit codes: 0 published; 1 error (the previous site untouched); 2 usage (flags or the
    /// configuration); 3 published, but a [fail_on] condition holds (named on standard error and
    /// in latest.json).
    Publish(PublishArgs),

    /// The publishing configuration.
    #[command(subcommand)]
    Config(ConfigCommand),

    /// Write the canonical data as a Parquet lake that Spark, Trino, BigQuery, Athena and socgauge
    /// read: `DIR/<kind>/tenant=<name>/month=<YYYY-MM>/data_0.parquet` (hive-partitioned; the
    /// month of created_at, or started_at for automation, in UTC). DIR is written beside itself,
    /// then swapped in whole.
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// The folder of the lake (kinds `incidents`, `alerts`, `automation` inside it).
    #[arg(long, value_name = "DIR")]
    pub parquet: PathBuf,
    /// Replace DIR when it exists (it is replaced whole, never merged into).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct PublishArgs {
    /// The configuration file (`socgauge config init` writes a commented one). Relative paths in
    /// it are relative to its folder.
    #[arg(long, value_name = "FILE", default_value = crate::publish::config::DEFAULT_PATH)]
    pub config: PathBuf,
    /// The month to publish, in the configuration's time zone. Default: the last month the data
    /// covers completely (as `report` chooses it).
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// Also (re)publish the N months before the month (default: the configuration's `backfill`,
    /// else 0). Months published by earlier runs stay in the site either way.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=120))]
    pub backfill: Option<u32>,
    /// "Generated" time of the pages rendered (RFC 3339); default: the time of the run. Give it
    /// for byte-identical reruns. It never changes the months published.
    #[arg(long, value_name = "RFC3339")]
    pub as_of: Option<String>,
    /// How long to wait, in seconds, for another publish of the same site (its lock
    /// `.<site>.lock`) and for other processes to release the database, before giving up with
    /// "in use by another process" (default 60; 0: do not wait).
    #[arg(long, value_name = "SECONDS", default_value_t = crate::input::DEFAULT_WAIT_SECONDS,
          value_parser = clap::value_parser!(u64).range(0..=86_400))]
    pub wait: u64,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Write a commented publishing configuration, every key documented, to edit.
    Init(ConfigInitArgs),
}

#[derive(Debug, Args)]
pub struct ConfigInitArgs {
    /// Where to write it (`-` is standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE",
          default_value = crate::publish::config::DEFAULT_PATH)]
    pub output: PathBuf,
    /// Replace FILE if it exists (an edited configuration is never replaced otherwise).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct TenantsArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TenantsFormat::Table)]
    pub format: TenantsFormat,
    /// Write to FILE instead of standard output (`-` is standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TenantsFormat {
    /// Aligned text for people.
    Table,
    /// A list of {tenant, incidents, alerts, automation_runs, first_at, last_at, months}.
    Json,
}

#[derive(Debug, Args)]
pub struct SourcesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = SourcesFormat::Table)]
    pub format: SourcesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SourcesFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct RejectsArgs {
    /// socgauge database file (opened read-only).
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,

    /// Only the rejects of this loaded file (its path however spelled, or as `ingest` printed it).
    #[arg(long, value_name = "PATH")]
    pub file: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = SourcesFormat::Table)]
    pub format: SourcesFormat,

    /// Write to FILE instead of standard output (`-` is standard output).
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum MappingCommand {
    /// Write a starting mapping for FILE (CSV or JSON) by guessing from its header: review it,
    /// then load with --mapping.
    Init(MappingInitArgs),
}

#[derive(Debug, Args)]
pub struct MappingInitArgs {
    /// The export to map.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Write to FILE instead of standard output (`-` is standard output).
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// Replace OUT if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the built-in templates into DIR, to customise and pass back with --templates DIR.
    Eject(EjectArgs),
}

#[derive(Debug, Args)]
pub struct EjectArgs {
    /// Folder to write into (created if missing; existing files are never overwritten).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub period: PeriodArgs,
    #[command(flatten)]
    pub maturity: MaturityArgs,
    #[command(flatten)]
    pub owners: OwnerArgs,
    /// Folder of templates that replace built-in ones of the same name (see `templates eject`).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Output file (default socgauge-report.html, or socgauge-portfolio.html with --portfolio).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Service-level targets file (TOML; see `metrics --targets`): adds the "Service levels"
    /// section, targets and red/amber/green status on the KPI tiles, and the time saved by
    /// automation.
    #[arg(long, value_name = "FILE", conflicts_with = "portfolio")]
    pub targets: Option<PathBuf>,
    /// Also write the template context (the view-model) as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    pub dump_context: Option<PathBuf>,
    /// Generation time shown in the report (RFC 3339). Default: the time of the run. Give it for
    /// reproducible output: the same data and --as-of give the same bytes. It never changes the
    /// period measured.
    #[arg(long, value_name = "RFC3339")]
    pub as_of: Option<String>,
    /// The organisation's name in the header, instead of its tenant id.
    #[arg(long, value_name = "NAME", conflicts_with = "portfolio")]
    pub tenant_name: Option<String>,
    /// A TOML file of display names by tenant id (`acme = "ACME Corporation"`), for the header
    /// and the portfolio.
    #[arg(long, value_name = "FILE")]
    pub tenant_names: Option<PathBuf>,
    /// One report across every tenant, for a consultant or MSSP: each tenant's stages, key
    /// figures and their change, who improved and who regressed, then a short section per
    /// tenant. One common period: by default the last month the data of all tenants covers
    /// completely, as for one tenant.
    #[arg(long, conflicts_with_all = ["tenant", "answers"])]
    pub portfolio: bool,
    /// With --portfolio: also write each tenant's full report beside the portfolio, linked
    /// from it, as <portfolio name>-<tenant>.html: the tenant's name in lower-case letters,
    /// digits and `-`, with `--` and a hash of the name unless it is already written so
    /// (`portfolio-acme.html`, `portfolio-acme--1a2b3c4d.html` for `ACME`).
    // Conflicts as --portfolio does: clap waives a requirement that conflicts with a given flag.
    #[arg(long, requires = "portfolio", conflicts_with_all = ["tenant", "answers"])]
    pub with_reports: bool,
}

#[derive(Debug, Subcommand)]
pub enum AnswersCommand {
    /// Write the questionnaire as a commented TOML file to fill in.
    Init(AnswersInitArgs),
}

#[derive(Debug, Args)]
pub struct AnswersInitArgs {
    /// Write to FILE instead of standard output (`-` is standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Rubric whose questions to ask (default: the built-in rubric).
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,

    /// Replace FILE if it exists (a filled-in questionnaire is never replaced otherwise).
    #[arg(long)]
    pub force: bool,
}

/// The maturity rubric and questionnaire answers, shared by `assess` and `report`.
#[derive(Debug, Args, Clone)]
pub struct MaturityArgs {
    /// Rubric file (default: the built-in rubric, src/assess/rubric.toml).
    #[arg(long, value_name = "FILE")]
    pub rubric: Option<PathBuf>,

    /// Questionnaire answers (see `socgauge answers init`); without it the assessment is from
    /// data only.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,

    /// With --all-tenants or --portfolio: each tenant's answers, from a TOML index of
    /// `tenant id = "answers file"` lines (paths relative to the index). A tenant it leaves out
    /// is assessed from data only; a tenant id not in the data is an error.
    #[arg(long, value_name = "FILE", conflicts_with = "answers")]
    pub tenant_answers: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AssessFormat {
    /// Ladder, layer scores, evidence and recommendations for a terminal.
    Table,
    /// The documented JSON contract.
    Json,
}

#[derive(Debug, Args)]
pub struct AssessArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub period: PeriodArgs,

    #[command(flatten)]
    pub maturity: MaturityArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = AssessFormat::Table)]
    pub format: AssessFormat,
    /// Assess every tenant of the data on its own (JSON: a list of assessments, each with its
    /// tenant), over one common period: by default the month of the latest incident of any
    /// tenant. Answers belong to one organisation: give them per tenant with --tenant-answers.
    #[arg(long, conflicts_with_all = ["tenant", "answers"])]
    pub all_tenants: bool,

    /// Service-level targets file (TOML; see `metrics --targets`): the rubric may then read the
    /// business-time durations (`mtta_business.median_minutes`, …).
    #[arg(long, value_name = "FILE", conflicts_with = "all_tenants")]
    pub targets: Option<PathBuf>,

    /// Write to FILE instead of standard output (`-` is standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// How the names of incident owners (analysts, queues) are shown.
#[derive(Debug, Args, Clone, Default)]
pub struct OwnerArgs {
    /// Replace owner names (analysts, queues) by stable pseudonyms, for reports that leave the
    /// SOC: `analyst-` and ten hexadecimal digits of a keyed SHA-256 of the name. The same name
    /// (and key) gives the same pseudonym on every run and in every month. Not anonymisation:
    /// without --pseudonym-key-file, anyone who can guess the names can compute their pseudonyms.
    #[arg(long)]
    pub pseudonymise_owners: bool,

    /// With --pseudonymise-owners: a file whose first line is a secret key the pseudonyms are
    /// computed with (keep it in the SOC). Without the key, a reader who knows the analysts'
    /// names cannot tell which pseudonym is whose; another key gives unrelated pseudonyms.
    #[arg(long, value_name = "FILE", requires = "pseudonymise_owners")]
    pub pseudonym_key_file: Option<PathBuf>,
}

/// Where the data comes from: files to load, a socgauge database, or both.
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// Export files or folders to load (a folder loads every recognised file in it, by name).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// socgauge database file. Files given as PATH are loaded into it and kept; without --db the
    /// data lives in memory for this run only.
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,

    /// What the files are: `auto` recognises each file from its columns or keys; `canonical`,
    /// `mapped` (with --mapping) or a vendor (sentinel, defender, splunk, elastic, thehive, ocsf,
    /// servicenow, xsoar) reads every file as that. `socgauge sources` lists them.
    #[arg(long, value_name = "NAME", default_value = "auto")]
    pub source: String,

    /// Mapping file (TOML) for exports of any other tool: which column feeds which canonical
    /// field, value maps, timestamp format, zone. `socgauge mapping init FILE.csv` writes one.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,

    /// How local date-times without an ISO form are written in vendor exports, as a strptime
    /// pattern, e.g. `%d/%m/%Y %H:%M:%S` for day-first exports (default: month-first US forms, as
    /// Sentinel's portal and ServiceNow write them). A canonical file's times are ISO 8601; a
    /// mapping file reads other forms.
    #[arg(long, value_name = "FORMAT")]
    pub date_format: Option<String>,

    /// Tenant (organisation). When loading: the tenant of rows without one (default `default`;
    /// `ingest --tenant-override` gives it to every row). When measuring: the tenant measured
    /// (`socgauge tenants` lists them; `metrics` without it gives all tenants pooled and each).
    #[arg(long, value_name = "NAME")]
    pub tenant: Option<String>,

    /// Time zone of timestamps written without an offset: an IANA name (Europe/Paris), UTC, or a
    /// fixed offset (+02:00). Default: the mapping file's `timezone` when it names one, else UTC.
    #[arg(long, value_name = "TZ", allow_hyphen_values = true)]
    pub input_timezone: Option<String>,

    /// Fail (exit 1, database unchanged) if any row is rejected.
    #[arg(long)]
    pub strict: bool,

    /// Fail (exit 1, nothing loaded) when more than this share of a file's rows is rejected: a
    /// fraction from 0 to 1 (`1` turns the check off).
    #[arg(long, value_name = "SHARE", default_value = "0.05")]
    pub max_rejects: String,

    /// DuckDB worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<u32>,

    /// No progress line on standard error (it only shows on a terminal, after a second).
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// DuckDB memory limit, e.g. 2GB (default: a quarter of the machine's memory, at most 1.25GB);
    /// beyond it DuckDB spills to a temporary folder.
    #[arg(long, value_name = "SIZE")]
    pub memory_limit: Option<String>,

    /// How messages name these settings: the flags above, or (for `publish`) its `[[input]]`
    /// keys. Not a flag.
    #[arg(skip)]
    pub names: crate::setting_names::SettingNames,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Give every row the --tenant, replacing the tenant the rows carry (by default --tenant only
    /// names the tenant of rows without one).
    #[arg(long, requires = "tenant")]
    pub tenant_override: bool,
    /// Store the facts the metrics read (built at every load) for this socgauge version, without
    /// loading anything: after an upgrade, a database whose facts an earlier version wrote has
    /// them built again by every run that reads it, until its next load or this. Needs --db and
    /// no PATH.
    #[arg(long, requires = "db", conflicts_with = "paths")]
    pub refresh_facts: bool,
    /// How long to wait, in seconds, for other socgauge commands to release the database before
    /// giving up with "database in use by another process" (default 60; 0: do not wait).
    #[arg(long, value_name = "SECONDS", default_value_t = crate::input::DEFAULT_WAIT_SECONDS,
          value_parser = clap::value_parser!(u64).range(0..=86_400))]
    pub wait: u64,
}

/// Which period to measure. The period is the half-open interval [from, to).
#[derive(Debug, Args, Clone)]
pub struct PeriodArgs {
    /// Start of the period: a date (midnight in --timezone) or an RFC 3339 instant.
    #[arg(long, value_name = "T")]
    pub from: Option<String>,

    /// End of the period (exclusive): a date (midnight in --timezone) or an RFC 3339 instant.
    #[arg(long, value_name = "T", conflicts_with = "month")]
    pub to: Option<String>,

    /// A calendar month in --timezone, e.g. 2026-10. Default: the last month the data covers
    /// completely (the latest created_at's month if it falls on its last day, else the month before).
    #[arg(long, value_name = "YYYY-MM", conflicts_with = "from")]
    pub month: Option<String>,

    /// Time zone for dates, months and weeks: an IANA name, UTC, or a fixed offset.
    #[arg(
        long,
        value_name = "TZ",
        default_value = "UTC",
        allow_hyphen_values = true
    )]
    pub timezone: String,

    /// Measure a --from/--to period longer than 10 years (each period is 1970 to 2100 anyway).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MetricsFormat {
    /// Aligned text for people.
    Table,
    /// The documented JSON contract, for machines.
    Json,
    /// One row per metric field.
    Csv,
}

#[derive(Debug, Args)]
pub struct MetricsArgs {
    #[command(flatten)]
    pub input: InputArgs,

    #[command(flatten)]
    pub period: PeriodArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = MetricsFormat::Table)]
    pub format: MetricsFormat,
    /// Instead of one period, the N calendar months ending with the period's month, oldest first
    /// (JSON: {"months": [{"period", "metrics"}]}, metrics null for a month without data; CSV:
    /// one row per month × metric). Without --tenant, all tenants pooled.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=120))]
    pub history: Option<u32>,

    /// Service-level targets file (TOML): target minutes per severity to acknowledge, contain and
    /// resolve, a business calendar, time-saved assumptions. Adds `sla`, the business-time
    /// durations (with a `[calendar]`) and `time_saved` to the metrics (docs/metrics.md,
    /// "Service levels"; sample-data/targets.toml is an example).
    #[arg(long, value_name = "FILE", conflicts_with = "history")]
    pub targets: Option<PathBuf>,

    /// Write to FILE instead of standard output (`-` is standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub owners: OwnerArgs,

    /// CSV cells exactly as they are. By default a cell that a spreadsheet would run as a formula
    /// (starting with =, +, -, @, tab or carriage return, and not a number) is prefixed with `'`.
    #[arg(long)]
    pub raw_csv: bool,
}

/// Maturity stages, as accepted by `sample --stage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StageArg {
    Reactive,
    AlertDriven,
    SignalDriven,
    Automated,
    Autonomous,
}

#[derive(Debug, Args)]
pub struct SampleArgs {
    /// Folder to write incidents.csv, alerts.csv and automation.csv into (created if missing;
    /// existing files of those names are replaced only with --force).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Replace incidents.csv, alerts.csv and automation.csv if they exist in --out.
    #[arg(long)]
    pub force: bool,

    /// Maturity stage of the fictional organisation.
    #[arg(long, value_enum, default_value_t = StageArg::SignalDriven)]
    pub stage: StageArg,

    /// Tenant name written into every row.
    #[arg(long, value_name = "NAME", default_value = "contoso")]
    pub tenant: String,

    /// Number of calendar months of history, ending with the month before --end-month.
    #[arg(long, value_name = "N", default_value_t = 6, value_parser = clap::value_parser!(u32).range(1..=120))]
    pub months: u32,

    /// Average number of alerts per day.
    #[arg(long, value_name = "N", default_value_t = 40, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub alerts_per_day: u64,

    /// Incidents per alert, e.g. 0.1 for one incident per ten alerts, instead of the stage's
    /// own (more alerts per incident; the share of alerts linked to incidents stays the stage's).
    /// At most the stage's linked share.
    #[arg(long, value_name = "R")]
    pub incidents_per_alert: Option<f64>,

    /// Seed of the pseudo-random generator: the same seed writes the same files.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub seed: u64,

    /// First month *after* the generated history (exclusive end), e.g. 2026-11.
    #[arg(long, value_name = "YYYY-MM", default_value = "2026-11")]
    pub end_month: String,

    /// DuckDB worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<u32>,

    /// DuckDB memory limit, e.g. 2GB (default: a quarter of the machine's memory, at most 1.25GB);
    /// beyond it the generator spills to a temporary folder.
    #[arg(long, value_name = "SIZE")]
    pub memory_limit: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
