//! `dormant status`: which profile and org a run would use, where the key lives (environment or
//! keychain) and whether it still works, without ever printing it. Exits non-zero when there is no
//! usable key, so scripts can check before they start. Wiring only.

use crate::api::{ApiError, Client, ClientConfig};
use crate::cli::login::{VerifyError, verify_key};
use crate::cli::settings::{ApiArgs, GlobalArgs, Settings, SettingsError};
use crate::store::credentials::{self, CredentialError, KEY_ENV_VAR, Keychain};
use crate::types::{OrgId, Secret};
use clap::Args;
use thiserror::Error;

/// Flags of `dormant status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub api: ApiArgs,
}

/// Why `dormant status` reports failure (after printing everything it found).
#[derive(Debug, Error)]
pub enum StatusError {
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error("no usable API key for profile {profile} (see above)")]
    NoUsableKey {
        profile: String,
        /// Whether the admin must fix their setup (vs. a network or server failure).
        usage: bool,
    },
    /// The host did not answer: nothing is known about the key.
    #[error(
        "could not reach the API at {api} (see above), so the key of profile {profile} was not checked: \
         check the network and any proxy, and the API address (`base_url` in the profile, --base-url or \
         DORMANT_BASE_URL); run `dormant status` again to check once it answers"
    )]
    Unreachable { api: String, profile: String },
    /// The host answered with failures (5xx, rate limits): nothing is known about the key.
    #[error(
        "the API at {api} failed (see above), so the key of profile {profile} was not checked; run \
         `dormant status` again later"
    )]
    ApiFailed { api: String, profile: String },
}

impl StatusError {
    /// Whether the admin must fix their setup (exit code 2).
    #[must_use]
    pub fn is_usage(&self) -> bool {
        match self {
            Self::Settings(error) => error.is_usage(),
            Self::NoUsableKey { usage, .. } => *usage,
            Self::Unreachable { .. } | Self::ApiFailed { .. } => false,
        }
    }
}

/// Runs `dormant status` to completion.
pub async fn run(args: StatusArgs, global: &GlobalArgs) -> Result<(), StatusError> {
    let settings = Settings::load(global, &args.api)?;
    let mut report = describe_settings(&settings);
    let resolved = match credentials::key_from_env(std::env::var_os(KEY_ENV_VAR)) {
        Ok(Some(key)) => Ok((
            key,
            format!("the environment variable {KEY_ENV_VAR} (overrides the keychain)"),
        )),
        Ok(None) => from_keychain(&settings, &mut report).await,
        Err(error) => Err(error),
    };
    let verdict = match resolved {
        Err(error) => {
            line(&mut report, "key", &format!("not usable: {error}"));
            Verdict::Broken {
                usage: error.is_usage(),
            }
        }
        Ok((key, source)) => {
            line(&mut report, "key", &format!("in {source}"));
            check(&settings, key, &mut report).await
        }
    };
    print!("{report}");
    let profile = settings.profile.name.to_string();
    let api = settings.base_url.to_string();
    match verdict {
        Verdict::Works => Ok(()),
        Verdict::Broken { usage } => Err(StatusError::NoUsableKey { profile, usage }),
        Verdict::Unreachable => Err(StatusError::Unreachable { api, profile }),
        Verdict::ApiFailed => Err(StatusError::ApiFailed { api, profile }),
    }
}

/// The key stored for the profile, after a line saying which keychain was asked (and why, when
/// it is the fallback).
async fn from_keychain(
    settings: &Settings,
    report: &mut String,
) -> Result<(Secret, String), CredentialError> {
    let keychain = credentials::run_blocking(Keychain::platform).await?;
    let kind = keychain.kind();
    let described = match keychain.fallback_reason() {
        Some(reason) => format!("{kind} (the Secret Service is unavailable: {reason})"),
        None => kind.to_string(),
    };
    line(report, "keychain", &described);
    let profile = settings.profile.name.clone();
    let stored = credentials::run_blocking(move || keychain.read(&profile)).await?;
    match stored {
        Some(key) if !key.is_empty() => Ok((key, kind.to_string())),
        Some(_) | None => Err(CredentialError::NotStored {
            profile: settings.profile.name.clone(),
            keychain: kind,
        }),
    }
}

/// Profile, config file, API and org, as a run would use them.
#[must_use]
pub fn describe_settings(settings: &Settings) -> String {
    let mut report = String::new();
    let profile = &settings.profile;
    let origin = if profile.configured {
        "configured"
    } else {
        "not in the config: defaults"
    };
    line(&mut report, "profile", &format!("{} ({origin})", profile.name));
    let config = settings.config.path().display();
    let config = if settings.config.exists() {
        config.to_string()
    } else {
        format!("{config} (absent: defaults apply)")
    };
    line(&mut report, "config", &config);
    line(&mut report, "api", settings.base_url.as_str());
    let org = settings.org_id.as_ref().map_or_else(
        || "not set: discovered from the key".to_owned(),
        ToString::to_string,
    );
    line(&mut report, "org", &org);
    let mode = if profile.read_only {
        "read-only"
    } else {
        "read-write"
    };
    line(
        &mut report,
        "mode",
        &format!("{mode}, at most {} accounts per batch", profile.cap.get()),
    );
    line(
        &mut report,
        "excluded",
        &format!(
            "{} accounts ({})",
            settings.exclusions.len(),
            settings.allowlist_file.path().display()
        ),
    );
    report
}

/// Whether the key works; when not, whether the fix is the admin's (exit code 2) or not (1), or
/// whether the API could not tell (the key was never judged).
enum Verdict {
    Works,
    Broken { usage: bool },
    Unreachable,
    ApiFailed,
}

/// Asks the API whether the key still works for the org; says so either way.
async fn check(settings: &Settings, key: Secret, report: &mut String) -> Verdict {
    let client = match Client::new(ClientConfig::new(settings.base_url.clone(), key)) {
        Ok(client) => client,
        Err(error) => {
            line(report, "works", &format!("no: {error}"));
            return Verdict::Broken { usage: false };
        }
    };
    match verify_key(&client, settings.org_id.as_ref().map(OrgId::as_str)).await {
        Ok(verified) => {
            line(
                report,
                "works",
                &format!("yes: reads org {:?} ({})", verified.org_name, verified.org_id),
            );
            Verdict::Works
        }
        Err(VerifyError::Api(error @ ApiError::Transport { .. })) => {
            line(report, "works", &format!("not checked: {error}"));
            Verdict::Unreachable
        }
        Err(VerifyError::Api(error @ (ApiError::Server { .. } | ApiError::RateLimited { .. }))) => {
            line(report, "works", &format!("not checked: {error}"));
            Verdict::ApiFailed
        }
        Err(error) => {
            line(report, "works", &format!("no: {error}"));
            Verdict::Broken {
                usage: error.is_usage(),
            }
        }
    }
}

fn line(report: &mut String, label: &str, value: &str) {
    let padded = format!("{label:<9} {value}\n");
    report.push_str(&padded);
}
