//! Advice cannot drift: every command, flag and config key that a user-facing message names must
//! exist. Reads the string literals of `src/**/*.rs` (tests excluded) and checks
//! - backticked `dormant CMD … --flag` against the clap command tree,
//! - every `--flag` against the flags some command accepts,
//! - config keys (`key = …`, `[table]`, `KEY in the config` / `… in the profile`, `the config's
//!   KEY`) against what the config parser accepts (unknown keys are errors there).
//!
//! The three fixes of issue 16 that an existence check cannot see (advice that names something
//! real but does not help) have behaviour tests of their own: `tests/cli/advice_runs.rs`.

use clap::CommandFactory;
use dormant::store::config::Config;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Every `.rs` file below `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The file without its unit tests (by convention the trailing `#[cfg(test)] mod tests`).
fn without_tests(text: &str) -> &str {
    text.find("#[cfg(test)]\nmod tests")
        .map_or(text, |at| &text[..at])
}

/// The string literals of Rust source, unescaped enough to read words: escapes other than `\"`,
/// `\\`, `\n` are kept as written, and a `\` line continuation joins lines as Rust does.
fn literals(source: &str) -> Vec<String> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut at = 0;
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    while at < chars.len() {
        let c = chars[at];
        let next = chars.get(at + 1).copied();
        if c == '/' && next == Some('/') {
            while at < chars.len() && chars[at] != '\n' {
                at += 1;
            }
        } else if c == '/' && next == Some('*') {
            at += 2;
            while at + 1 < chars.len() && !(chars[at] == '*' && chars[at + 1] == '/') {
                at += 1;
            }
            at += 2;
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{1b}') or a lifetime ('a): skip the literal only.
            if next == Some('\\') {
                at += 2;
                while at < chars.len() && chars[at] != '\'' {
                    at += 1;
                }
                at += 1;
            } else if chars.get(at + 2) == Some(&'\'') {
                at += 3;
            } else {
                at += 1;
            }
        } else if c == 'r' && (at == 0 || !ident(chars[at - 1])) && matches!(next, Some('"' | '#')) {
            let mut hashes = 0;
            let mut start = at + 1;
            while chars.get(start) == Some(&'#') {
                hashes += 1;
                start += 1;
            }
            if chars.get(start) != Some(&'"') {
                at += 1;
                continue;
            }
            let closing: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let rest: String = chars[start + 1..].iter().collect();
            let end = rest.find(&closing).unwrap_or(rest.len());
            out.push(rest[..end].to_owned());
            at = start + 1 + rest[..end].chars().count() + closing.chars().count();
        } else if c == '"' {
            let mut text = String::new();
            at += 1;
            while at < chars.len() && chars[at] != '"' {
                if chars[at] == '\\' {
                    match chars.get(at + 1) {
                        Some('\n') => {
                            at += 2;
                            while at < chars.len() && chars[at].is_whitespace() {
                                at += 1;
                            }
                            continue;
                        }
                        Some('n') => text.push('\n'),
                        Some(&other) => text.push(other),
                        None => {}
                    }
                    at += 2;
                } else {
                    text.push(chars[at]);
                    at += 1;
                }
            }
            at += 1;
            out.push(text);
        } else {
            at += 1;
        }
    }
    out
}

/// Every long flag and subcommand path of the CLI.
struct Tree {
    root: clap::Command,
    all_flags: BTreeSet<String>,
}

impl Tree {
    fn new() -> Self {
        let mut root = dormant::cli::Cli::command();
        root.build();
        let mut all_flags = BTreeSet::new();
        collect_flags(&root, &mut all_flags);
        Self { root, all_flags }
    }

