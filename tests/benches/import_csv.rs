//! Benchmark: read a 100,000-user Atlassian "Export users" CSV (three products with access
//! columns, two groups each) from disk into a directory, and classify it. Prints figures; never
//! asserts on time. Run with `cargo bench --bench import_csv`.

use dormant::directory::{DirectoryIndex, Exclusions, Policy};
use dormant::import;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Instant;

const USERS: usize = 100_000;
const RUNS: usize = 5;
const HEADER: &str = "User id,User name,email,User status,Added to org,Org role,Group id,Group name,\
Jira - acme,Last seen in Jira - acme,Confluence - acme,Last seen in Confluence - acme,\
Jira Service Management - acme,Last seen in Jira Service Management - acme\n";
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A deterministic export: statuses, never-used products, no-access products and groups vary
/// with the row number.
fn export() -> String {
    let mut text = String::with_capacity(USERS * 260);
    text.push_str(HEADER);
    for n in 0..USERS {
        let status = match n % 20 {
            0 => "Suspended",
            1 => "Deactivated",
            _ => "Active",
        };
        let date = |offset: usize| {
            format!(
                "{:02} {} 202{}",
                1 + (n + offset) % 28,
                MONTHS[(n + offset) % 12],
                4 + (n + offset) % 2
            )
        };
        let seen = |offset: usize| match (n + offset) % 7 {
            0 => ("", String::new()),
            1 => ("User", "Never accessed".to_owned()),
            _ => ("User", date(offset)),
        };
        let (jira_access, jira) = seen(1);
        let (conf_access, conf) = seen(3);
        let (jsm_access, jsm) = seen(5);
        let group = n % 400;
        let written = writeln!(
            text,
            "712020:bench-{n:08},Person {n},person.{n}@bench.test,{status},{added},Basic,\
             \"g-all,g-{group}\",\"everyone,team {group}\",{jira_access},{jira},{conf_access},{conf},\
             {jsm_access},{jsm}",
            added = date(0)
        );
        assert!(written.is_ok());
    }
    text
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("export-users.csv");
    let text = export();
    std::fs::write(&path, &text).expect("write the export");
    println!(
        "import_csv: {USERS} users, {:.1} MiB export",
        text.len() as f64 / f64::from(1 << 20)
    );
    let mut best_read = f64::MAX;
    let mut best_classify = f64::MAX;
    for _ in 0..RUNS {
        let started = Instant::now();
        let read = import::read_export(&path, import::export_org(None)).expect("an export");
        let read_secs = started.elapsed().as_secs_f64();
        assert_eq!(read.directory.users.len(), USERS);
        assert!(read.problems.is_empty());
        let as_of = read.directory.loaded_at;
        let started = Instant::now();
        let index = DirectoryIndex::build(
            Arc::new(read.directory),
            &Policy::default(),
            &Exclusions::default(),
            as_of,
        );
        let classify_secs = started.elapsed().as_secs_f64();
        assert_eq!(index.len(), USERS);
        best_read = best_read.min(read_secs);
        best_classify = best_classify.min(classify_secs);
    }
    println!(
        "import_csv: read + parse best of {RUNS}: {:.0} ms ({:.0} users/s); classify: {:.0} ms",
        best_read * 1000.0,
        USERS as f64 / best_read,
        best_classify * 1000.0
    );
}
