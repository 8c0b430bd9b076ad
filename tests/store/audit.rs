//! The audit log's "who": a line written before it named the OS user, host and profile still
//! reads (and `dormant history` shows it as written); a new line names all four facts.

use dormant::store::{AuditLog, Operator, Paths};

const OLD_LINE: &str = r#"{"batch_id":"20260301T120000Z-1a2b3c4d","who":"org API key from the environment variable DORMANT_API_KEY","started_at":"2026-03-01T12:00:00Z","finished_at":"2026-03-01T12:05:00Z","org_id":"5e1a7c02-9b3d","org_name":"Acme","action":"suspend","counts":{"planned":3,"succeeded":2,"skipped":1,"refused":0,"failed":0},"state":"completed","journal":"/data/journals/20260301T120000Z-1a2b3c4d.jsonl"}"#;

#[test]
fn an_old_line_reads_beside_one_that_says_who_in_full() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = AuditLog::new(&Paths::under(dir.path()));
    std::fs::create_dir_all(log.path().parent().expect("data dir")).expect("data dir");
    std::fs::write(log.path(), format!("{OLD_LINE}\n")).expect("old line");
    let mut record = log.read_all().expect("the old line reads").remove(0);
    assert_eq!(
        record.who,
        "org API key from the environment variable DORMANT_API_KEY"
    );
    let operator = Operator {
        os_user: "ada".to_owned(),
        host: "build-01".to_owned(),
        profile: "acme".to_owned(),
        key_source: "org API key from the keychain".to_owned(),
    };
    record.who = operator.to_string();
    log.append(&record).expect("append");
    let whos: Vec<String> = log
        .read_all()
        .expect("both read")
        .into_iter()
        .map(|r| r.who)
        .collect();
    assert_eq!(
        whos,
        [
            "org API key from the environment variable DORMANT_API_KEY",
            "ada on build-01, profile acme, org API key from the keychain"
        ]
    );
}
