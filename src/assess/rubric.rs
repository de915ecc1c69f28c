//! The rubric: criteria per layer and stage, read from TOML and checked before any scoring.
//! The default rubric is `rubric.toml` beside this file, embedded in the binary.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::{Error, Result};

/// The embedded default rubric.
pub const DEFAULT_RUBRIC: &str = include_str!("rubric.toml");

/// The six layers, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layer {
    Identity,
    Signals,
    Detection,
    Data,
    Automation,
    Metrics,
}

impl Layer {
    pub const ALL: [Layer; 6] = [
        Layer::Identity,
        Layer::Signals,
        Layer::Detection,
        Layer::Data,
        Layer::Automation,
        Layer::Metrics,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Layer::Identity => "identity",
            Layer::Signals => "signals",
            Layer::Detection => "detection",
            Layer::Data => "data",
            Layer::Automation => "automation",
            Layer::Metrics => "metrics",
        }
    }

    /// The layer's name for people, after the seed article.
    pub fn title(self) -> &'static str {
        match self {
            Layer::Identity => "Identity — the control plane",
            Layer::Signals => "Signals — visibility",
            Layer::Detection => "Detection engineering — the logic",
            Layer::Data => "Data — the foundation",
            Layer::Automation => "AI & automation — the accelerator",
            Layer::Metrics => "Metrics — the validation",
        }
    }

    /// The layer's name in a narrow column: its title up to the dash ("Identity").
    pub fn short_title(self) -> &'static str {
        self.title().split(" — ").next().unwrap_or(self.title())
    }

    fn parse(text: &str) -> Option<Layer> {
        Layer::ALL.into_iter().find(|l| l.id() == text)
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Stage names, 1 to 5.
pub const STAGE_NAMES: [&str; 5] = [
    "Reactive",
    "Alert-Driven",
    "Signal-Driven",
    "Automated",
    "Autonomous",
];

/// The highest stage.
pub const TOP_STAGE: u8 = 5;

pub fn stage_name(stage: u8) -> &'static str {
    STAGE_NAMES
        .get(usize::from(stage.clamp(1, 5)) - 1)
        .copied()
        .unwrap_or("Reactive")
}

/// A comparison of a measured value against a threshold. Serialized as the symbol the outputs
/// print (`≥`, `>`, `≤`, `<`, `=`); the rubric spells it `>=`, `>`, `<=`, `<`, `=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Op {
    #[serde(rename = "≥")]
    Ge,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "≤")]
    Le,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "=")]
    Eq,
}

impl Op {
    fn parse(text: &str) -> Option<Op> {
        Some(match text {
            ">=" => Op::Ge,
            ">" => Op::Gt,
            "<=" => Op::Le,
            "<" => Op::Lt,
            "=" | "==" => Op::Eq,
            _ => return None,
        })
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Op::Ge => "≥",
            Op::Gt => ">",
            Op::Le => "≤",
            Op::Lt => "<",
            Op::Eq => "=",
        }
    }

    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Op::Ge => value >= threshold,
            Op::Gt => value > threshold,
            Op::Le => value <= threshold,
            Op::Lt => value < threshold,
            Op::Eq => (value - threshold).abs() < 1e-12,
        }
    }

    /// How far `value` is from passing (0 when it passes).
    pub fn gap(self, value: f64, threshold: f64) -> f64 {
        match self {
            Op::Ge | Op::Gt => (threshold - value).max(0.0),
            Op::Le | Op::Lt => (value - threshold).max(0.0),
            Op::Eq => (value - threshold).abs(),
        }
    }
}

/// One metric test: `metric op threshold`, evaluable from a sample of `min_n` (a ratio's
/// denominator, a duration's n, a change's smaller end, or the count `n_from` names).
#[derive(Debug, Clone, PartialEq)]
pub struct MetricTest {
    pub metric: String,
    pub op: Op,
    pub threshold: f64,
    pub min_n: i64,
    /// A count metric whose value is the sample of this one (tp_tactics: true_positive_alerts).
    pub n_from: Option<String>,
}

