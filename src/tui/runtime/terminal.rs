//! The terminal session: raw mode and the alternate screen on entry, restored on every exit path
//! (normal return, error, panic via ratatui's hook, and drop). Must not draw.

use ratatui::DefaultTerminal;
use std::io;

/// Owns the terminal while the console runs; dropping it gives the terminal back as it was.
pub(crate) struct TerminalGuard {
    terminal: DefaultTerminal,
}

impl TerminalGuard {
    /// Enters raw mode and the alternate screen, and installs a panic hook that restores both
    /// before the panic message prints.
    pub(crate) fn enter() -> io::Result<TerminalGuard> {
        let terminal = ratatui::try_init()?;
        Ok(TerminalGuard { terminal })
    }

    pub(crate) fn terminal(&mut self) -> &mut DefaultTerminal {
        &mut self.terminal
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}