    /// Problems with one `dormant …` command line as a message writes it.
    fn check_command(&self, line: &str) -> Option<String> {
        let mut command = &self.root;
        let mut tokens = line.split_whitespace().skip(1).peekable();
        let mut positional_seen = false;
        while let Some(raw) = tokens.next() {
            let token =
                raw.trim_matches(|c: char| matches!(c, '[' | ']' | '(' | ')' | ',' | ';' | '.' | '|'));
            if token.is_empty() || token == "…" || token == "..." {
                continue;
            }
            if let Some(flag) = token.strip_prefix("--") {
                let name = flag.split('=').next().unwrap_or_default();
                let Some(arg) = command.get_arguments().find(|arg| arg.get_long() == Some(name)) else {
                    return Some(format!(
                        "`{line}`: `dormant {}` has no flag --{name}",
                        command_path(&self.root, command)
                    ));
                };
                let takes_value = arg.get_action().takes_values();
                if takes_value && !flag.contains('=') {
                    tokens.next();
                }
            } else if token.starts_with('-') && token.len() == 2 {
                let short = token.chars().nth(1).unwrap_or_default();
                let Some(arg) = command.get_arguments().find(|arg| arg.get_short() == Some(short)) else {
                    return Some(format!("`{line}`: no flag {token}"));
                };
                if arg.get_action().takes_values() {
                    tokens.next();
                }
            } else if !positional_seen && let Some(sub) = command.find_subcommand(token) {
                command = sub;
            } else if !positional_seen
                && command.has_subcommands()
                && command.get_positionals().next().is_none()
                && token.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            {
                return Some(format!(
                    "`{line}`: `dormant {}` has no command {token}",
                    command_path(&self.root, command)
                ));
            } else {
                positional_seen = true;
            }
        }
        None
    }
}

fn collect_flags(command: &clap::Command, out: &mut BTreeSet<String>) {
    for arg in command.get_arguments() {
        if let Some(long) = arg.get_long() {
            out.insert(long.to_owned());
        }
    }
    for sub in command.get_subcommands() {
        collect_flags(sub, out);
    }
}

/// `plan` for the plan subcommand (the root has an empty path).
fn command_path(root: &clap::Command, wanted: &clap::Command) -> String {
    fn walk(command: &clap::Command, wanted: &clap::Command, path: &mut Vec<String>) -> bool {
        if std::ptr::eq(command, wanted) {
            return true;
        }
        for sub in command.get_subcommands() {
            path.push(sub.get_name().to_owned());
            if walk(sub, wanted, path) {
                return true;
            }
            path.pop();
        }
        false
    }
    let mut path = Vec::new();
    walk(root, wanted, &mut path);
    path.join(" ")
}

/// Whether the config parser knows `key` in some table (it refuses unknown keys, so a key it
/// does not call unknown anywhere is one it reads). Key bindings are action names.
fn is_config_key(key: &str) -> bool {
    // `[prices]` takes `currency` and any product key (`jira-service-desk = 23.83`), so it
    // cannot be probed: those two shapes are accepted as they are.
    if key == "currency" || key.contains('-') {
        return true;
    }
    if dormant::tui::Action::ALL
        .iter()
        .any(|action| action.name() == key)
    {
        return true;
    }
    let tables = [
        "",
        "[profiles.p]\n",
        "[thresholds]\n",
        "[profiles.p.thresholds]\n",
        "[allowlist]\n",
        "[smtp]\n",
        "[profiles.p.smtp]\n",
        "[views.v]\n",
    ];
    tables.iter().any(|table| {
        let text = format!("{table}{key} = 0\n");
        match Config::parse(&text, Path::new("probe.toml")) {
            Ok(_) => true,
            Err(error) => !error.to_string().contains("unknown field"),
        }
    })
}

fn is_key_word(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        && word.starts_with(|c: char| c.is_ascii_lowercase())
}

/// The config keys a literal names: `key = …` and `[table.sub]` in backticks, and the word before
/// ` in the config` / ` in the profile` or after `the config's `.
fn config_keys_named(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for (index, span) in text.split('`').enumerate() {
        if index % 2 == 0 {
            continue;
        }
        if let Some((key, _)) = span.split_once(" = ")
            && is_key_word(key.trim())
        {
            keys.push(key.trim().to_owned());
        }
        if let Some(table) = span.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
            // `[profiles.NAME.thresholds]` names `thresholds`; `[keys.history]` names `keys`.
            let parts: Vec<&str> = table.split('.').collect();
            let parts = match parts.split_first() {
                Some((&"profiles", rest)) => rest.get(1..).unwrap_or_default(),
                _ => &parts[..],
            };
            if let Some(first) = parts.first().filter(|part| is_key_word(part)) {
                keys.push((*first).to_owned());
            }
        }
    }
    let plain = text.replace('`', "");
    for marker in [" in the config", " in the profile", " in your config"] {
        for (at, _) in plain.match_indices(marker) {
            let word = plain[..at].split_whitespace().last().unwrap_or_default();
            if word.contains('_') && is_key_word(word) {
                keys.push(word.to_owned());
            }
        }
    }
    for marker in ["the config's ", "the profile's "] {
        for (at, _) in plain.match_indices(marker) {
            let word = plain[at + marker.len()..]
                .split_whitespace()
                .next()
                .unwrap_or_default();
            let word = word.trim_end_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_');
            if word.contains('_') && is_key_word(word) {
                keys.push(word.to_owned());
            }
        }
    }
    keys
}

