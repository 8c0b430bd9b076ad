//! Benchmark: save and reopen a 100,000-user directory snapshot, and render the report from it.
//! Prints figures; never asserts on time. Run with `cargo bench --bench cache`.
//!
//! The reopen is measured in a fresh child process (this binary re-run with `--reopen-only`), so
//! its peak memory is not hidden by memory the generator already holds.

use chrono::{DateTime, Duration, TimeZone, Utc};
use dormant::directory::{
    AccountId, AccountStatus, AccountType, Activity, ClaimStatus, DataSource, Directory, DirectoryId,
    DirectoryIndex, DirectoryInfo, Domain, Exclusions, Group, GroupId, GroupManagedBy, Interner,
    ManagementSource, MembershipStatus, Org, PlatformRole, Policy, ProductActivity, User, UserStatus,
};
use dormant::report::{self, Format, Selection};
use dormant::store::{CacheRead, Paths, SnapshotCache};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

const USERS: usize = 100_000;
const GROUPS: usize = 400;
const ORG_ID: &str = "9f2c1b7a-44d0-4c6e-a1f3-2b8d7e6c5a41";
const REOPEN_RUNS: usize = 5;

const FIRST: [&str; 12] = [
    "Alexandra",
    "Bartholomew",
    "Christopher",
    "Dominique",
    "Evangeline",
    "Frederick",
    "Guinevere",
    "Hieronymus",
    "Isabella",
    "Jonathan",
    "Konstantin",
    "Leopoldine",
];
const LAST: [&str; 10] = [
    "Vandenberghe",
    "Okonkwo-Smith",
    "Fitzgerald",
    "Yamamoto",
    "Abernathy",
    "Castellanos",
    "Rasmussen",
    "Wojciechowski",
    "Papadopoulos",
    "Montgomery",
];
const PRODUCTS: [&str; 5] = ["jira", "confluence", "jira-servicedesk", "loom", "bitbucket"];

/// splitmix64: seeded, so every run measures the same org.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn below_i64(&mut self, bound: i64) -> i64 {
        i64::try_from(self.next() % bound.unsigned_abs()).expect("below an i64 bound")
    }

    fn uuid(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            (b >> 48) & 0xffff,
            b & 0xffff_ffff_ffff
        )
    }
}

fn epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0)
        .single()
        .expect("valid date")
}

