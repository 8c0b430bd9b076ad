//! Warning notices sent to a REAL SMTP server process on loopback (Python's `aiosmtpd`, started
//! by the test and installed by `.ci/run` from Debian's `python3-aiosmtpd`): every message
//! arrives once, to the right recipient, with the rendered text. Skips with a printed reason
//! when the server is not installed, unless `DORMANT_REQUIRE_SMTP_TEST=1`.

#[path = "support/users.rs"]
mod support;

use dormant::directory::{DirectoryIndex, Exclusions, GraceDays, Policy};
use dormant::store::config::{SmtpSettings, SmtpTls};
use dormant::warn::{DEFAULT_TEMPLATE, Delivery, Mailer, Template, WarningRun};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{UserBuilder, directory, now};

/// Interpreters that may have `aiosmtpd` (Debian's package installs for the system Python).
const PYTHONS: [&str; 2] = ["/usr/bin/python3", "python3"];
const DEADLINE: Duration = Duration::from_secs(20);

/// Kills the server when the test ends, pass or fail.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn python_with_aiosmtpd() -> Option<&'static str> {
    PYTHONS.into_iter().find(|python| {
        Command::new(python)
            .args(["-c", "import aiosmtpd"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    })
}

fn start_server(python: &str, port: u16, log: &Path) -> Server {
    let out = std::fs::File::create(log).expect("server log");
    let child = Command::new(python)
        .args(["-u", "-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
        .env("PYTHONUNBUFFERED", "1")
        .stdout(out)
        .stderr(Stdio::null())
        .spawn()
        .expect("start aiosmtpd");
    Server(child)
}

async fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    let started = Instant::now();
    while !ready() {
        assert!(started.elapsed() < DEADLINE, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("free port")
        .port()
}

#[tokio::test]
async fn every_notice_reaches_a_real_smtp_server_with_its_recipient_and_text() {
    let Some(python) = python_with_aiosmtpd() else {
        let reason = "skipped: no Python with aiosmtpd (install python3-aiosmtpd; .ci/run does)";
        assert!(
            std::env::var_os("DORMANT_REQUIRE_SMTP_TEST").is_none(),
            "{reason}"
        );
        eprintln!("{reason}");
        return;
    };
    let root = tempfile::tempdir().expect("temp dir");
    let log = root.path().join("smtp.log");
    let port = free_port();
    let _server = start_server(python, port, &log);
    wait_until("the SMTP server to listen", || {
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    })
    .await;

    let users = vec![
        UserBuilder::new("u-1", "Ada Lovelace")
            .products(&[("jira", Some(120))])
            .build(),
        UserBuilder::new("u-2", "Grace Hopper")
            .products(&[("jira", Some(200)), ("confluence", Some(150))])
            .build(),
        UserBuilder::new("u-3", "No Mail")
            .email(None)
            .products(&[("jira", Some(300))])
            .build(),
    ];
    let index = DirectoryIndex::build(
        Arc::new(directory(users, Vec::new())),
        &Policy::default(),
        &Exclusions::default(),
        now(),
    );
    let mut run = WarningRun::build(&index, &[0, 1, 2], GraceDays::DEFAULT, now());
    let settings: SmtpSettings = toml::from_str(&format!(
        "host = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\nsender = \"IT <it@acme.example>\"\npace_ms = 200\n"
    ))
    .expect("smtp settings");
    assert_eq!(settings.tls, SmtpTls::None);
    let mailer = Mailer::new(&settings, None, "default").expect("mailer");
    let template = Template::parse(DEFAULT_TEMPLATE).expect("shipped template");
    mailer.send_run(&mut run, &template, "Acme", now).await;

    assert_eq!(run.records[0].delivery, Delivery::Sent { at: now() });
    assert_eq!(run.records[1].delivery, Delivery::Sent { at: now() });
    assert!(
        matches!(&run.records[2].delivery, Delivery::Failed { reason, .. } if reason.contains("no email")),
        "{:?}",
        run.records[2].delivery
    );
    assert_eq!(run.delivery_counts(), (2, 1));

    let end = "END MESSAGE";
    wait_until("both messages to arrive", || {
        std::fs::read_to_string(&log).is_ok_and(|text| text.matches(end).count() >= 2)
    })
    .await;
    let received = std::fs::read_to_string(&log).expect("server log");
    let messages: Vec<&str> = received
        .split("MESSAGE FOLLOWS")
        .skip(1)
        .map(|block| block.split(end).next().unwrap_or_default())
        .collect();
    assert_eq!(messages.len(), 2, "{received}");
    let deadline = GraceDays::DEFAULT
        .deadline_from(now())
        .format("%Y-%m-%d")
        .to_string();
    for (message, (email, name, products)) in messages.iter().zip([
        ("ada.lovelace@acme.example", "Ada Lovelace", "Jira"),
        ("grace.hopper@acme.example", "Grace Hopper", "Jira and Confluence"),
    ]) {
        assert!(
            message.contains(&format!("To: \"{name}\" <{email}>")),
            "{message}"
        );
        assert!(message.contains(&format!("Hello {name},")), "{message}");
        assert!(message.contains(&format!("not used {products} for")), "{message}");
        assert!(
            message.contains(&format!(
                "Subject: Your Acme Atlassian access will be suspended on {deadline}"
            )),
            "{message}"
        );
        assert!(message.contains("From: IT <it@acme.example>"), "{message}");
    }
}
