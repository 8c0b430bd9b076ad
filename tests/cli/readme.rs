//! The README quotes the query grammar and names commands; this keeps those quotes true.

const README: &str = include_str!("../../README.md");

#[test]
fn readme_quotes_the_query_grammar_verbatim() {
    let grammar = dormant::directory::QUERY_GRAMMAR.trim_end();
    assert!(
        README.contains(grammar),
        "README.md's query language section differs from src/directory/query/grammar.txt; copy it again"
    );
}

#[test]
fn readme_shows_the_test_command_and_every_benchmark() {
    assert!(README.contains("cargo test"));
    let manifest = include_str!("../../Cargo.toml");
    for line in manifest.lines() {
        if let Some(name) = line.strip_prefix("name = \"") {
            let name = name.trim_end_matches('"');
            if name != "dormant" {
                assert!(
                    README.contains(&format!("`{name}`")),
                    "README does not list the benchmark {name}"
                );
            }
        }
    }
}

#[test]
fn readme_lists_every_action_with_its_default_keys() {
    use dormant::tui::{Keymap, Mode};
    let keymap = Keymap::defaults().expect("default keymap");
    let keys_section = README
        .split("\n### Keys\n")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("README has a ### Keys section");
    for mode in Mode::ALL {
        // Each screen's table starts at a line naming its config table (`[keys]`, `[keys.history]`).
        let heading = format!("`{}`", mode.table());
        let table = keys_section
            .split("\n#### ")
            .find(|part| part.lines().next().is_some_and(|title| title.contains(&heading)))
            .unwrap_or_else(|| panic!("README's keys section has no #### heading with {heading}"));
        for (action, keys) in keymap.bindings(mode) {
            let row = table
                .lines()
                .find(|line| line.starts_with('|') && line.contains(&format!("`{}`", action.name())))
                .unwrap_or_else(|| panic!("README's {heading} table has no row for `{}`", action.name()));
            for key in keys {
                assert!(
                    row.contains(&format!("`{key}`")),
                    "README's {heading} row for `{}` lacks `{key}`",
                    action.name()
                );
            }
        }
    }
    assert!(README.contains("cargo run --release -- demo"));
}

/// The README names the tests that hold each promise: every test file it names must exist, so a
/// moved or renamed test cannot leave the README pointing at nothing.
#[test]
fn every_test_file_the_readme_names_exists() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut named = 0;
    for (start, _) in README.match_indices("tests/") {
        let rest = &README[start..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '/' | '.' | '-')))
            .unwrap_or(rest.len());
        let path = rest[..end].trim_end_matches('.');
        if std::path::Path::new(path)
            .extension()
            .is_some_and(|ext| ext == "rs")
        {
            named += 1;
            assert!(
                root.join(path).is_file(),
                "README names {path}, which does not exist"
            );
        }
    }
    assert!(named > 10, "the README names its tests ({named} found)");
}
