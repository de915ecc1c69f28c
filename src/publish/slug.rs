//! Folder names of tenants in the site. A tenant id is data (from exports), so it never becomes a
//! path as it is: its slug holds only `[a-z0-9-]`, so no id (`../x`, `/etc`, NUL, right-to-left
//! marks, 300 characters) can name anything outside the site's folder.
//!
//! The rule: ASCII letters lower-cased, ASCII digits kept, every other run of characters one
//! `-`, no `-` at either end, at most [`MAX_LEN`] characters; `tenant` when nothing is left, and
//! `-tenant` after a device name Windows reserves (`con`, `nul`, `com1`, …).
//! Collisions: tenants are taken in id order (bytewise); the first keeps the slug, each later one
//! gets `-` and 8 hexadecimal digits of a hash of its id (FNV-1a, stable across versions), so that
//! its folder does not depend on which other tenants exist. A slug a site has published stays
//! with its tenant: a tenant that appears later never takes over a folder (and the links handed
//! out to it) from a tenant published before, even one sorting first.

use std::collections::{BTreeMap, BTreeSet};

/// The longest slug before a collision suffix.
pub const MAX_LEN: usize = 60;

/// The slug of one id, before collisions are resolved.
pub fn slug(id: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in id.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
            if out.len() >= MAX_LEN {
                break;
            }
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        "tenant".to_string()
    } else if is_reserved_on_windows(&out) {
        // A folder named `con` or `com1` cannot be created or copied on Windows (a site is
        // often copied to a share): the slug says it is a tenant's.
        format!("{out}-tenant")
    } else {
        out
    }
}

/// FNV-1a, 32 bits, of the id's bytes.
/// Device names Windows reserves in every folder, whatever the case.
fn is_reserved_on_windows(slug: &str) -> bool {
    matches!(slug, "con" | "prn" | "aux" | "nul")
        || ["com", "lpt"].iter().any(|device| {
            slug.strip_prefix(device)
                .is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit() && n != "0")
        })
}

fn fnv(id: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in id.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// Slugs of every id, collisions resolved (see the module documentation), `published` (id →
/// slug, as the site last published them) kept.
pub fn slugs<'a>(
    ids: impl IntoIterator<Item = &'a str>,
    published: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let ids: BTreeSet<&str> = ids.into_iter().collect();
    // Every published slug stays reserved, even for a tenant not published this time.
    let mut taken: BTreeSet<String> = published.values().cloned().collect();
    let mut out = BTreeMap::new();
    for id in &ids {
        if let Some(slug) = published.get(*id) {
            out.insert(id.to_string(), slug.clone());
        }
    }
    for id in ids.into_iter().filter(|id| !published.contains_key(*id)) {
        let base = slug(id);
        let mut candidate = base.clone();
        if taken.contains(&candidate) {
            candidate = format!("{base}-{:08x}", fnv(id));
        }
        let mut n = 2;
        while taken.contains(&candidate) {
            candidate = format!("{base}-{:08x}-{n}", fnv(id));
            n += 1;
        }
        taken.insert(candidate.clone());
        out.insert(id.to_string(), candidate);
    }
    out
}

