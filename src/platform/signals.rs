//! Signals that ask dormant to stop, by intent ([`Stop`]) and as each platform delivers them: on
//! Unix SIGINT, SIGTERM and SIGHUP; on Windows Ctrl-C, Ctrl-Break and shut-down, the console
//! window closing and log-off. Must not decide what stopping means (the caller does).

use std::future::poll_fn;
use std::io;
use std::task::{Context, Poll};

/// A reason to stop, named by intent; each platform maps it to what it delivers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The user interrupted: SIGINT; Ctrl-C on Windows.
    Interrupt,
    /// Something asked the process to end: SIGTERM; Ctrl-Break or shut-down on Windows.
    Terminate,
    /// The terminal went away: SIGHUP; the console window closing or log-off on Windows.
    HangUp,
}

/// Stop requests registered up front (so one sent right after start is not lost) and received
/// as the name of the signal that arrived.
pub struct StopSignals {
    listeners: Vec<(Listener, &'static str)>,
}

impl StopSignals {
    /// Registers a listener for each of `stops`.
    pub fn listen(stops: &[Stop]) -> io::Result<StopSignals> {
        let mut listeners = Vec::new();
        for stop in stops {
            listeners.extend(imp::listeners(*stop)?);
        }
        Ok(StopSignals { listeners })
    }

    /// Waits for the next stop request; returns its name (`SIGTERM`, `Ctrl-Break`, …). Never
    /// returns when nothing was registered.
    pub async fn recv(&mut self) -> &'static str {
        poll_fn(|cx| self.poll_recv(cx)).await
    }

    fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<&'static str> {
        for (listener, name) in &mut self.listeners {
            // `None` means this source can deliver nothing more; the others still can.
            if let Poll::Ready(Some(())) = listener.poll_recv(cx) {
                return Poll::Ready(*name);
            }
        }
        Poll::Pending
    }
}

#[cfg(unix)]
use tokio::signal::unix::Signal as Listener;

#[cfg(unix)]
mod imp {
    use super::{Listener, Stop};
    use std::io;
    use tokio::signal::unix::{SignalKind, signal};

    pub(super) fn listeners(stop: Stop) -> io::Result<Vec<(Listener, &'static str)>> {
        let (kind, name) = match stop {
            Stop::Interrupt => (SignalKind::interrupt(), "SIGINT"),
            Stop::Terminate => (SignalKind::terminate(), "SIGTERM"),
            Stop::HangUp => (SignalKind::hangup(), "SIGHUP"),
        };
        Ok(vec![(signal(kind)?, name)])
    }
}

/// One of the console control events Windows delivers, each its own tokio type.
#[cfg(windows)]
enum Listener {
    CtrlC(tokio::signal::windows::CtrlC),
    CtrlBreak(tokio::signal::windows::CtrlBreak),
    CtrlClose(tokio::signal::windows::CtrlClose),
    CtrlLogoff(tokio::signal::windows::CtrlLogoff),
    CtrlShutdown(tokio::signal::windows::CtrlShutdown),
}

#[cfg(windows)]
impl Listener {
    fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Option<()>> {
        match self {
            Listener::CtrlC(event) => event.poll_recv(cx),
            Listener::CtrlBreak(event) => event.poll_recv(cx),
            Listener::CtrlClose(event) => event.poll_recv(cx),
            Listener::CtrlLogoff(event) => event.poll_recv(cx),
            Listener::CtrlShutdown(event) => event.poll_recv(cx),
        }
    }
}

#[cfg(windows)]
mod imp {
    use super::{Listener, Stop};
    use std::io;
    use tokio::signal::windows::{ctrl_break, ctrl_c, ctrl_close, ctrl_logoff, ctrl_shutdown};

    /// The process has a few seconds after a close, log-off or shut-down event before Windows
    /// ends it: enough to restore the console and drain the jobs' short wait.
    pub(super) fn listeners(stop: Stop) -> io::Result<Vec<(Listener, &'static str)>> {
        Ok(match stop {
            Stop::Interrupt => vec![(Listener::CtrlC(ctrl_c()?), "Ctrl-C")],
            Stop::Terminate => vec![
                (Listener::CtrlBreak(ctrl_break()?), "Ctrl-Break"),
                (Listener::CtrlShutdown(ctrl_shutdown()?), "shut-down"),
            ],
            Stop::HangUp => vec![
                (Listener::CtrlClose(ctrl_close()?), "console closed"),
                (Listener::CtrlLogoff(ctrl_logoff()?), "log-off"),
            ],
        })
    }
}

/// Platforms with neither Unix signals nor Windows console events: nothing arrives, so only the
/// program's own ways out (quitting the console, ending the simulator's process) stop it.
#[cfg(not(any(unix, windows)))]
enum Listener {}

#[cfg(not(any(unix, windows)))]
impl Listener {
    fn poll_recv(&mut self, _cx: &mut Context<'_>) -> Poll<Option<()>> {
        match *self {}
    }
}

#[cfg(not(any(unix, windows)))]
mod imp {
    use super::{Listener, Stop};
    use std::io;

    pub(super) fn listeners(_stop: Stop) -> io::Result<Vec<(Listener, &'static str)>> {
        Ok(Vec::new())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_hang_up_sent_to_the_process_is_received_by_name() {
        let mut stops = StopSignals::listen(&[Stop::Terminate, Stop::HangUp]).expect("listeners");
        // SIGHUP's default action would end the test process; with the listener registered it
        // is delivered to it instead.
        let status = std::process::Command::new("kill")
            .args(["-HUP", &std::process::id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        let name = tokio::time::timeout(Duration::from_secs(10), stops.recv())
            .await
            .expect("the signal arrives");
        assert_eq!(name, "SIGHUP");
    }
}
