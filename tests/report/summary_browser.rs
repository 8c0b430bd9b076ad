//! The summary's HTML in a real browser: headless Chromium (installed by `.ci/run`) renders the
//! page from a file with networking off and takes a screenshot; the PNG must show both charts,
//! each bar in its chart's colour, the longest one as wide as the chart's bar area, one bar per
//! non-zero figure, the spend chart above the idle one. Under CI a missing Chromium fails the
//! test; elsewhere it is skipped with a note. The screenshot stays in the target's tmp dir.

use crate::summary::index;
use crate::summary_html::rendered;
use crate::support::users::now;
use dormant::report::summary::doc::{IDLE_COLOUR, SPEND_COLOUR};
use dormant::report::summary::{Summary, SummaryFormat};
use std::path::{Path, PathBuf};
use std::time::Duration;

const CHROMIUM: &str = "/usr/bin/chromium";
/// Longest a cold Chromium start and screenshot may take before the test fails.
const DEADLINE: Duration = Duration::from_mins(2);

/// Chromium, or `None` (with a note) when it is absent outside CI; absent under CI fails.
fn chromium() -> Option<PathBuf> {
    let path = PathBuf::from(CHROMIUM);
    if path.is_file() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{CHROMIUM} is missing: .ci/run installs Debian's chromium package for this test"
    );
    eprintln!(
        "note: {CHROMIUM} is not installed; the browser rendering test is skipped (apt-get install chromium)"
    );
    None
}

fn rgb(hex: &str) -> [u8; 3] {
    let byte = |at: usize| u8::from_str_radix(&hex[at..at + 2], 16).expect("hex colour");
    [byte(1), byte(3), byte(5)]
}

/// The decoded screenshot: width, height and RGB pixels.
fn decode(png_path: &Path) -> (usize, usize, Vec<[u8; 3]>) {
    let file = std::io::BufReader::new(std::fs::File::open(png_path).expect("screenshot written"));
    let mut reader = png::Decoder::new(file).read_info().expect("a PNG");
    let mut buffer = vec![0; reader.output_buffer_size().expect("size")];
    let frame = reader.next_frame(&mut buffer).expect("frame");
    let channels = frame.color_type.samples();
    assert_eq!(frame.bit_depth, png::BitDepth::Eight);
    let pixels = buffer[..frame.buffer_size()]
        .chunks(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (frame.width as usize, frame.height as usize, pixels)
}

/// Per pixel row holding `colour`: the longest run of it on that row.
fn runs(width: usize, pixels: &[[u8; 3]], colour: [u8; 3]) -> Vec<(usize, usize)> {
    pixels
        .chunks(width)
        .enumerate()
        .filter_map(|(y, row)| {
            let mut longest = 0;
            let mut current = 0;
            for pixel in row {
                current = if *pixel == colour { current + 1 } else { 0 };
                longest = longest.max(current);
            }
            (longest > 0).then_some((y, longest))
        })
        .collect()
}

/// Groups of consecutive rows: one per drawn bar.
fn bands(rows: &[(usize, usize)]) -> usize {
    rows.windows(2).filter(|pair| pair[1].0 != pair[0].0 + 1).count() + usize::from(!rows.is_empty())
}

#[tokio::test]
async fn headless_chromium_draws_both_charts() {
    let Some(browser) = chromium() else { return };
    let work = tempfile::tempdir().expect("tempdir");
    let page = work.path().join("summary.html");
    std::fs::write(&page, rendered(SummaryFormat::Html)).expect("page");
    let shot_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("summary");
    std::fs::create_dir_all(&shot_dir).expect("screenshot dir");
    let shot = shot_dir.join("summary-chromium.png");
    let _ = std::fs::remove_file(&shot);
    let mut command = tokio::process::Command::new(browser);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            // No keychain or D-Bus under CI (.ci/no-keychain): keep Chromium off them.
            "--password-store=basic",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--force-color-profile=srgb",
            "--window-size=1000,2400",
        ])
        .arg(format!(
            "--user-data-dir={}",
            work.path().join("profile").display()
        ))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .env("HOME", work.path())
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true);
    let output = tokio::time::timeout(DEADLINE, command.output())
        .await
        .expect("chromium finished before the deadline")
        .expect("chromium runs");
    assert!(
        output.status.success() && shot.is_file(),
        "chromium failed: {}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );

    let (width, _, pixels) = decode(&shot);
    let summary = Summary::build(&index(), &[], now());
    let spend = runs(width, &pixels, rgb(SPEND_COLOUR));
    let idle = runs(width, &pixels, rgb(IDLE_COLOUR));
    let drawn_spend = summary
        .spend
        .products
        .iter()
        .filter(|p| p.monthly.is_some_and(|m| m.cents > 0))
        .count();
    let drawn_idle = summary.spend.bands.iter().filter(|b| b.seats > 0).count();
    assert_eq!(
        bands(&spend),
        drawn_spend,
        "one blue bar per priced product: {spend:?}"
    );
    assert_eq!(
        bands(&idle),
        drawn_idle,
        "one orange bar per non-empty band: {idle:?}"
    );
    for (name, rows) in [("spend", &spend), ("idle", &idle)] {
        let longest = rows.iter().map(|r| r.1).max().unwrap_or(0);
        assert!(
            (358..=361).contains(&longest),
            "{name} chart's longest bar is {longest} px, not 360"
        );
        assert!(rows.len() >= 17, "{name} bars are drawn 18 px high: {rows:?}");
    }
    assert!(spend[0].0 < idle[0].0, "the spend chart comes first");
}