fn synthetic_directory() -> Directory {
    let mut rng = Rng(0x00d0_4a47);
    let groups: Vec<Group> = (0..GROUPS)
        .map(|index| Group {
            id: GroupId::from(rng.uuid()),
            name: format!(
                "{}-users-engineering-division-{index}",
                PRODUCTS[index % PRODUCTS.len()]
            ),
            description: Some("Grants product access to the members of this division".to_owned()),
            directory_id: Some(DirectoryId::from("dir-main")),
            external_synced: index % 3 == 0,
            managed_by: Some(GroupManagedBy::Admins),
            user_count: Some(1_000),
            grants: Vec::new(),
            modifiable: None,
        })
        .collect();
    // Shared as a load shares them (group and directory ids are shared by cloning).
    let mut interner = Interner::default();
    let users = (0..USERS)
        .map(|index| {
            let first = FIRST[rng.below(FIRST.len())];
            let last = LAST[rng.below(LAST.len())];
            let product_count = 3 + rng.below(2);
            let start = rng.below(PRODUCTS.len());
            let activity = if rng.below(20) == 0 {
                Activity::Unknown
            } else {
                Activity::Known(
                    (0..product_count)
                        .map(|offset| {
                            let key = PRODUCTS[(start + offset) % PRODUCTS.len()];
                            ProductActivity {
                                product: interner.id(key),
                                product_id: Some(interner.id(&format!("ari:cloud:{key}::site/{ORG_ID}"))),
                                last_active: (rng.below(10) != 0)
                                    .then(|| epoch() - Duration::minutes(rng.below_i64(400 * 24 * 60))),
                            }
                        })
                        .collect(),
                )
            };
            let group_count = 3 + rng.below(4);
            User {
                account_id: AccountId::from(format!("712020:{}", rng.uuid())),
                account_type: AccountType::Atlassian,
                name: format!("{first} {} {last}", FIRST[rng.below(FIRST.len())]),
                nickname: Some(first.to_owned()),
                email: Some(
                    format!("{first}.{last}.{index}@subsidiary.example-corporation.com").to_lowercase(),
                ),
                claim_status: ClaimStatus::Managed,
                management_source: Some(if index % 2 == 0 {
                    ManagementSource::Synced
                } else {
                    ManagementSource::Invited
                }),
                status: UserStatus::Active,
                account_status: AccountStatus::Active,
                membership_status: MembershipStatus::Active,
                platform_roles: if index % 500 == 0 {
                    vec![PlatformRole::SiteAdmin]
                } else {
                    vec![]
                },
                added_to_org: Some(epoch() - Duration::days(rng.below_i64(2_000))),
                activity,
                groups: (0..group_count)
                    .map(|_| groups[rng.below(GROUPS)].id.clone())
                    .collect(),
                directories: vec![DirectoryId::from("dir-main")],
            }
        })
        .collect();
    Directory {
        org: Org {
            id: ORG_ID.to_owned(),
            name: "Acme Corporation".to_owned(),
        },
        directories: vec![DirectoryInfo {
            id: DirectoryId::from("dir-main"),
            name: "Acme".to_owned(),
        }],
        domains: vec![Domain {
            name: "example-corporation.com".to_owned(),
            verified: true,
        }],
        groups,
        sites: Vec::new(),
        users,
        loaded_at: epoch(),
        source: DataSource::Api {
            base_url: "http://127.0.0.1:9000/".to_owned(),
        },
    }
}

/// A `/proc/self/status` figure in KiB (`VmRSS`, `VmHWM`); `None` off Linux.
fn proc_status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// CPU time this process has run, from `/proc/self/schedstat` (ns); on a shared machine it shows
/// the cost apart from the wait for a core.
fn cpu_ms() -> Option<f64> {
    let schedstat = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    let nanos: f64 = schedstat.split_whitespace().next()?.parse().ok()?;
    Some(nanos / 1e6)
}

fn cpu_since(start: Option<f64>) -> String {
    cpu_ms().zip(start).map_or_else(
        || "cpu n/a".to_owned(),
        |(now, start)| format!("cpu {:.0} ms", now - start),
    )
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(
        || "n/a".to_owned(),
        |kib| format!("{:.1} MiB", kib as f64 / 1024.0),
    )
}