/// Names of every id that do not depend on which other ids exist, for outputs kept without a
/// record of earlier runs (a portfolio's pages): an id that is its own slug (`acme`) keeps it;
/// any other id gets its slug, `--` and 8 hexadecimal digits of a hash of the id (`ACME` →
/// `acme--1a2b3c4d`), so that a tenant joining never takes over another's name. A slug never
/// holds `--` (runs of other characters become one `-`), so no id, however it is written, is
/// its own slug and another's hashed name. Only ids whose hashes collide (one pair in four
/// billion) meet, told apart by `-2`, `-3`… in id order.
pub fn independent_slugs<'a>(ids: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
    let ids: BTreeSet<&str> = ids.into_iter().collect();
    let mut taken = BTreeSet::new();
    let mut out = BTreeMap::new();
    for id in ids {
        let base = slug(id);
        let base = if base == id {
            base
        } else {
            format!("{base}--{:08x}", fnv(id))
        };
        let mut candidate = base.clone();
        let mut n = 2;
        while taken.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(candidate.clone());
        out.insert(id.to_string(), candidate);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn safe(s: &str) -> bool {
        !s.is_empty()
            && s.len() <= MAX_LEN + 12
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
    }

    #[test]
    fn independent_slugs_do_not_move_when_an_id_joins() {
        let before = independent_slugs(["acme", "tenant"]);
        assert_eq!(before["acme"], "acme");
        assert_eq!(before["tenant"], "tenant");
        let after = independent_slugs(["ACME", "acme", "..", "tenant"]);
        assert_eq!(after["acme"], "acme");
        assert_eq!(after["tenant"], "tenant");
        assert_eq!(after["ACME"], format!("acme--{:08x}", fnv("ACME")));
        assert!(after[".."].starts_with("tenant--"), "{after:?}");
        // An id written as another's hashed name is not its own slug (slugs hold no `--`): it
        // gets a hashed name of its own, and neither moves when the other joins.
        let lookalike = format!("acme--{:08x}", fnv("ACME"));
        let alone = independent_slugs(["ACME"]);
        let both = independent_slugs(["ACME", lookalike.as_str()]);
        assert_eq!(both["ACME"], alone["ACME"]);
        assert_eq!(
            both[lookalike.as_str()],
            format!("acme-{:08x}--{:08x}", fnv("ACME"), fnv(&lookalike))
        );
        let single_dash = format!("acme-{:08x}", fnv("ACME"));
        let both = independent_slugs(["ACME", single_dash.as_str()]);
        assert_eq!(both["ACME"], alone["ACME"]);
        assert_eq!(both[single_dash.as_str()], single_dash);
        assert!(both.values().all(|s| safe(s)), "{both:?}");
    }

    #[test]
    fn device_names_windows_reserves_are_no_folder_names() {
        assert_eq!(slug("CON"), "con-tenant");
        assert_eq!(slug("Nul"), "nul-tenant");
        assert_eq!(slug("com1"), "com1-tenant");
        assert_eq!(slug("LPT9"), "lpt9-tenant");
        assert_eq!(slug("com0"), "com0");
        assert_eq!(slug("com10"), "com10");
        assert_eq!(slug("console"), "console");
    }

    #[test]
    fn hostile_ids_become_plain_folder_names() {
        assert_eq!(slug("ACME Corp."), "acme-corp");
        assert_eq!(slug("../x"), "x");
        assert_eq!(slug("/etc"), "etc");
        assert_eq!(slug("/etc/passwd"), "etc-passwd");
        assert_eq!(slug("a\0b"), "a-b");
        assert_eq!(slug("\u{202e}cba\u{202c}"), "cba");
        assert_eq!(slug(".."), "tenant");
        assert_eq!(slug(""), "tenant");
        assert_eq!(slug("Ünïcödé"), "n-c-d");
        assert_eq!(slug(&"x".repeat(300)).len(), MAX_LEN);
        for id in [
            "../x",
            "/etc",
            "a\0b",
            "..",
            "\u{202e}",
            "C:\\win",
            "~root",
            "a/../../b",
        ] {
            assert!(safe(&slug(id)), "{id:?} → {}", slug(id));
        }
    }

    #[test]
    fn collisions_keep_the_first_in_id_order_and_suffix_the_others() {
        let none = BTreeMap::new();
        let s = slugs(["acme", "ACME", "a.c.m.e", "globex"], &none);
        // Bytewise order: "ACME" < "a.c.m.e" < "acme".
        assert_eq!(s["ACME"], "acme");
        assert_eq!(s["a.c.m.e"], "a-c-m-e");
        assert_eq!(s["acme"], format!("acme-{:08x}", fnv("acme")));
        assert_eq!(s["globex"], "globex");
        let unique: BTreeSet<&String> = s.values().collect();
        assert_eq!(unique.len(), s.len());
        // The same ids give the same slugs, whatever the order they come in.
        assert_eq!(s, slugs(["globex", "a.c.m.e", "ACME", "acme"], &none));
    }

    #[test]
    fn a_published_slug_stays_with_its_tenant() {
        // `x y` was published alone as x-y; `X Y`, sorting first, appears later.
        let published = BTreeMap::from([("x y".to_string(), "x-y".to_string())]);
        let s = slugs(["X Y", "x y"], &published);
        assert_eq!(s["x y"], "x-y");
        assert_eq!(s["X Y"], format!("x-y-{:08x}", fnv("X Y")));
        // A tenant no longer published keeps its folder from others.
        let s = slugs(["X Y"], &published);
        assert_eq!(s["X Y"], format!("x-y-{:08x}", fnv("X Y")));
    }
}
