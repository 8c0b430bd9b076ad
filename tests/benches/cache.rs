//! Benchmark: save and reopen a 100,000-user directory snapshot, and render the report from it.
//! Prints figures; never asserts on time. Run with `cargo bench --bench cache`.
//!
//! The reopen is measured in a fresh child process (this binary re-run with `--reopen-only`), so
//! its peak memory is not hidden by memory the generator already holds, and then as the admin
//! runs it: the whole `dormant report --offline` process (the bench profile's binary), timed.
//!
//! The org has multi-site seats: two Jira and two Confluence sites, one of the other products,
//! and every group grants roles on one or two sites (guests, customers and admins included).

use chrono::{DateTime, Duration, TimeZone, Utc};
use dormant::directory::{
    AccountId, AccountStatus, AccountType, Activity, ClaimStatus, DataSource, Directory, DirectoryId,
    DirectoryIndex, DirectoryInfo, Domain, Exclusions, Group, GroupId, GroupManagedBy, Impact, Interner,
    ManagementSource, Marks, MembershipStatus, Org, PlatformRole, Policy, ProductActivity, Role, RoleGrant,
    RowSet, Site, User, UserStatus, groups_by_id, seats_of,
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
/// Second sites of Jira and Confluence (the first of every product is on `ORG_ID`).
const SECOND_SITE: &str = "4b1d0e2f-8a7c-4d3e-9f60-7a5b3c2d1e0f";

/// The org's sites: every product on the main cloud id, Jira and Confluence on a second one too.
fn sites(interner: &mut Interner) -> Vec<Site> {
    let mut sites = Vec::new();
    for (cloud, name) in [(ORG_ID, "acme"), (SECOND_SITE, "acme-eu")] {
        for key in PRODUCTS {
            if cloud == SECOND_SITE && !matches!(key, "jira" | "confluence") {
                continue;
            }
            sites.push(Site {
                id: interner.id(&format!("ari:cloud:{key}::site/{cloud}")),
                product: interner.id(key),
                name: name.to_owned(),
                host_url: Some(format!("https://{name}.atlassian.net")),
            });
        }
    }
    sites
}

/// What group `index` grants: one site, every seventh group a second product (a group that
/// grants Jira and Confluence), with the roles populations hold (guests on Confluence, customers
/// and agents on Service Management, a few product admins).
fn grants(index: usize, sites: &[Site]) -> Vec<RoleGrant> {
    let grant = |site: &Site, roles: Vec<Role>| RoleGrant {
        site: site.id.clone(),
        product: site.product.clone(),
        roles,
    };
    let first = &sites[index % sites.len()];
    let role = match (first.product.as_str(), index % 10) {
        ("confluence", 0..=2) => vec![Role::Guest],
        ("jira-servicedesk", 0..=5) => vec![Role::Customer],
        (_, 9) => vec![Role::Admin, Role::User],
        _ => vec![Role::User],
    };
    let mut grants = vec![grant(first, role)];
    if index.is_multiple_of(7) {
        grants.push(grant(&sites[(index + 1) % sites.len()], vec![Role::User]));
    }
    grants
}

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
    // Shared as a load shares them (group and directory ids are shared by cloning).
    let mut interner = Interner::default();
    let sites = sites(&mut interner);
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
            grants: grants(index, &sites),
            modifiable: Some(index % 3 != 0),
        })
        .collect();
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
        sites,
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
    let by_id = groups_by_id(&snapshot.directory.groups);
    let (mut seats, mut billable) = (0_usize, 0_usize);
    for user in &snapshot.directory.users {
        let held = seats_of(user, &by_id);
        seats += held.len();
        billable += held.iter().filter(|seat| seat.is_billable()).count();
    }
    println!(
        "seats of every user: {seats} seats ({billable} billable) on {} sites, {:.0} ms wall, {}",
        snapshot.directory.sites.len(),
        started.elapsed().as_secs_f64() * 1e3,
        cpu_since(cpu_start)
    );
    drop(by_id);

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
    preview_seat_arithmetic(&index);
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
    whole_process(root);
}

/// The preview's seat arithmetic (`Impact::of`: billable seats per product and site, priced) with
/// every user who may be marked marked: the worst case a console preview or `plan` computes.
fn preview_seat_arithmetic(index: &DirectoryIndex) {
    let mut marks = Marks::default();
    for row in 0..index.len() as u32 {
        // Protected rows are refused a mark, as in the console.
        let _marked = marks.mark(index, row);
    }
    let visible = RowSet::full(index.len());
    let (started, cpu_start) = (Instant::now(), cpu_ms());
    let impact = Impact::of(index, &marks, &visible);
    let seats: u64 = impact.per_product.iter().map(|product| product.seats).sum();
    println!(
        "preview seat arithmetic: {} marked, {seats} billable seats freed on {} product sites, {:.0} ms wall, {}",
        marks.len(),
        impact.per_site.len(),
        started.elapsed().as_secs_f64() * 1e3,
        cpu_since(cpu_start)
    );
}

/// `dormant report --offline` as a whole process, its platform directories confined below
/// `root` with the snapshot where the binary looks for it; wall time of each run, and the peak
/// memory `/usr/bin/time -v` reports when it is installed.
fn whole_process(root: &Path) {
    let home = root.join("home");
    let cache = home.join("xdg-cache").join("dormant");
    std::fs::create_dir_all(home.join("xdg-cache")).expect("cache dir");
    std::fs::rename(root.join("cache"), &cache).expect("snapshot moved into the platform cache");
    let run = |wrapper: Option<&str>| {
        let binary = env!("CARGO_BIN_EXE_dormant");
        let mut command = match wrapper {
            Some(wrapper) => {
                let mut command = Command::new(wrapper);
                command.arg("-v").arg(binary);
                command
            }
            None => Command::new(binary),
        };
        command
            .args(["report", "--offline", "--org", ORG_ID, "--format", "csv"])
            .env("DORMANT_TEST_KEYCHAIN", "memory")
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join("xdg-config"))
            .env("XDG_DATA_HOME", home.join("xdg-data"))
            .env("XDG_CACHE_HOME", home.join("xdg-cache"))
            .stdout(std::process::Stdio::null());
        let started = Instant::now();
        let output = command.output().expect("dormant runs");
        (started.elapsed(), output)
    };
    let mut walls: Vec<f64> = (0..REOPEN_RUNS)
        .map(|_| {
            let (wall, output) = run(None);
            assert!(
                output.status.success(),
                "report --offline failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            wall.as_secs_f64() * 1e3
        })
        .collect();
    walls.sort_by(f64::total_cmp);
    println!(
        "dormant report --offline --format csv, whole process x{REOPEN_RUNS}: min {:.0} ms, median {:.0} ms, max {:.0} ms \
         (reopen, classify, seats and report of {USERS} users)",
        walls[0],
        walls[REOPEN_RUNS / 2],
        walls[REOPEN_RUNS - 1]
    );
    if Path::new("/usr/bin/time").exists() {
        let (_, output) = run(Some("/usr/bin/time"));
        let stderr = String::from_utf8_lossy(&output.stderr);
        let peak = stderr
            .lines()
            .find_map(|line| line.trim().strip_prefix("Maximum resident set size (kbytes):"))
            .map_or_else(|| "n/a".to_owned(), |kib| format!("{} KiB", kib.trim()));
        println!("  peak memory of that process (maximum RSS): {peak}");
    }
}
