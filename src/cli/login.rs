//! `dormant login`: reads an org API key (hidden prompt, or stdin when piped), verifies it against
//! the API, stores it in the OS keychain and records the profile in the config. Wiring only; the
//! key never leaves `Secret` except into the keychain and the HTTP header.

pub mod verify;

use crate::api::{Client, ClientConfig};
use crate::cli::settings::{ApiArgs, GlobalArgs, ProfileLookup, Settings, SettingsError};
use crate::store::Paths;
use crate::store::config::{self, ConfigError, ProfileName, ProfileRecord};
use crate::store::credentials::{self, CredentialError, Keychain, KeychainKind};
use crate::types::OrgId;
use crate::types::Secret;
use clap::Args;
use std::io::{self, IsTerminal as _, Read as _};
use std::path::PathBuf;
use thiserror::Error;
use url::Url;
pub use verify::{VerifiedKey, VerifyError, verify_key};

/// The longest key accepted from stdin; org API keys are a few hundred characters.
const MAX_KEY_BYTES: u64 = 16 * 1024;

/// Flags of `dormant login`.
#[derive(Debug, Args)]
#[command(
    after_long_help = "The key is read from a hidden prompt, or from stdin when stdin is not a \
    terminal (`dormant login < key.txt`); it is never accepted as a flag."
)]
pub struct LoginArgs {
    /// Store the password of the `[smtp]` login that mails warning notices (keychain service
    /// `dormant-smtp`) instead of an org API key; nothing is verified or recorded in the config.
    #[arg(long)]
    pub smtp: bool,
    #[command(flatten)]
    pub api: ApiArgs,
}

