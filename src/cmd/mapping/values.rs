//! Guessing canonical values from the distinct values of a column (`mapping init`): the few
//! spellings tools use for severities (P1–P5, 1–5, 0–100 scores, `3 - Moderate`, `Sev-2`),
//! statuses, verdicts, who closed, and automation action kinds and outcomes. Works on at most
//! a hundred distinct values that DuckDB counted; every guess says why, for the user to check.

/// One distinct value of a column and how the loader reads it without a map (`native`: `None` =
/// not a canonical spelling).
#[derive(Debug, Clone)]
pub struct Seen {
    pub value: String,
    pub native: Option<String>,
}

/// What `mapping init` proposes for one enumerated field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Proposal {
    /// Source value → canonical value, for values the loader does not read as they are.
    pub map: Vec<(String, String)>,
    /// A DuckDB expression over `{column}` instead of a map (numeric score scales).
    pub expr: Option<String>,
    /// Values neither read as they are nor guessed: rows holding them would be rejected.
    pub unknown: Vec<String>,
    /// Why, in one line (written as a comment).
    pub why: String,
}

/// The number a value starts with and the label after it: `3 - Moderate` → (3, "moderate"),
/// `P1` → (1, ""), `Sev-2` → (2, ""), with the letters before the number (`p`, `sev`).
fn numbered(value: &str) -> Option<(String, u32, String)> {
    let lower = value.trim().to_lowercase();
    let prefix: String = lower
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let rest = lower[prefix.len()..].trim_start_matches([' ', '-', '_', ':', '.', '#']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let known_prefix = [
        "", "p", "sev", "severity", "s", "priority", "prio", "level", "lvl", "l",
    ];
    if !known_prefix.contains(&prefix.as_str()) {
        return None;
    }
    let after = rest[digits.len()..].trim_start_matches([' ', '-', '_', ':', '.', ')', '–']);
    if after.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((prefix, digits.parse().ok()?, after.trim().to_string()))
}

/// A severity word (`moderate`, `crit`, `sev high`) as canonical.
fn severity_word(word: &str) -> Option<&'static str> {
    let w = word.trim().to_lowercase();
    let w = w
        .trim_start_matches("severity")
        .trim_start_matches("sev")
        .trim();
    [
        ("informational", "informational"),
        ("information", "informational"),
        ("info", "informational"),
        ("planning", "informational"),
        ("none", "informational"),
        ("very low", "low"),
        ("low", "low"),
        ("minor", "low"),
        ("moderate", "medium"),
        ("medium", "medium"),
        ("med", "medium"),
        ("normal", "medium"),
        ("major", "high"),
        ("high", "high"),
        ("very high", "critical"),
        ("critical", "critical"),
        ("crit", "critical"),
        ("urgent", "critical"),
        ("emergency", "critical"),
        ("severe", "critical"),
    ]
    .iter()
    .find(|(k, _)| w == *k || w.starts_with(&format!("{k} ")))
    .map(|(_, v)| *v)
}