/// The long flags a literal names outside a `dormant …` command line (`--cap N, or …`).
fn flags_named(text: &str) -> Vec<String> {
    let mut flags = Vec::new();
    for (at, _) in text.match_indices("--") {
        let before = text[..at].chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '-') {
            continue;
        }
        let name: String = text[at + 2..]
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
            .collect();
        if name.len() > 1 && name.starts_with(|c: char| c.is_ascii_lowercase()) {
            flags.push(name.trim_end_matches('-').to_owned());
        }
    }
    flags
}

/// Every problem in `text`, a user-facing literal.
fn problems_in(tree: &Tree, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (index, span) in text.split('`').enumerate() {
        if index % 2 == 1
            && (span == "dormant" || span.starts_with("dormant "))
            && let Some(problem) = tree.check_command(span)
        {
            problems.push(problem);
        }
    }
    // Flags in prose, or backticked alone; a backticked line of another program
    // (`gnome-keyring-daemon --unlock`) is not dormant's to check.
    let prose: Vec<&str> = text
        .split('`')
        .enumerate()
        .filter(|(index, span)| index % 2 == 0 || span.starts_with("--"))
        .map(|(_, span)| span)
        .collect();
    for flag in prose.iter().flat_map(|span| flags_named(span)) {
        if !tree.all_flags.contains(&flag) {
            problems.push(format!("no command has a flag --{flag}"));
        }
    }
    for key in config_keys_named(text) {
        if !is_config_key(&key) {
            problems.push(format!("the config has no key `{key}`"));
        }
    }
    problems
}

#[test]
fn every_command_flag_and_config_key_in_a_message_exists() {
    let tree = Tree::new();
    let mut files = Vec::new();
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    files.sort();
    assert!(files.len() > 50, "found the sources");
    let mut problems = Vec::new();
    let mut commands_checked = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("source");
        for literal in literals(without_tests(&text)) {
            commands_checked += literal.matches("`dormant ").count();
            for problem in problems_in(&tree, &literal) {
                let shown = file.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(file);
                problems.push(format!("{}: {problem}", shown.display()));
            }
        }
    }
    assert!(commands_checked > 10, "the scan found the commands messages name");
    assert!(
        problems.is_empty(),
        "advice names what does not exist:\n{}",
        problems.join("\n")
    );
}

/// The checker itself: each kind of drift is caught (issue 16's `batch_cap` among them).
#[test]
fn the_checker_catches_each_kind_of_drift() {
    let tree = Tree::new();
    let bad = [
        "the plan acts on 600 accounts, over the cap of 500: raise batch_cap in the config",
        "set `batch_cap = 600` in the profile",
        "run `dormant reprot --format csv`",
        "run `dormant report --ofline`",
        "or add --ofline to report from the snapshot",
        "pass `--ofline`",
        "undo with `dormant undo X --force`",
        "raise the config's batch_cap",
    ];
    for text in bad {
        assert!(!problems_in(&tree, text).is_empty(), "not caught: {text}");
    }
    let good = [
        "raise it with --cap N, or `cap` in the profile's section of the config",
        "run `dormant login --profile acme` to create it",
        "undo with `dormant undo 20260301T120000Z-1a2b3c4d`",
        "run `dormant report` once without --offline",
        "set `read_only = true` in [profiles.acme]",
        "`idle_days` in the config",
        "`[keys.history]` `undo = [\"U\"]`",
        "check `base_url` in the profile, --base-url or DORMANT_BASE_URL",
        "run `gnome-keyring-daemon --unlock`",
        "a table with `currency = \"USD\"` and `product-key = monthly price per user` entries",
    ];
    for text in good {
        assert_eq!(problems_in(&tree, text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn literals_are_read_like_the_compiler_reads_them() {
    let source = concat!(
        "// \"not a literal\"\n",
        "let a = \"one \\\"quoted\\\" \\\n         joined\";\n",
        "let b = r#\"raw \"inner\"\"#;\n",
        "let c = '\"';\n",
        "fn f<'a>(x: &'a str) -> &'a str { \"last\" }\n",
    );
    assert_eq!(
        literals(source),
        ["one \"quoted\" joined", "raw \"inner\"", "last"]
    );
}