/// What a criterion tests.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// Alternative evidence: the criterion passes when any of them passes (the first is the
    /// primary measure).
    Metric(Vec<MetricTest>),
    Answer {
        question: String,
        answer: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    pub id: String,
    pub layer: Layer,
    pub stage: u8,
    pub test: Test,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    pub id: String,
    pub layer: Layer,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rubric {
    pub criteria: Vec<Criterion>,
    pub questions: Vec<Question>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRubric {
    criterion: Vec<Spanned<RawCriterion>>,
    #[serde(default)]
    question: Vec<Spanned<RawQuestion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterion {
    id: Spanned<String>,
    layer: Spanned<String>,
    stage: Spanned<i64>,
    metric: Option<Spanned<String>>,
    op: Option<Spanned<String>>,
    threshold: Option<f64>,
    min_n: Option<i64>,
    n_from: Option<Spanned<String>>,
    /// Alternative evidence, each `{ metric, op, threshold, min_n, n_from }`.
    #[serde(default)]
    or: Vec<Spanned<RawAlternative>>,
    question: Option<Spanned<String>>,
    answer: Option<bool>,
    why: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAlternative {
    metric: Spanned<String>,
    op: Spanned<String>,
    threshold: f64,
    min_n: Option<i64>,
    n_from: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Spanned<String>,
    layer: Spanned<String>,
    text: String,
}

impl Rubric {
    /// The embedded default rubric.
    pub fn default_rubric() -> Result<Rubric> {
        Rubric::parse(DEFAULT_RUBRIC, Path::new("<built-in rubric>"))
    }

    /// Reads a rubric file.
    pub fn load(path: &Path) -> Result<Rubric> {
        let text = crate::settings_file::read(path)?;
        Rubric::parse(&text, path)
    }

    /// Parses and checks a rubric: known layers, stages 2–5, known metric keys, valid operators,
    /// unique ids, questions that exist. Errors name the line.
    pub fn parse(text: &str, path: &Path) -> Result<Rubric> {
        let err = |span: std::ops::Range<usize>, message: String| Error::Config {
            path: path.to_path_buf(),
            message: format!("line {}: {message}", line_of(text, span.start)),
        };
        let raw: RawRubric = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(0, |s| line_of(text, s.start));
            Error::Config {
                path: PathBuf::from(path),
                message: format!("line {line}: {}", e.message()),
            }
        })?;

        let mut questions = Vec::new();
        let mut question_ids = BTreeSet::new();
        for q in raw.question {
            let span = q.span();
            let q = q.into_inner();
            let layer = Layer::parse(q.layer.get_ref())
                .ok_or_else(|| err(q.layer.span(), unknown_layer(q.layer.get_ref())))?;
            if !question_ids.insert(q.id.get_ref().clone()) {
                return Err(err(
                    span,
                    format!("duplicate question id `{}`", q.id.get_ref()),
                ));
            }
            questions.push(Question {
                id: q.id.into_inner(),
                layer,
                text: q.text,
            });
        }

        let known_metrics = metric_keys();
        let mut ids = BTreeSet::new();
        let mut criteria = Vec::new();
        for c in raw.criterion {
            let span = c.span();
            let c = c.into_inner();
            if !ids.insert(c.id.get_ref().clone()) {
                return Err(err(
                    c.id.span(),
                    format!("duplicate criterion id `{}`", c.id.get_ref()),
                ));
            }
            let layer = Layer::parse(c.layer.get_ref())
                .ok_or_else(|| err(c.layer.span(), unknown_layer(c.layer.get_ref())))?;
            let stage = u8::try_from(*c.stage.get_ref())
                .ok()
                .filter(|s| (2..=5).contains(s))
                .ok_or_else(|| {
                    err(
                        c.stage.span(),
                        format!("stage must be 2, 3, 4 or 5, not {}", c.stage.get_ref()),
                    )
                })?;
            let test = match (c.metric, c.question) {
                (Some(metric), None) => {
                    let op_text = c.op.ok_or_else(|| {
                        err(
                            span.clone(),
                            format!("criterion `{}` needs `op`", c.id.get_ref()),
                        )
                    })?;
                    let threshold = c.threshold.ok_or_else(|| {
                        err(
                            span.clone(),
                            format!("criterion `{}` needs `threshold`", c.id.get_ref()),
                        )
                    })?;
                    let mut tests = vec![metric_test(
                        &known_metrics,
                        metric,
                        op_text,
                        threshold,
                        c.min_n,
                        c.n_from,
                        &err,
                    )?];
                    for alt in c.or {
                        let alt = alt.into_inner();
                        tests.push(metric_test(
                            &known_metrics,
                            alt.metric,
                            alt.op,
                            alt.threshold,
                            alt.min_n,
                            alt.n_from,
                            &err,
                        )?);
                    }
                    Test::Metric(tests)
                }
                (None, Some(question)) => {
                    if !question_ids.contains(question.get_ref()) {
                        return Err(err(
                            question.span(),
                            format!(
                                "unknown question `{}`: add a [[question]] with this id",
                                question.get_ref()
                            ),
                        ));
                    }
                    let answer = c.answer.ok_or_else(|| {
                        err(
                            span.clone(),
                            format!(
                                "criterion `{}` needs `answer = true` or `false`",
                                c.id.get_ref()
                            ),
                        )
                    })?;
                    Test::Answer {
                        question: question.into_inner(),
                        answer,
                    }
                }
                _ => {
                    return Err(err(
                        span,
                        format!(
                            "criterion `{}` needs exactly one of `metric` or `question`",
                            c.id.get_ref()
                        ),
                    ))
                }
            };
            criteria.push(Criterion {
                id: c.id.into_inner(),
                layer,
                stage,
                test,
                why: c.why,
            });
        }
        criteria.sort_by_key(|c| (c.layer, c.stage));
        Ok(Rubric {
            criteria,
            questions,
        })
    }
}

/// One checked metric test: a known metric, a valid operator, a known count as `n_from`.
fn metric_test(
    known: &BTreeSet<String>,
    metric: Spanned<String>,
    op_text: Spanned<String>,
    threshold: f64,
    min_n: Option<i64>,
    n_from: Option<Spanned<String>>,
    err: &dyn Fn(std::ops::Range<usize>, String) -> Error,
) -> Result<MetricTest> {
    let unknown = |m: &Spanned<String>| {
        err(
            m.span(),
            format!(
                "unknown metric `{}`; known: {}",
                m.get_ref(),
                known.iter().cloned().collect::<Vec<_>>().join(", ")
            ),
        )
    };
    if !known.contains(metric.get_ref()) {
        return Err(unknown(&metric));
    }
    if let Some(n) = &n_from {
        if !known.contains(n.get_ref()) {
            return Err(unknown(n));
        }
    }
    // A test no value can pass or fail as written would fail for ever, without a word.
    if !threshold.is_finite() {
        return Err(err(
            metric.span(),
            format!(
                "the threshold of `{}` is {threshold}: give a number",
                metric.get_ref()
            ),
        ));
    }
    if let Some(n) = min_n.filter(|n| *n < 0) {
        return Err(err(
            metric.span(),
            format!(
                "min_n of `{}` is {n}: give the smallest sample, 0 or more",
                metric.get_ref()
            ),
        ));
    }
    let op = Op::parse(op_text.get_ref().trim()).ok_or_else(|| {
        err(
            op_text.span(),
            format!(
                "unknown operator `{}`; use >=, >, <=, < or =",
                op_text.get_ref()
            ),
        )
    })?;
    Ok(MetricTest {
        metric: metric.into_inner(),
        op,
        threshold,
        min_n: min_n.unwrap_or(0),
        n_from: n_from.map(Spanned::into_inner),
    })
}

fn unknown_layer(text: &str) -> String {
    format!("unknown layer `{text}`; layers are identity, signals, detection, data, automation, metrics")
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |t| t.matches('\n').count() + 1)
}

/// Metric keys a criterion may read: ratios and counts by key, durations by `key.field` (from
/// the metric catalog).
pub fn metric_keys() -> BTreeSet<String> {
    crate::metrics::catalog::rubric_measures()
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_rubric_is_valid_and_covers_every_layer_and_stage() {
        let r = Rubric::default_rubric().unwrap();
        for layer in Layer::ALL {
            for stage in 2..=5 {
                assert!(
                    r.criteria.iter().any(|c| c.layer == layer
                        && c.stage == stage
                        && matches!(c.test, Test::Metric(_))),
                    "{layer} {stage}"
                );
            }
        }
    }

    fn parse(text: &str) -> String {
        Rubric::parse(text, Path::new("r.toml"))
            .map(|_| String::new())
            .unwrap_or_else(|e| e.to_string())
    }

    const QUESTION: &str = "[[question]]\nid = \"q\"\nlayer = \"identity\"\ntext = \"?\"\n";

    #[test]
    fn errors_name_the_line() {
        let unknown_metric = "[[criterion]]\nid = \"a\"\nlayer = \"data\"\nstage = 2\nmetric = \"nope\"\nop = \">=\"\nthreshold = 1\nwhy = \"\"\n";
        assert!(
            parse(unknown_metric).contains("line 5: unknown metric `nope`"),
            "{}",
            parse(unknown_metric)
        );
        let nan = "[[criterion]]\nid = \"a\"\nlayer = \"data\"\nstage = 2\nmetric = \"noise_ratio\"\nop = \"<=\"\nthreshold = nan\nwhy = \"\"\n";
        assert!(
            parse(nan).contains("line 5: the threshold of `noise_ratio` is NaN"),
            "{}",
            parse(nan)
        );
        let negative = "[[criterion]]\nid = \"a\"\nlayer = \"data\"\nstage = 2\nmetric = \"noise_ratio\"\nop = \"<=\"\nthreshold = 1\nmin_n = -1\nwhy = \"\"\n";
        assert!(
            parse(negative).contains("line 5: min_n of `noise_ratio` is -1"),
            "{}",
            parse(negative)
        );
        let bad_op = "[[criterion]]\nid = \"a\"\nlayer = \"data\"\nstage = 2\nmetric = \"noise_ratio\"\nop = \"=>\"\nthreshold = 1\nwhy = \"\"\n";
        assert!(
            parse(bad_op).contains("line 6: unknown operator `=>`"),
            "{}",
            parse(bad_op)
        );
        let dup = format!("{0}{0}", "[[criterion]]\nid = \"a\"\nlayer = \"data\"\nstage = 2\nmetric = \"noise_ratio\"\nop = \"<=\"\nthreshold = 1\nwhy = \"\"\n");
        assert!(
            parse(&dup).contains("line 10: duplicate criterion id `a`"),
            "{}",
            parse(&dup)
        );
        let bad_stage = format!("{QUESTION}[[criterion]]\nid = \"a\"\nlayer = \"data\"\nstage = 7\nquestion = \"q\"\nanswer = true\nwhy = \"\"\n");
        assert!(
            parse(&bad_stage).contains("line 8: stage must be"),
            "{}",
            parse(&bad_stage)
        );
        let bad_layer = "[[criterion]]\nid = \"a\"\nlayer = \"people\"\nstage = 2\nmetric = \"noise_ratio\"\nop = \"<=\"\nthreshold = 1\nwhy = \"\"\n";
        assert!(
            parse(bad_layer).contains("line 3: unknown layer `people`"),
            "{}",
            parse(bad_layer)
        );
    }

    #[test]
    fn duration_fields_are_metric_keys() {
        let keys = metric_keys();
        assert!(keys.contains("mtta.median_minutes"));
        assert!(keys.contains("noise_ratio"));
        assert!(!keys.contains("mtta"));
    }
}
