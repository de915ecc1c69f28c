//! Recognising a vendor export from the shape of its records. Works on the merged structure of
//! the file (DuckDB's `json_group_structure`), never on the rows: the candidates are the file's
//! top-level values and every object or list of objects nested inside them (an API response
//! `{"value": [...]}`, an archive wrapper `{"value": {"source": {...}}}`), shallowest first.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Shape, Source};

/// Where a file's records may sit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// JSON path from a top-level value to the records (`$` = the value itself).
    pub path: String,
    /// The path holds a list whose elements hold the records.
    pub list: bool,
    /// Inside each element of that list, the JSON path to the record: `$` for the element
    /// itself, `$."_source"` for the hits of a search response (`{"hits": {"hits": [{"_id": …,
    /// "_source": {…}}]}}`). `$` when the path is no list.
    pub item: String,
    /// Every key of the records: nested keys as dotted paths, lower-cased, with a CSV header's
    /// ` [UTC]`-style suffix removed.
    pub keys: BTreeSet<String>,
}

/// How far inside a value records are looked for.
const MAX_DEPTH: usize = 5;

/// The candidate record locations of a file whose merged structure is `structure`.
pub fn candidates(structure: &Value) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut level = vec![("$".to_string(), false, "$".to_string(), structure)];
    for _ in 0..=MAX_DEPTH {
        let mut next = Vec::new();
        for (path, list, item, value) in level {
            let Value::Object(members) = value else {
                continue;
            };
            let mut keys = BTreeSet::new();
            flatten(value, "", &mut keys);
            found.push(Candidate {
                path: path.clone(),
                list,
                item: item.clone(),
                keys,
            });
            for (key, member) in members {
                let member = (quote_member(key), member);
                match (list, member) {
                    // Inside a list's elements: objects only (a wrapper such as `_source`), the
                    // path to them taken in each element.
                    (true, (quoted, member @ Value::Object(_))) => {
                        next.push((path.clone(), true, format!("{item}.{quoted}"), member));
                    }
                    (true, _) => {}
                    (false, (quoted, member @ Value::Object(_))) => {
                        next.push((format!("{path}.{quoted}"), false, "$".into(), member));
                    }
                    (false, (quoted, Value::Array(items))) => {
                        if let Some(first @ Value::Object(_)) = items.first() {
                            next.push((format!("{path}.{quoted}"), true, "$".into(), first));
                        }
                    }
                    (false, _) => {}
                }
            }
        }
        if next.is_empty() {
            break;
        }
        level = next;
    }
    found
}

/// Every key path of an object structure, objects included, list elements' keys under the list's
/// key (`alerts.title` for `{"alerts": [{"title": …}]}`).
fn flatten(value: &Value, prefix: &str, keys: &mut BTreeSet<String>) {
    let Value::Object(members) = value else {
        return;
    };
    for (key, member) in members {
        let name = format!("{prefix}{}", normalise_key(key));
        // A flattened key (`state.value`, as json_normalize and Discover write) names its
        // parents too, as the nested object would: the shapes' keys match either writing.
        for (at, _) in name.match_indices('.').filter(|(at, _)| *at > prefix.len()) {
            keys.insert(name[..at].to_string());
        }
        keys.insert(name.clone());
        match member {
            Value::Object(_) => flatten(member, &format!("{name}."), keys),
            Value::Array(items) => {
                if let Some(item) = items.first() {
                    flatten(item, &format!("{name}."), keys);
                }
            }
            _ => {}
        }
    }
}

/// A key as matching sees it: trimmed, lower-case, without a byte-order mark or a trailing
/// ` [UTC]` / ` [Local Time]` unit (Sentinel's Logs-blade CSV headers).
pub fn normalise_key(key: &str) -> String {
    let key = key.trim().trim_start_matches('\u{feff}');
    let key = match key.rfind(" [") {
        Some(at) if key.ends_with(']') => &key[..at],
        _ => key,
    };
    key.trim().to_lowercase()
}

