//! Crash matrix (issue 8): the real binary is killed (SIGKILL) during a load, during the snapshot
//! (cache) write, during the plan write, and at 20 seeded points of a commit (after N journal
//! records, or paused between sending a change and journalling its outcome). After a restart
//! (`dormant resume` for a commit) the org and the journal are exactly what the plan implies and
//! every file dormant owns still parses with dormant's own readers. Prints a table
//! (`DORMANT_SUITE=full` for the bigger counts). Kills land through debug fault points or by
//! polling the journal, always with deadlines; never by sleeping.

use crate::support::crash_matrix;
use crate::support::crash_world;
use crate::support::suite;

use crash_matrix::{CommitKill, Matrix};
use crash_world::World;
use dormant::store::{Paths, SnapshotCache};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::path::Path;

/// Seed of the 20 commit kill points.
const SEED: u64 = 0x0C4A_5EED;
const COMMIT_KILLS: usize = 20;
/// Page of the load the kill lands after (the org spans several pages at both scales).
const LOAD_KILL_PAGE: u32 = 2;

/// 20 seeded points: about half by record count (never past the last outcome, so the batch is
/// always unfinished), the rest at the send-before-journal pause of a seeded user.
fn commit_kills(planned: usize) -> Vec<CommitKill> {
    let mut rng = StdRng::seed_from_u64(SEED);
    // Header, then `started` and an outcome per user; the last few are left out so a kill that
    // lands a little late still lands before the end.
    let last = 2 * planned - 4;
    let mut drawn = std::collections::HashSet::new();
    let mut kills = Vec::new();
    while kills.len() < COMMIT_KILLS {
        let kill = if rng.random_bool(0.5) {
            CommitKill::AfterRecords(rng.random_range(1..=last))
        } else {
            CommitKill::SentUnjournalled(rng.random_range(0..planned))
        };
        // Each point once: a repeat would test nothing new.
        if drawn.insert(format!("{kill:?}")) {
            kills.push(kill);
        }
    }
    kills
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_anywhere_restart_leaves_org_journal_and_files_exact() {
    let users = suite::scale(300, 1_200);
    let planned = suite::scale(80, 300);
    let world = World::new(users, planned).await;
    let snapshot_name = SnapshotCache::new(&Paths::under(Path::new(""))).path_for(&world.target().org_id);
    let snapshot = Path::new("cache/dormant/snapshots").join(snapshot_name.file_name().unwrap());
    let table = suite::Table::new(
        "crash matrix",
        &[
            "kill point",
            "landed",
            "restart",
            "acted on once",
            "duplicates",
            "files checked",
            "result",
        ],
    );
    let mut matrix = Matrix {
        world,
        table,
        runs: 0,
    };
    let report = ["report", "--format", "json"];
    let load_point = format!("load:page:{LOAD_KILL_PAGE};");
    matrix
        .kill_read_only("load (report)", &report, &load_point, &snapshot)
        .await;
    let cache_point = format!("atomic-write:{}", snapshot.file_name().unwrap().to_str().unwrap());
    matrix
        .kill_read_only("cache write (report)", &report, &cache_point, &snapshot)
        .await;
    let plan = [
        "plan",
        "--filter",
        "lane:ready",
        "--cap",
        "100000",
        "-o",
        "HOME/plan.json",
    ];
    matrix
        .kill_read_only(
            "plan write (plan)",
            &plan,
            "atomic-write:plan.json",
            Path::new("plan.json"),
        )
        .await;
    matrix.kill_before_header().await;
    for (number, kill) in commit_kills(planned).into_iter().enumerate() {
        matrix.kill_commit(number + 1, kill).await;
    }
    matrix.table.publish();
    matrix.world.sim.stop().await;
}
