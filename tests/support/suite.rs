//! Scale and figures for the reliability suite (issue 8): `DORMANT_SUITE=full` runs the full counts
//! the README promises (see `.ci/reliability`); the default is the smaller counts `.ci/run` affords.
//! Tables print as Markdown (visible with `--nocapture`) and are kept under the target directory.

#![allow(dead_code, clippy::unwrap_used)]

/// Whether the full matrix was asked for.
pub fn full() -> bool {
    std::env::var("DORMANT_SUITE").is_ok_and(|v| v == "full")
}

/// `ci` normally, `full` under `DORMANT_SUITE=full`.
pub fn scale<T>(ci: T, full_value: T) -> T {
    if full() { full_value } else { ci }
}

/// A results table: printed to stdout and written to `target/tmp/reliability/NAME.md`.
pub struct Table {
    name: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(name: &str, headers: &[&str]) -> Self {
        Self {
            name: name.to_owned(),
            headers: headers.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        assert_eq!(cells.len(), self.headers.len(), "one cell per column");
        self.rows.push(cells);
    }

    pub fn markdown(&self) -> String {
        let line = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
        let mut out = format!(
            "### {} ({})\n\n",
            self.name,
            if full() { "full" } else { "CI counts" }
        );
        out += &line(&self.headers);
        out += &line(&self.headers.iter().map(|_| "---".to_owned()).collect::<Vec<_>>());
        for row in &self.rows {
            out += &line(row);
        }
        out
    }

    /// Prints the table and keeps a copy next to the build, for the closing note and the README.
    pub fn publish(&self) {
        let text = self.markdown();
        println!("\n{text}");
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("reliability");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{}.md", self.name.replace(' ', "-"))), text).unwrap();
    }
}
