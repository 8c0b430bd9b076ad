//! Turns an org id into a safe snapshot file name. Owns only that mapping.
//!
//! Org ids come from the API or the command line; whatever they contain, the file name must stay
//! inside the snapshots directory and be valid on every platform. Ids that need changing get a
//! stable hash suffix so two different ids never share a file (the header check would catch it,
//! but each org should keep its own snapshot).

/// Longest org-id part kept verbatim in a file name (well under every file system's limit).
const MAX_STEM_CHARS: usize = 100;

/// `<org id>.json` when the id is plain; otherwise the safe characters plus a hash of the whole id.
#[must_use]
pub(crate) fn snapshot_file_name(org_id: &str) -> String {
    let is_plain = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let plain = !org_id.is_empty()
        && org_id.len() <= MAX_STEM_CHARS
        && org_id.chars().all(is_plain)
        && !is_reserved_windows_name(org_id);
    if plain {
        return format!("{org_id}.json");
    }
    let stem: String = org_id
        .chars()
        .map(|c| if is_plain(c) { c } else { '_' })
        .take(MAX_STEM_CHARS)
        .collect();
    format!("{stem}-{:016x}.json", fnv1a(org_id.as_bytes()))
}

/// FNV-1a: tiny, and unlike the std hasher its output is fixed forever, so file names stay stable
/// across Rust releases.
fn fnv1a(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(PRIME))
}

fn is_reserved_windows_name(stem: &str) -> bool {
    let upper = stem.to_ascii_uppercase();
    matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && upper.as_bytes()[3].is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_ids_are_kept() {
        assert_eq!(
            snapshot_file_name("9f2c1b7a-44d0-4c6e-a1f3-2b8d7e6c5a41"),
            "9f2c1b7a-44d0-4c6e-a1f3-2b8d7e6c5a41.json"
        );
    }

    #[test]
    fn hostile_ids_stay_inside_the_directory_and_do_not_collide() {
        for id in [
            "../../etc/passwd",
            "a/b",
            "a\\b",
            "",
            ".",
            "..",
            "con",
            "x\0y",
            "é",
        ] {
            let name = snapshot_file_name(id);
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
                "{id:?} -> {name}"
            );
            assert!(!name.starts_with('.'), "{id:?} -> {name}");
        }
        assert_ne!(snapshot_file_name("a/b"), snapshot_file_name("a_b"));
        assert_ne!(snapshot_file_name("a/b"), snapshot_file_name("a\\b"));
        let long = "x".repeat(500);
        assert!(snapshot_file_name(&long).len() < 130);
    }
}