/// Why `dormant login` stored nothing (or stored the key but could not finish).
#[derive(Debug, Error)]
pub enum LoginError {
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error("could not read the key: {0}")]
    Read(#[source] io::Error),
    #[error("no key was entered: paste the org API key from admin.atlassian.com → Settings → API keys")]
    Empty,
    #[error(
        "the key contains spaces or control characters, so it was probably pasted incompletely: copy it \
         again from admin.atlassian.com"
    )]
    Malformed,
    #[error("no SMTP password was entered: type the password of the `[smtp] username` login")]
    EmptySmtpPassword,
    #[error("the key was NOT stored: {0}")]
    Refused(#[source] VerifyError),
    #[error("the key works, but the API returned an unusable org id: {0}")]
    OrgId(String),
    #[error("the key works, but was not stored: {0}")]
    Store(#[source] CredentialError),
}

impl LoginError {
    /// Whether the admin must change their input or environment (exit code 2).
    #[must_use]
    pub fn is_usage(&self) -> bool {
        match self {
            Self::Settings(error) => error.is_usage(),
            Self::Empty | Self::EmptySmtpPassword | Self::Malformed => true,
            Self::Refused(error) => error.is_usage(),
            Self::Store(error) => error.is_usage(),
            Self::Read(_) | Self::OrgId(_) => false,
        }
    }
}

/// What a successful login did, for the message and for tests.
#[derive(Debug)]
pub struct LoginOutcome {
    pub profile: ProfileName,
    pub verified: VerifiedKey,
    pub stored_in: KeychainKind,
    /// The config file the profile was added to; `None` when it was already there.
    pub recorded_in: Option<PathBuf>,
    /// The profile could not be recorded (the key is stored regardless); says what to add by hand.
    pub config_warning: Option<ConfigError>,
    /// The profile a run without `--profile` uses after this login.
    pub default_profile: ProfileName,
}

/// Runs `dormant login` to completion.
pub async fn run(args: LoginArgs, global: &GlobalArgs) -> Result<(), LoginError> {
    let paths = Paths::platform().map_err(SettingsError::from)?;
    let settings = Settings::load_with(paths, global, &args.api, ProfileLookup::OrNew)?;
    if args.smtp {
        return store_smtp_password(&settings.profile.name).await;
    }
    let key = read_key(&settings.profile.name)?;
    let keychain = credentials::run_blocking(Keychain::platform)
        .await
        .map_err(LoginError::Store)?;
    let outcome = login(&settings, key, keychain).await?;
    print!("{}", describe(&outcome));
    Ok(())
}

/// Verifies `key` against the API (refusing to store a key that does not work), stores it for
/// the settings' profile in `keychain`, then records the profile in the config if absent.
pub async fn login(settings: &Settings, key: Secret, keychain: Keychain) -> Result<LoginOutcome, LoginError> {
    let client = Client::new(ClientConfig::new(settings.base_url.clone(), key.clone()))
        .map_err(|error| LoginError::Refused(error.into()))?;
    let verified = verify_key(&client, settings.org_id.as_ref().map(OrgId::as_str))
        .await
        .map_err(LoginError::Refused)?;
    let org_id = OrgId::try_from(verified.org_id.clone()).map_err(LoginError::OrgId)?;
    let profile = settings.profile.name.clone();
    let stored_in = keychain.kind();
    let store_profile = profile.clone();
    credentials::run_blocking(move || keychain.save(&store_profile, &key))
        .await
        .map_err(LoginError::Store)?;
    let record = ProfileRecord {
        name: profile.clone(),
        org_id,
        base_url: non_default(&settings.base_url),
    };
    let (recorded_in, config_warning) = match config::record_profile(&settings.config, &record) {
        Ok(true) => (Some(settings.config.path().to_path_buf()), None),
        Ok(false) => (None, None),
        Err(error) => (None, Some(error)),
    };
    // Mirrors `record_profile`: the first profile of a file becomes its default.
    let config = &settings.config;
    let default_profile =
        if recorded_in.is_some() && config.default_profile().is_none() && !config.has_profiles() {
            profile.clone()
        } else {
            config.profile_name(None)
        };
    Ok(LoginOutcome {
        profile,
        verified,
        stored_in,
        recorded_in,
        config_warning,
        default_profile,
    })
}

/// The lines `dormant login` prints: never the key.
#[must_use]
pub fn describe(outcome: &LoginOutcome) -> String {
    let verified = &outcome.verified;
    let seen = if verified.visible.len() > 1 {
        format!(" (it sees {} orgs)", verified.visible.len())
    } else {
        String::new()
    };
    let mut lines = vec![
        format!(
            "Verified: the key reads org {:?} ({}) and its user directories, as an org admin key does{seen}.",
            verified.org_name, verified.org_id
        ),
        format!(
            "Stored it for profile {} in {} (service \"{}\", user \"{}\").",
            outcome.profile,
            outcome.stored_in,
            credentials::KEYCHAIN_SERVICE,
            outcome.profile
        ),
    ];
    if let Some(path) = &outcome.recorded_in {
        lines.push(format!(
            "Added [profiles.{}] to {}.",
            outcome.profile,
            path.display()
        ));
    }
    if let Some(warning) = &outcome.config_warning {
        lines.push(format!("warning: {warning}"));
    }
    if outcome.default_profile != outcome.profile {
        lines.push(format!(
            "note: plain `dormant` uses profile {}; add `--profile {}` (or set default_profile in the \
             config) to use this one.",
            outcome.default_profile, outcome.profile
        ));
    }
    if std::env::var_os(credentials::KEY_ENV_VAR).is_some() {
        lines.push(format!(
            "note: {} is set in this environment and takes precedence over the keychain.",
            credentials::KEY_ENV_VAR
        ));
    }
    lines.push("Next: run `dormant` (or `dormant status` to check the setup).".to_owned());
    lines.join("\n") + "\n"
}

/// The base URL worth recording: nothing for Atlassian's own API, which is the default anyway.
fn non_default(url: &Url) -> Option<Url> {
    let default = Url::parse(crate::api::DEFAULT_BASE_URL).ok();
    (default.as_ref() != Some(url)).then(|| url.clone())
}

/// The key from a hidden prompt on the terminal, or from stdin when it is piped.
/// `dormant login --smtp`: the password read like a key (prompt or stdin), kept verbatim but for
/// the line ending, stored under service `dormant-smtp` for the profile.
async fn store_smtp_password(profile: &ProfileName) -> Result<(), LoginError> {
    let raw = read_secret(&format!(
        "SMTP password for profile {profile} (typing is hidden): "
    ))?;
    let password = raw.trim_end_matches(['\r', '\n']);
    if password.is_empty() {
        return Err(LoginError::EmptySmtpPassword);
    }
    let password = Secret::new(password.to_owned());
    let keychain = credentials::run_blocking(Keychain::platform)
        .await
        .map_err(LoginError::Store)?;
    let kind = keychain.kind();
    let store_profile = profile.clone();
    credentials::run_blocking(move || keychain.save_smtp_password(&store_profile, &password))
        .await
        .map_err(LoginError::Store)?;
    println!("SMTP password for profile {profile} stored in {kind}");
    Ok(())
}

fn read_key(profile: &ProfileName) -> Result<Secret, LoginError> {
    parse_key(&read_secret(&format!(
        "Org API key for profile {profile} (create one at admin.atlassian.com → Settings → API keys; \
         typing is hidden): "
    ))?)
}

/// A hidden prompt on a terminal, else stdin (at most `MAX_KEY_BYTES`).
fn read_secret(prompt: &str) -> Result<String, LoginError> {
    let raw = if io::stdin().is_terminal() {
        rpassword::prompt_password(prompt).map_err(LoginError::Read)?
    } else {
        let mut text = String::new();
        io::stdin()
            .take(MAX_KEY_BYTES)
            .read_to_string(&mut text)
            .map_err(LoginError::Read)?;
        text
    };
    Ok(raw)
}

/// Trims surrounding whitespace (a trailing newline from `echo` or a paste) and refuses what
/// cannot be a key.
pub fn parse_key(raw: &str) -> Result<Secret, LoginError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(LoginError::Empty);
    }
    if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(LoginError::Malformed);
    }
    Ok(Secret::new(trimmed.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_trimmed_and_broken_pastes_refused() {
        let key = parse_key("  abc-123\n").expect("key");
        assert_eq!(key.expose(), "abc-123");
        assert!(matches!(parse_key("\n \n"), Err(LoginError::Empty)));
        assert!(matches!(parse_key("abc def"), Err(LoginError::Malformed)));
        assert!(LoginError::Empty.is_usage());
    }

    #[test]
    fn only_a_non_default_base_url_is_recorded() {
        let default = Url::parse(crate::api::DEFAULT_BASE_URL).expect("url");
        assert_eq!(non_default(&default), None);
        let sim = Url::parse("http://127.0.0.1:4000/").expect("url");
        assert_eq!(non_default(&sim), Some(sim));
    }
}