fn reopen_only(root: &Path) {
    let cache = SnapshotCache::new(&Paths::under(root));
    let rss_before = proc_status_kib("VmRSS:");
    let (started, cpu_start) = (Instant::now(), cpu_ms());
    let read = cache.load(ORG_ID);
    let (elapsed, cpu) = (started.elapsed(), cpu_since(cpu_start));
    let CacheRead::Loaded(snapshot) = read else {
        panic!("snapshot not reopened: {read:?}")
    };
    let (rss_after, peak) = (proc_status_kib("VmRSS:"), proc_status_kib("VmHWM:"));
    println!(
        "reopen (fresh process): {:.0} ms wall, {cpu}, {} users",
        elapsed.as_secs_f64() * 1e3,
        snapshot.directory.users.len()
    );
    println!(
        "  RSS before {}, after {} (retained +{}), peak {} (peak delta +{})",
        mib(rss_before),
        mib(rss_after),
        mib(rss_after.zip(rss_before).map(|(a, b)| a.saturating_sub(b))),
        mib(peak),
        mib(peak.zip(rss_before).map(|(a, b)| a.saturating_sub(b))),
    );

    let mut runs: Vec<(f64, f64)> = (0..REOPEN_RUNS)
        .map(|_| {
            let (started, cpu_start) = (Instant::now(), cpu_ms().unwrap_or(0.0));
            let read = cache.load(ORG_ID);
            let elapsed = started.elapsed().as_secs_f64() * 1e3;
            let cpu = cpu_ms().unwrap_or(0.0) - cpu_start;
            assert!(matches!(read, CacheRead::Loaded(_)));
            (elapsed, cpu)
        })
        .collect();
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (min, median, max) = (runs[0], runs[REOPEN_RUNS / 2], runs[REOPEN_RUNS - 1]);
    println!(
        "reopen x{REOPEN_RUNS} (warm page cache), wall/cpu ms: min {:.0}/{:.0}, median {:.0}/{:.0}, max {:.0}/{:.0} \
         (target <= 300 ms)",
        min.0, min.1, median.0, median.1, max.0, max.1
    );

    let (started, cpu_start) = (Instant::now(), cpu_ms());
    let index = DirectoryIndex::build(
        Arc::new(snapshot.directory),
        &Policy::default(),
        &Exclusions::default(),
        epoch(),
    );
    println!(
        "classify and index for the report: {:.0} ms wall, {}",
        started.elapsed().as_secs_f64() * 1e3,
        cpu_since(cpu_start)
    );
    let everyone = Selection::default();
    let (started, cpu_start) = (Instant::now(), cpu_ms());
    let rows = everyone.rows(&index);
    println!(
        "report rows in triage order: {} rows, {:.0} ms wall, {}",
        rows.len(),
        started.elapsed().as_secs_f64() * 1e3,
        cpu_since(cpu_start)
    );
    let (started, cpu_start) = (Instant::now(), cpu_ms());
    let columns = report::Report::new(&index);
    let reasons: usize = rows.iter().map(|&row| columns.row(row).reasons.len()).sum();
    println!(
        "report row values with lanes and {reasons} reasons: {:.0} ms wall, {}",
        started.elapsed().as_secs_f64() * 1e3,
        cpu_since(cpu_start)
    );
    for format in Format::ALL {
        let mut out = Vec::new();
        let (started, cpu_start) = (Instant::now(), cpu_ms());
        report::render(&index, &everyone, format, &mut out).expect("renders");
        println!(
            "report --format {format}: {:.0} ms wall, {}, {:.1} MiB output for {USERS} users",
            started.elapsed().as_secs_f64() * 1e3,
            cpu_since(cpu_start),
            out.len() as f64 / (1024.0 * 1024.0)
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(position) = args.iter().position(|arg| arg == "--reopen-only") {
        reopen_only(Path::new(&args[position + 1]));
        return;
    }

    // `--keep DIR` saves into DIR and leaves it there, for profiling `--reopen-only DIR`.
    let kept = args
        .iter()
        .position(|arg| arg == "--keep")
        .map(|position| std::path::PathBuf::from(&args[position + 1]));
    let temp = tempfile::tempdir().expect("tempdir");
    let root = kept.as_deref().unwrap_or(temp.path());
    let started = Instant::now();
    let directory = synthetic_directory();
    println!(
        "generated {USERS} users, {GROUPS} groups in {:.0} ms",
        started.elapsed().as_secs_f64() * 1e3
    );

    let cache = SnapshotCache::new(&Paths::under(root));
    let (started, cpu_start) = (Instant::now(), cpu_ms());
    let path = cache.save(&directory, epoch()).expect("saves");
    let (save, save_cpu) = (started.elapsed(), cpu_since(cpu_start));
    let size = std::fs::metadata(&path).expect("metadata").len();
    println!(
        "save: {:.0} ms wall, {save_cpu}, file {:.1} MiB ({} bytes/user)",
        save.as_secs_f64() * 1e3,
        size as f64 / (1024.0 * 1024.0),
        size / USERS as u64
    );
    drop(directory);

    let status = Command::new(std::env::current_exe().expect("own path"))
        .arg("--reopen-only")
        .arg(root)
        .status()
        .expect("runs the reopen child");
    assert!(status.success(), "reopen child failed: {status}");
}
