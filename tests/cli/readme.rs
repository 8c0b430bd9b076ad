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
    let keymap = dormant::tui::Keymap::defaults().expect("default keymap");
    for (action, keys) in keymap.bindings() {
        let row = README
            .lines()
            .find(|line| line.starts_with('|') && line.contains(&format!("`{}`", action.name())))
            .unwrap_or_else(|| panic!("README's keys table has no row for `{}`", action.name()));
        for key in keys {
            assert!(
                row.contains(&format!("`{key}`")),
                "README's row for `{}` lacks `{key}`",
                action.name()
            );
        }
    }
    assert!(README.contains("cargo run --release -- demo"));
}
