//! A real SMTP server process on loopback for the warning-notice tests: Python's `aiosmtpd`
//! (Debian `python3-aiosmtpd`, installed by `.ci/run`), whose debugging handler prints every
//! received message to stdout. Skips (returns `None` with a printed reason) when it is not
//! installed, unless `DORMANT_REQUIRE_SMTP_TEST=1`. A module of `support` in the test crates that need it.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Interpreters that may have `aiosmtpd` (Debian's package installs for the system Python).
const PYTHONS: [&str; 2] = ["/usr/bin/python3", "python3"];
const DEADLINE: Duration = Duration::from_secs(20);
const END: &str = "END MESSAGE";

/// The running server; killed when dropped, pass or fail.
pub struct SmtpServer {
    child: Child,
    pub port: u16,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
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

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("free port")
        .port()
}

pub async fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    let started = Instant::now();
    while !ready() {
        assert!(started.elapsed() < DEADLINE, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

impl SmtpServer {
    /// Starts the server on a free loopback port and waits until it accepts connections.
    pub async fn start() -> Option<Self> {
        let Some(python) = python_with_aiosmtpd() else {
            let reason = "skipped: no Python with aiosmtpd (install python3-aiosmtpd; .ci/run does)";
            assert!(
                std::env::var_os("DORMANT_REQUIRE_SMTP_TEST").is_none(),
                "{reason}"
            );
            eprintln!("{reason}");
            return None;
        };
        let dir = tempfile::tempdir().expect("temp dir");
        let log = dir.path().join("smtp.log");
        let port = free_port();
        let child = Command::new(python)
            .args(["-u", "-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .env("PYTHONUNBUFFERED", "1")
            .stdout(std::fs::File::create(&log).expect("server log"))
            .stderr(Stdio::null())
            .spawn()
            .expect("start aiosmtpd");
        let server = Self {
            child,
            port,
            log,
            _dir: dir,
        };
        wait_until("the SMTP server to listen", || {
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
        })
        .await;
        Some(server)
    }
}

/// Waits for `count` messages and returns each one's headers and body, in arrival order.
pub async fn received_messages(server: &SmtpServer, count: usize) -> Vec<String> {
    wait_until("the messages to arrive", || {
        std::fs::read_to_string(&server.log).is_ok_and(|text| text.matches(END).count() >= count)
    })
    .await;
    let received = std::fs::read_to_string(&server.log).expect("server log");
    let messages: Vec<String> = received
        .split("MESSAGE FOLLOWS")
        .skip(1)
        .map(|block| block.split(END).next().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(messages.len(), count, "{received}");
    messages
}
