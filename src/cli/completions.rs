//! `dormant completions SHELL` and `dormant man`: shell completion scripts (`clap_complete`) and
//! the man page (`clap_mangen`), both generated from the same clap definitions as the parser, so
//! they cannot drift from it. Wiring only.

use crate::cli::Cli;
use clap::{Args, CommandFactory as _};
use clap_complete::{Generator as _, Shell};
use std::io::{self, Write as _};
use thiserror::Error;

/// Flags of `dormant completions`.
#[derive(Debug, Args)]
#[command(after_long_help = "Examples:\n  \
    dormant completions bash > ~/.local/share/bash-completion/completions/dormant\n  \
    dormant completions zsh > \"${fpath[1]}/_dormant\"\n  \
    dormant completions fish > ~/.config/fish/completions/dormant.fish")]
pub struct CompletionsArgs {
    /// The shell to write a completion script for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Flags of `dormant man`.
#[derive(Debug, Args)]
#[command(after_long_help = "Example: dormant man > ~/.local/share/man/man1/dormant.1")]
pub struct ManArgs {}

/// Why no script or page was written.
#[derive(Debug, Error)]
pub enum CompletionsError {
    #[error("could not generate the {what}: {reason}; this is a dormant bug, please report it")]
    Generate { what: &'static str, reason: String },
    #[error("could not write the {what} to stdout: {source}")]
    Write {
        what: &'static str,
        #[source]
        source: io::Error,
    },
}

/// The completion script for `shell`.
pub fn completion_script(shell: Shell) -> Result<Vec<u8>, CompletionsError> {
    let mut command = Cli::command();
    command.set_bin_name("dormant");
    command.build();
    let mut script = Vec::new();
    shell
        .try_generate(&command, &mut script)
        .map_err(|error| CompletionsError::Generate {
            what: "completion script",
            reason: error.to_string(),
        })?;
    Ok(script)
}

/// The man page (roff), for section 1.
pub fn man_page() -> Result<Vec<u8>, CompletionsError> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|error| CompletionsError::Generate {
            what: "man page",
            reason: error.to_string(),
        })?;
    Ok(page)
}

/// Runs `dormant completions SHELL`.
pub fn run(args: &CompletionsArgs) -> Result<(), CompletionsError> {
    write_stdout("completion script", &completion_script(args.shell)?)
}

/// Runs `dormant man`.
pub fn run_man(_args: &ManArgs) -> Result<(), CompletionsError> {
    write_stdout("man page", &man_page()?)
}

/// Writes everything at once; a reader that stops early (`| head`) is a normal end.
fn write_stdout(what: &'static str, bytes: &[u8]) -> Result<(), CompletionsError> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        result => result.map_err(|source| CompletionsError::Write { what, source }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_gets_a_script_naming_the_commands() {
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::Elvish,
            Shell::PowerShell,
        ] {
            let script = String::from_utf8(completion_script(shell).expect("script")).expect("utf-8");
            for word in ["dormant", "login", "logout", "status", "report"] {
                assert!(script.contains(word), "{shell:?} lacks {word}");
            }
        }
    }

    #[test]
    fn the_man_page_documents_the_commands_and_global_flags() {
        let page = String::from_utf8(man_page().expect("page")).expect("utf-8");
        assert!(
            page.starts_with(".ie") || page.contains(".TH dormant"),
            "{}",
            &page[..80.min(page.len())]
        );
        for word in ["login", "status", "\\-\\-profile", "\\-\\-config"] {
            assert!(page.contains(word), "man page lacks {word}");
        }
    }
}
