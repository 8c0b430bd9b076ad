use super::*;
use tokio::sync::mpsc;

fn jobs() -> (Jobs, mpsc::UnboundedReceiver<Msg>) {
    let (sender, receiver) = mpsc::unbounded_channel();
    (Jobs::new(sender), receiver)
}

/// A job that reports `Msg::MarksSaved` after `delay` (of tokio time).
fn after(delay: Duration, msgs: &mpsc::UnboundedSender<Msg>) -> impl Future<Output = ()> + Send + 'static {
    let msgs = msgs.clone();
    async move {
        tokio::time::sleep(delay).await;
        msgs.send(Msg::MarksSaved).expect("open");
    }
}

#[tokio::test]
async fn a_job_that_panics_reports_its_own_failure_as_a_bug() {
    let (mut jobs, mut msgs) = jobs();
    jobs.spawn(Job::Export, async {
        tokio::task::yield_now().await;
        panic!("export broke");
    });
    let msg = tokio::time::timeout(Duration::from_secs(30), msgs.recv())
        .await
        .expect("reported in time")
        .expect("open");
    let Msg::ResultsExported(Err(failure)) = msg else {
        panic!("{msg:?}");
    };
    assert_eq!(failure.kind, FailureKind::Bug);
    assert!(failure.text.contains("results export"), "{failure}");
    assert!(
        !failure.text.contains("export broke"),
        "the panic text stays in the log"
    );
    assert_eq!(jobs.drain(DRAIN_WAIT).await, Finished::default());
}

#[tokio::test(start_paused = true)]
async fn closing_waits_for_running_jobs_and_stops_and_names_stuck_ones() {
    let (mut jobs, mut msgs) = jobs();
    let sender = jobs.msgs.clone();
    jobs.spawn(Job::Warnings, after(Duration::from_secs(3), &sender));
    jobs.spawn(Job::History, std::future::pending());
    let finished = jobs.drain(DRAIN_WAIT).await;
    assert_eq!(finished.abandoned, vec!["read of the batch history"]);
    assert!(
        matches!(msgs.try_recv(), Ok(Msg::MarksSaved)),
        "the record finished"
    );
}

#[tokio::test(start_paused = true)]
async fn a_cancelled_batch_gets_longer_to_stop_between_accounts_then_is_named_too() {
    let (mut jobs, mut msgs) = jobs();
    let sender = jobs.msgs.clone();
    jobs.spawn(Job::Batch, after(Duration::from_mins(1), &sender));
    jobs.spawn(Job::Export, std::future::pending());
    let finished = jobs.drain(DRAIN_WAIT).await;
    assert_eq!(finished.abandoned, vec!["results export"]);
    assert!(
        matches!(msgs.try_recv(), Ok(Msg::MarksSaved)),
        "the batch stopped in its time"
    );

    let (mut jobs, _msgs) = self::jobs();
    jobs.spawn(Job::Batch, std::future::pending());
    let started = Instant::now();
    let finished = jobs.drain(DRAIN_WAIT).await;
    assert_eq!(finished.abandoned, vec!["batch"]);
    assert_eq!(started.elapsed(), BATCH_STOP_WAIT);
}

#[tokio::test]
async fn ended_jobs_are_forgotten_as_new_ones_start() {
    let (mut jobs, mut msgs) = jobs();
    let sender = jobs.msgs.clone();
    for _ in 0..20 {
        jobs.spawn(Job::FindUnfinished, after(Duration::ZERO, &sender));
    }
    for _ in 0..20 {
        msgs.recv().await.expect("open");
    }
    // Each job has sent its message; wait (with a deadline) until the tasks have ended too.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while !jobs.set.is_empty() && std::time::Instant::now() < deadline {
        jobs.reap();
        tokio::task::yield_now().await;
    }
    jobs.spawn(Job::History, std::future::pending());
    assert_eq!(jobs.running.len(), 1);
    assert_eq!(jobs.set.len(), 1);
}