/// Severities: words, numbered labels, P/Sev scales (1 is the most severe; P0 too), bare 1–5
/// levels (most severe first when the column is a priority or urgency, else last), and score
/// scales above 10 as an expression with bands.
pub fn severity(column: &str, seen: &[Seen]) -> Proposal {
    let name = column.to_lowercase();
    let descending_name = ["prio", "urgen", "impact"].iter().any(|k| name.contains(k));
    let numbers: Vec<f64> = seen
        .iter()
        .filter_map(|s| s.value.trim().parse::<f64>().ok())
        .collect();
    let all_numeric = !seen.is_empty() && numbers.len() == seen.len();
    let max = numbers.iter().copied().fold(f64::MIN, f64::max);
    let min = numbers.iter().copied().fold(f64::MAX, f64::min);
    if all_numeric && (max > 5.0 || numbers.iter().any(|n| n.fract() != 0.0)) {
        let c = format!("{{{column}}}");
        let (bands, why) = if max <= 10.0 {
            (
                [(9.0, "critical"), (7.0, "high"), (4.0, "medium"), (0.1, "low")],
                "a 0–10 score: CVSS bands (9 critical, 7 high, 4 medium, above 0 low, 0 informational)",
            )
        } else {
            (
                [(74.0, "critical"), (48.0, "high"), (22.0, "medium"), (0.1, "low")],
                "a 0–100 score: Elastic's risk-score bands (74 critical, 48 high, 22 medium, above 0 low, 0 informational)",
            )
        };
        let arms: String = bands
            .iter()
            .map(|(at, sev)| format!(" WHEN TRY_CAST({c} AS DOUBLE) >= {at} THEN '{sev}'"))
            .collect();
        return Proposal {
            expr: Some(format!(
                "CASE{arms} WHEN TRY_CAST({c} AS DOUBLE) >= 0 THEN 'informational' ELSE {c} END"
            )),
            why: format!("values from {min} to {max}: {why}"),
            ..Proposal::default()
        };
    }
    let scale_has_zero = seen
        .iter()
        .filter_map(|s| numbered(&s.value))
        .any(|(p, n, l)| n == 0 && (!p.is_empty() || l.is_empty()));
    let levels_max = seen
        .iter()
        .filter_map(|s| numbered(&s.value))
        .filter(|(p, _, l)| p.is_empty() && l.is_empty())
        .map(|(_, n, _)| n)
        .max()
        .unwrap_or(0);
    let mut reasons = Vec::new();
    let p = propose(seen, |value| {
        if let Some(word) = severity_word(value) {
            return Some((word, "word"));
        }
        let (prefix, n, label) = numbered(value)?;
        if let Some(word) = severity_word(&label) {
            return Some((word, "label after the number"));
        }
        if !label.is_empty() {
            return None;
        }
        let top_first = ["critical", "high", "medium", "low", "informational"];
        if !prefix.is_empty() || descending_name {
            // P1 / Sev-1 / priority 1 is the most severe; a scale with 0 starts one higher.
            let at = if scale_has_zero {
                n
            } else {
                n.saturating_sub(1)
            };
            return Some((
                top_first[usize::try_from(at).unwrap_or(4).min(4)],
                "1 is the most severe",
            ));
        }
        // Bare severity levels: the most severe is the highest number (TheHive 1–4, 1–5 scales).
        let scale: &[&str] = if levels_max <= 4 {
            &["low", "medium", "high", "critical"]
        } else {
            &["informational", "low", "medium", "high", "critical"]
        };
        let at = usize::try_from(n.max(1) - 1).ok()?;
        scale
            .get(at)
            .map(|s| (*s, "highest number is the most severe"))
    });
    for (_, why) in &p.1 {
        if !reasons.contains(why) {
            reasons.push(*why);
        }
    }
    finish(p.0, &reasons, "severity")
}

