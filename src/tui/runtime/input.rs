//! Reads terminal input on its own thread (crossterm's reader blocks) and forwards it as owned
//! events; stops when told or when the console is gone. Must not interpret keys.

use crate::tui::event::Event;
use crossterm::event::{self, Event as TermEvent, KeyEventKind};
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;

/// How long one wait for input lasts before the stop flag is checked again.
const POLL: Duration = Duration::from_millis(50);
/// How long closing the console waits for the reader to notice the stop flag. When the terminal
/// has gone away (its window closed, SIGHUP) crossterm's poll can spin without returning, so the
/// reader is left behind rather than joined: it dies with the process a moment later.
const STOP_WAIT: Duration = Duration::from_millis(500);

/// Terminal input, or why reading it stopped.
pub(crate) enum Input {
    Event(Event),
    Failed(io::Error),
}

/// The reader thread, its stop flag, and the channel that closes when the thread ends.
pub(crate) struct InputReader {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    ended: std::sync::mpsc::Receiver<()>,
}

impl InputReader {
    pub(crate) fn spawn(sender: UnboundedSender<Input>) -> io::Result<InputReader> {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let (ending, ended) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("dormant-input".to_owned())
            .spawn(move || {
                read_until_stopped(&sender, &flag);
                drop(ending);
            })?;
        Ok(InputReader {
            stop,
            thread: Some(thread),
            ended,
        })
    }
}

impl Drop for InputReader {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // The thread polls with a short timeout, so it normally ends within one poll. If it has
        // not ended by `STOP_WAIT`, the terminal is gone and the thread is stuck in crossterm:
        // joining it would keep dormant running for ever, so it is left to end with the process.
        let ended = matches!(
            self.ended.recv_timeout(STOP_WAIT),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected)
        );
        if let Some(thread) = self.thread.take().filter(|_| ended) {
            // A panic in it was already printed by the hook and leaves nothing to clean up.
            let _joined = thread.join();
        }
    }
}

fn read_until_stopped(sender: &UnboundedSender<Input>, stop: &AtomicBool) {
    while !stop.load(Ordering::Relaxed) {
        let next = match event::poll(POLL) {
            Ok(false) => continue,
            Ok(true) => event::read(),
            Err(error) => Err(error),
        };
        let input = match next {
            Ok(TermEvent::Key(key)) if key.kind != KeyEventKind::Release => Input::Event(Event::Key(key)),
            Ok(TermEvent::Resize(width, height)) => Input::Event(Event::Resize { width, height }),
            Ok(_) => continue,
            Err(error) => {
                // Input is gone (terminal closed): report it once and stop reading.
                let _gone = sender.send(Input::Failed(error));
                return;
            }
        };
        if sender.send(input).is_err() {
            return;
        }
    }
}
