//! `Theme`: every style the console draws with, in colour or (with `NO_COLOR`) in bold, dim and
//! reverse only. Must not decide what is drawn.

use crate::directory::Lane;
use ratatui::style::{Color, Modifier, Style};

/// The styles of one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
    #[must_use]
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        Theme { color: !no_color }
    }

    #[must_use]
    pub fn colored() -> Theme {
        Theme { color: true }
    }

    #[must_use]
    pub fn monochrome() -> Theme {
        Theme { color: false }
    }

    fn fg(self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    #[must_use]
    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    #[must_use]
    pub fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    #[must_use]
    pub fn table_header(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    #[must_use]
    pub fn cursor(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    #[must_use]
    pub fn marked(self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }

    #[must_use]
    pub fn lane(self, lane: Lane) -> Style {
        match lane {
            Lane::CleanupReady => self.fg(Color::Yellow),
            Lane::NeedsReview => self.fg(Color::Blue),
            Lane::Active => self.fg(Color::Green),
            Lane::Protected => self.dim(),
        }
    }

    #[must_use]
    pub fn info(self) -> Style {
        self.fg(Color::Cyan)
    }

    #[must_use]
    pub fn warning(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    #[must_use]
    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    #[must_use]
    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    #[must_use]
    pub fn bar(self) -> Style {
        self.fg(Color::Green)
    }
}