/// The canonical word a label contains, checked in order (first match wins).
fn label_of(value: &str, table: &[(&str, &'static str)]) -> Option<&'static str> {
    let lower = value.trim().to_lowercase();
    let label = match numbered(&lower) {
        Some((_, _, label)) if !label.is_empty() => label,
        _ => lower,
    };
    let label = label.replace(['_', '-'], " ");
    table
        .iter()
        .find(|(k, _)| label == *k || label.starts_with(&format!("{k} ")) || label.contains(k))
        .map(|(_, v)| *v)
}

/// Statuses: lifecycle words, numbered labels (`1 - New`), and ServiceNow's numeric
/// `incident_state` codes when every value is a number and the column is a state.
pub fn status(column: &str, seen: &[Seen]) -> Proposal {
    let all_numeric =
        !seen.is_empty() && seen.iter().all(|s| s.value.trim().parse::<u32>().is_ok());
    if all_numeric && column.to_lowercase().contains("state") {
        let p = propose(seen, |v| {
            let code = match v.trim() {
                "1" => "new",
                "2" | "3" | "4" | "5" => "active",
                "6" | "7" | "8" => "closed",
                _ => return None,
            };
            Some((code, "ServiceNow incident_state codes (1 New, 2 In Progress, 3 On Hold, 6 Resolved, 7 Closed, 8 Canceled)"))
        });
        return finish(p.0, &["ServiceNow incident_state codes (1 New, 2 In Progress, 3 On Hold, 6 Resolved, 7 Closed, 8 Canceled)"], "status");
    }
    let table: &[(&str, &'static str)] = &[
        ("merged", "redirected"),
        ("duplicate", "redirected"),
        ("redirected", "redirected"),
        ("cancel", "closed"),
        ("closed", "closed"),
        ("resolved", "closed"),
        ("done", "closed"),
        ("complete", "closed"),
        ("dismissed", "closed"),
        ("fixed", "closed"),
        ("solved", "closed"),
        ("not started", "new"),
        ("unassigned", "new"),
        ("triggered", "new"),
        ("new", "new"),
        ("open", "new"),
        ("draft", "new"),
        ("queued", "new"),
        ("to do", "new"),
        ("todo", "new"),
        ("in progress", "active"),
        ("progress", "active"),
        ("active", "active"),
        ("assigned", "active"),
        ("acknowledged", "active"),
        ("investigat", "active"),
        ("hold", "active"),
        ("pending", "active"),
        ("awaiting", "active"),
        ("waiting", "active"),
        ("escalated", "active"),
        ("analysis", "active"),
        ("contain", "active"),
        ("eradicat", "active"),
        ("recover", "active"),
        ("review", "active"),
        ("triage", "active"),
        ("work", "active"),
    ];
    let p = propose(seen, |v| label_of(v, table).map(|c| (c, "lifecycle word")));
    finish(p.0, &["by the lifecycle word each value holds"], "status")
}

/// Verdicts: benign before false before true (`benign true positive` is benign), then
/// undetermined; anything else (`Duplicate`, `Solved`) is left for the user.
pub fn verdict(seen: &[Seen]) -> Proposal {
    let table: &[(&str, &'static str)] = &[
        ("benign", "benign_positive"),
        ("expected", "benign_positive"),
        ("authori", "benign_positive"),
        ("legitimate", "benign_positive"),
        ("pentest", "benign_positive"),
        ("security test", "benign_positive"),
        ("approved", "benign_positive"),
        ("false positive", "false_positive"),
        ("false alarm", "false_positive"),
        ("falsepositive", "false_positive"),
        ("not malicious", "false_positive"),
        ("noise", "false_positive"),
        ("true positive", "true_positive"),
        ("truepositive", "true_positive"),
        ("confirmed", "true_positive"),
        ("malicious", "true_positive"),
        ("compromise", "true_positive"),
        ("real attack", "true_positive"),
        ("attack", "true_positive"),
        ("undetermined", "undetermined"),
        ("indeterminate", "undetermined"),
        ("inconclusive", "undetermined"),
        ("unknown", "undetermined"),
        ("not determined", "undetermined"),
        ("insufficient", "undetermined"),
    ];
    let p = propose(seen, |v| {
        let lower = v.trim().to_lowercase();
        match lower.as_str() {
            "tp" => return Some(("true_positive", "verdict word")),
            "fp" => return Some(("false_positive", "verdict word")),
            "bp" | "btp" => return Some(("benign_positive", "verdict word")),
            _ => {}
        }
        label_of(v, table).map(|c| (c, "verdict word"))
    });
    finish(
        p.0,
        &["by the verdict word each value holds"],
        "classification",
    )
}

/// Who closed: service accounts, playbooks and bots are automation, assistants are AI, every
/// other value (a person) is human.
pub fn closed_by(seen: &[Seen]) -> Proposal {
    let automation = [
        "automation",
        "automated",
        "auto",
        "playbook",
        "soar",
        "bot",
        "system",
        "script",
        "flow",
        "integration",
        "rule",
        "api",
        "service",
        "svc",
    ];
    let ai = ["copilot", "agent", "llm", "gpt"];
    let p = propose(seen, |v| {
        let lower = v.trim().to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if lower == "ai" || words.iter().any(|w| ai.contains(w) || *w == "ai") {
            Some(("ai", "assistant"))
        } else if words
            .iter()
            .any(|w| automation.iter().any(|a| w.starts_with(a)))
        {
            Some(("automation", "service account, playbook or bot"))
        } else {
            Some(("human", "a person"))
        }
    });
    finish(
        p.0,
        &["playbooks, bots and service accounts are automation; assistants ai; every other value a person (human)"],
        "closed_by",
    )
}

/// Automation action kinds, from the verb the action's name starts with or holds.
pub fn action(seen: &[Seen]) -> Proposal {
    let table: &[(&str, &'static str)] = &[
        ("isolate", "contain"),
        ("quarantine", "contain"),
        ("block", "contain"),
        ("disable", "contain"),
        ("suspend", "contain"),
        ("revoke", "contain"),
        ("contain", "contain"),
        ("kill", "contain"),
        ("stop", "contain"),
        ("remediat", "remediate"),
        ("delete", "remediate"),
        ("remove", "remediate"),
        ("reset", "remediate"),
        ("restore", "remediate"),
        ("release", "remediate"),
        ("unisolate", "remediate"),
        ("clean", "remediate"),
        ("notify", "notify"),
        ("email", "notify"),
        ("send", "notify"),
        ("message", "notify"),
        ("page", "notify"),
        ("slack", "notify"),
        ("teams", "notify"),
        ("comment", "notify"),
        ("close", "close"),
        ("resolve", "close"),
        ("triage", "triage"),
        ("assign", "triage"),
        ("classif", "triage"),
        ("priorit", "triage"),
        ("severity", "triage"),
        ("tag", "triage"),
        ("enrich", "enrich"),
        ("lookup", "enrich"),
        ("reputation", "enrich"),
        ("whois", "enrich"),
        ("geo", "enrich"),
        ("query", "enrich"),
        ("search", "enrich"),
        ("get", "enrich"),
        ("investigat", "enrich"),
        ("collect", "enrich"),
        ("scan", "enrich"),
    ];
    let p = propose(seen, |v| label_of(v, table).map(|c| (c, "verb")));
    finish(p.0, &["by the verb each action holds"], "action")
}

/// Automation outcomes.
pub fn outcome(seen: &[Seen]) -> Proposal {
    let table: &[(&str, &'static str)] = &[
        ("partial", "failure"),
        ("fail", "failure"),
        ("error", "failure"),
        ("timeout", "failure"),
        ("timed out", "failure"),
        ("abort", "failure"),
        ("cancel", "failure"),
        ("success", "success"),
        ("succeed", "success"),
        ("complete", "success"),
        ("done", "success"),
        ("ok", "success"),
    ];
    let p = propose(seen, |v| label_of(v, table).map(|c| (c, "word")));
    finish(p.0, &["by the word each outcome holds"], "outcome")
}

type Guess = (&'static str, &'static str);

/// Runs `guess` on every value the loader does not read as it is.
fn propose(
    seen: &[Seen],
    guess: impl Fn(&str) -> Option<Guess>,
) -> (Proposal, Vec<(String, &'static str)>) {
    let mut p = Proposal::default();
    let mut reasons = Vec::new();
    for s in seen {
        if s.native.is_some() {
            continue;
        }
        match guess(&s.value) {
            Some((canonical, why)) => {
                p.map.push((s.value.clone(), canonical.to_string()));
                reasons.push((s.value.clone(), why));
            }
            None => p.unknown.push(s.value.clone()),
        }
    }
    (p, reasons)
}

fn finish(mut p: Proposal, reasons: &[&str], field: &str) -> Proposal {
    p.why = if p.map.is_empty() && p.unknown.is_empty() {
        // `native`: the loader reads each value as it is (canonical, or a spelling it takes).
        format!("the loader reads every value as a {field} as it is")
    } else {
        reasons.join("; ")
    };
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(values: &[&str]) -> Vec<Seen> {
        values
            .iter()
            .map(|v| Seen {
                value: v.to_string(),
                native: None,
            })
            .collect()
    }

    fn map_of(p: &Proposal) -> Vec<(&str, &str)> {
        p.map
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect()
    }

    #[test]
    fn severity_scales() {
        let p = severity("Priority", &seen(&["P1", "P2", "P3", "P4", "P5"]));
        assert_eq!(
            map_of(&p),
            vec![
                ("P1", "critical"),
                ("P2", "high"),
                ("P3", "medium"),
                ("P4", "low"),
                ("P5", "informational")
            ]
        );
        let p = severity("Impact", &seen(&["3 - Moderate", "1 - High", "4 - Minor"]));
        assert_eq!(
            map_of(&p),
            vec![
                ("3 - Moderate", "medium"),
                ("1 - High", "high"),
                ("4 - Minor", "low")
            ]
        );
        let p = severity("Severity", &seen(&["Sev-2", "Sev-1", "Sev-0"]));
        assert_eq!(
            map_of(&p),
            vec![
                ("Sev-2", "medium"),
                ("Sev-1", "high"),
                ("Sev-0", "critical")
            ]
        );
        // Bare levels of a severity column: highest is most severe (TheHive's 1–4).
        let p = severity("severity", &seen(&["1", "2", "3", "4"]));
        assert_eq!(p.map[3], ("4".into(), "critical".into()));
        assert_eq!(p.map[0], ("1".into(), "low".into()));
        // Of a priority column: 1 is most severe.
        let p = severity("urgency", &seen(&["1", "5"]));
        assert_eq!(map_of(&p), vec![("1", "critical"), ("5", "informational")]);
        // Scores: an expression with bands.
        let p = severity("risk_score", &seen(&["21", "47", "73", "99"]));
        let expr = p.expr.unwrap();
        assert!(expr.contains(">= 74 THEN 'critical'"), "{expr}");
        assert!(p.map.is_empty());
        let p = severity("sev", &seen(&["Purple"]));
        assert_eq!(p.unknown, vec!["Purple".to_string()]);
    }

    #[test]
    fn status_verdict_closed_by_action() {
        let p = status("incident_state", &seen(&["1", "2", "6", "7", "8"]));
        assert_eq!(p.map[4], ("8".into(), "closed".into()));
        let p = status(
            "State",
            &seen(&[
                "Awaiting User Info",
                "1 - New",
                "Work in Progress",
                "Closed - Resolved",
            ]),
        );
        assert_eq!(
            map_of(&p),
            vec![
                ("Awaiting User Info", "active"),
                ("1 - New", "new"),
                ("Work in Progress", "active"),
                ("Closed - Resolved", "closed")
            ]
        );
        let p = verdict(&seen(&[
            "Benign True Positive",
            "False Alarm",
            "Confirmed attack",
            "Duplicate",
        ]));
        assert_eq!(
            map_of(&p),
            vec![
                ("Benign True Positive", "benign_positive"),
                ("False Alarm", "false_positive"),
                ("Confirmed attack", "true_positive")
            ]
        );
        assert_eq!(p.unknown, vec!["Duplicate".to_string()]);
        let p = closed_by(&seen(&["svc-soar", "Jane Doe", "Security Copilot"]));
        assert_eq!(
            map_of(&p),
            vec![
                ("svc-soar", "automation"),
                ("Jane Doe", "human"),
                ("Security Copilot", "ai")
            ]
        );
        let p = action(&seen(&[
            "Isolate device",
            "Send email",
            "VirusTotal lookup",
        ]));
        assert_eq!(
            map_of(&p),
            vec![
                ("Isolate device", "contain"),
                ("Send email", "notify"),
                ("VirusTotal lookup", "enrich")
            ]
        );
    }
}