/// A JSON path member, quoted so that any key is safe.
pub fn quote_member(key: &str) -> String {
    format!("\"{}\"", key.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A recognised export: which source and shape, and where its records are.
#[derive(Debug, Clone)]
pub struct Recognised<'a> {
    pub source: &'a Source,
    pub shape: &'a Shape,
    pub candidate: Candidate,
}

/// How near a shape came to matching, for the error when nothing does.
#[derive(Debug, Clone)]
pub struct Near {
    pub source: String,
    pub shape: String,
    pub describe: String,
    pub matched: usize,
    pub missing: Vec<String>,
}

/// Whether `keys` satisfy one `requires` entry (`a|b` = either).
fn has(keys: &BTreeSet<String>, requirement: &str) -> bool {
    requirement
        .split('|')
        .any(|alt| keys.contains(&alt.trim().to_lowercase()))
}

/// The first candidate (shallowest) that some shape of `sources` matches; among shapes matching
/// the same candidate, the one with the most requirements (the most specific) wins, then the
/// first in name order. On failure, the nearest shapes.
pub fn recognise<'a>(
    sources: &'a [Source],
    candidates: &[Candidate],
) -> std::result::Result<Recognised<'a>, Vec<Near>> {
    for candidate in candidates {
        let mut best: Option<(&Source, &Shape)> = None;
        for source in sources {
            for shape in &source.shapes {
                let matches = shape.requires.iter().all(|r| has(&candidate.keys, r))
                    && !shape.excludes.iter().any(|r| has(&candidate.keys, r));
                if matches && best.is_none_or(|(_, b)| shape.requires.len() > b.requires.len()) {
                    best = Some((source, shape));
                }
            }
        }
        if let Some((source, shape)) = best {
            return Ok(Recognised {
                source,
                shape,
                candidate: candidate.clone(),
            });
        }
    }
    Err(nearest(sources, candidates))
}

/// Every shape with the candidate that satisfies most of its requirements, best first.
fn nearest(sources: &[Source], candidates: &[Candidate]) -> Vec<Near> {
    let mut near = Vec::new();
    for source in sources {
        for shape in &source.shapes {
            let best = candidates
                .iter()
                .map(|c| {
                    let missing: Vec<String> = shape
                        .requires
                        .iter()
                        .filter(|r| !has(&c.keys, r))
                        .cloned()
                        .collect();
                    (shape.requires.len() - missing.len(), missing)
                })
                .max_by_key(|(matched, missing)| (*matched, std::cmp::Reverse(missing.len())));
            let (matched, missing) = best.unwrap_or((0, shape.requires.clone()));
            near.push(Near {
                source: source.name.clone(),
                shape: shape.id.clone(),
                describe: shape.describe.clone(),
                matched,
                missing,
            });
        }
    }
    near.sort_by(|a, b| {
        let share = |n: &Near| n.matched as f64 / (n.matched + n.missing.len()).max(1) as f64;
        share(b)
            .total_cmp(&share(a))
            .then(b.matched.cmp(&a.matched))
            .then(a.source.cmp(&b.source))
    });
    near
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_normalised() {
        assert_eq!(normalise_key("CreatedTime [UTC]"), "createdtime");
        assert_eq!(normalise_key("\u{feff}AlertId "), "alertid");
        assert_eq!(normalise_key("a [b] c"), "a [b] c");
    }

    #[test]
    fn candidates_reach_lists_and_wrappers() {
        let s =
            json!({"responses": {"200": {"body": {"value": [{"properties": {"title": "x"}}]}}}});
        let found = candidates(&s);
        let paths: Vec<&str> = found.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(
            paths,
            vec![
                "$",
                "$.\"responses\"",
                "$.\"responses\".\"200\"",
                "$.\"responses\".\"200\".\"body\"",
                "$.\"responses\".\"200\".\"body\".\"value\"",
                "$.\"responses\".\"200\".\"body\".\"value\""
            ]
        );
        let list = &found[4];
        assert!(list.list && list.item == "$");
        assert!(list.keys.contains("properties.title"));
        // Inside the list's elements: the object each one wraps.
        let wrapped = found.last().unwrap();
        assert_eq!(
            (wrapped.path.as_str(), wrapped.list, wrapped.item.as_str()),
            (
                "$.\"responses\".\"200\".\"body\".\"value\"",
                true,
                "$.\"properties\""
            )
        );
        assert!(wrapped.keys.contains("title"));
    }

    #[test]
    fn search_hits_reach_their_source() {
        let s = json!({"took": "BIGINT", "hits": {"hits": [{"_id": "VARCHAR", "_source": {"kibana.alert.uuid": "VARCHAR"}}]}});
        let found = candidates(&s);
        assert!(found.iter().any(|c| c.path == "$.\"hits\".\"hits\""
            && c.list
            && c.item == "$.\"_source\""
            && c.keys.contains("kibana.alert.uuid")));
    }

    #[test]
    fn flattened_and_nested_keys_look_the_same() {
        let flat = candidates(&json!({"kibana.alert.uuid": "VARCHAR"}));
        let nested = candidates(&json!({"kibana": {"alert": {"uuid": "VARCHAR"}}}));
        assert!(flat[0].keys.contains("kibana.alert.uuid"));
        assert!(nested[0].keys.contains("kibana.alert.uuid"));
        assert_eq!(flat[0].keys, nested[0].keys);
    }
}
