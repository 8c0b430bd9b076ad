//! `dormant warn`: loads the org like `dormant plan`, selects users with `--filter`, records a
//! warning for each (with its deadline) in the profile's warnings file, writes the notices CSV,
//! and with `--send` mails each notice through the configured SMTP server; `--withdraw RUN_ID`
//! takes a run back. Wiring only: records, templates, delivery and withdrawal are `warn`'s.

use super::batch_ui::{BatchCommandError, EXIT_PARTIAL, EXIT_REFUSED, say};
use super::report::load_from;
use super::settings::{ApiArgs, GlobalArgs, Settings};
use super::target::{self, TargetError};

mod withdraw;
use crate::directory::{GraceDays, Lane};
use crate::report::{Selection, check_syntax};
use crate::store::credentials::{self, CredentialError, Keychain};
use crate::store::{AuditError, AuditLog, FileError, atomic};
use crate::types::{BatchId, Secret};
use crate::warn::{
    DEFAULT_TEMPLATE, MailError, Mailer, Template, TemplateError, WarnStore, WarnStoreError, WarningRun,
    WithdrawError, write_notices,
};
use chrono::Utc;
use clap::Args;
use std::path::PathBuf;
use thiserror::Error;

/// Used instead of the keychain when set (CI, automation), like `DORMANT_API_KEY`.
pub const SMTP_PASSWORD_ENV_VAR: &str = "DORMANT_SMTP_PASSWORD";
/// Largest template file read; a notice is a few paragraphs.
const MAX_TEMPLATE_BYTES: u64 = 64 * 1024;

/// Flags of `dormant warn`.
#[derive(Debug, Args)]
pub struct WarnArgs {
    /// Users to warn, e.g. "lane:review idle:>90" (`dormant report --help` shows the grammar).
    #[arg(long, value_name = "EXPR", required_unless_present_any = ["withdraw", "view"])]
    filter: Option<String>,
    /// Warn the users of the view NAME (`[views.NAME]` in the config, or a built-in one:
    /// cleanup-ready, never-active, unmanaged-idle, warned-and-due); not with --filter.
    #[arg(long, value_name = "NAME", conflicts_with = "filter")]
    view: Option<String>,
    /// Withdraw warning run `RUN_ID` instead (`dormant history` lists runs as "warn"): its
    /// warnings are removed and logged; notices already mailed cannot be unsent.
    #[arg(
        long,
        value_name = "RUN_ID",
        value_parser = BatchId::parse,
        conflicts_with_all = ["filter", "view", "grace", "send", "output"]
    )]
    withdraw: Option<BatchId>,
    /// Days until the deadline, e.g. 14d (default: `grace` in the config, else 14d).
    #[arg(long, value_name = "DAYS")]
    grace: Option<GraceDays>,
    /// Also mail each notice through the `[smtp]` server of the config.
    #[arg(long)]
    send: bool,
    /// Where to write the notices CSV (default: next to the warnings file, named after the run).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    api: ApiArgs,
}

/// Why `dormant warn` did not fully succeed.
#[derive(Debug, Error)]
pub enum WarnCommandError {
    #[error(transparent)]
    Batch(#[from] BatchCommandError),
    #[error("{} (warning_template in the config): {source}", path.display())]
    Template {
        path: PathBuf,
        #[source]
        source: TemplateError,
    },
    #[error("the shipped warning template is invalid: {0}; this is a dormant bug, please report it")]
    ShippedTemplate(#[source] TemplateError),
    #[error(transparent)]
    File(#[from] FileError),
    #[error(
        "--send needs an [smtp] table (host, port, tls, sender) in {} for profile {profile}; nothing \
         was recorded",
        config.display()
    )]
    NoSmtp { config: PathBuf, profile: String },
    #[error(
        "{SMTP_PASSWORD_ENV_VAR} is set but empty or not UTF-8: unset it to use the keychain, or set it \
         to the SMTP password"
    )]
    SmtpPasswordEnv,
    #[error("--filter selected nobody to warn (protected users are never warned); nothing was recorded")]
    NothingToWarn,
    #[error(transparent)]
    Mail(#[from] MailError),
    #[error(transparent)]
    Credentials(#[from] CredentialError),
    #[error(transparent)]
    Store(#[from] WarnStoreError),
    #[error(transparent)]
    Audit(#[from] AuditError),
    #[error(transparent)]
    Withdraw(#[from] WithdrawError),
    #[error(
        "{failed} of {total} notice(s) were not delivered; the reasons are in {}, the notices in {}",
        store.display(),
        csv.display()
    )]
    Undelivered {
        failed: usize,
        total: usize,
        store: PathBuf,
        csv: PathBuf,
    },
}

impl WarnCommandError {
    /// 2 for what the config or command line must fix, 3 when some notices failed, else 1.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Batch(error) => error.exit_code(),
            Self::Template { .. } | Self::NoSmtp { .. } | Self::Mail(_) | Self::SmtpPasswordEnv => 2,
            Self::NothingToWarn => EXIT_REFUSED,
            Self::Credentials(error) if error.is_usage() => 2,
            Self::Undelivered { .. } => EXIT_PARTIAL,
            Self::Withdraw(error) => error.exit_code(),
            _ => 1,
        }
    }
}

pub async fn run(args: WarnArgs, global: &GlobalArgs) -> Result<(), WarnCommandError> {
    if let Some(run_id) = &args.withdraw {
        return withdraw::run(run_id, global, &args.api);
    }
    if args.filter.is_none() && args.view.is_none() {
        return Err(BatchCommandError::Filter(
            "--filter or --view (or --withdraw RUN_ID) is required".to_owned(),
        )
        .into());
    }
    check_syntax(args.filter.as_deref(), None)
        .map_err(|error| BatchCommandError::Filter(error.to_string()))?;
    let target = target::resolve(global, &args.api, None)
        .await
        .map_err(BatchCommandError::from)?;
    let settings = &target.settings;
    // Plan and warn have no --sort: a view's order is not theirs (README, "Views").
    let (filter, _) = settings
        .selection_text(args.view.as_deref(), args.filter.clone(), None)
        .map_err(|error| BatchCommandError::from(TargetError::from(error)))?;
    settings.permission().check().map_err(BatchCommandError::from)?;
    let template = template_of(settings)?;
    // Everything --send needs is checked before anything is recorded.
    let mailer = if args.send {
        Some(mailer_of(settings).await?)
    } else {
        None
    };
    let directory = load_from(&target.client, &target.org_id, &settings.paths)
        .await
        .map_err(BatchCommandError::from)?;
    let org_name = directory.org.name.clone();
    let index = settings.index(directory);
    let selection = Selection::parse(&index, filter.as_deref(), None)
        .map_err(|error| BatchCommandError::Filter(error.to_string()))?;
    let (rows, protected): (Vec<u32>, Vec<u32>) = selection
        .rows(&index)
        .into_iter()
        .partition(|&row| index.lane(row) != Lane::Protected);
    if !protected.is_empty() {
        say(format_args!(
            "{} protected user(s) skipped: they are never acted on, so never warned",
            protected.len()
        ));
    }
    if rows.is_empty() {
        return Err(WarnCommandError::NothingToWarn);
    }
    let grace = args.grace.unwrap_or(settings.profile.policy.warning.grace);
    let mut run = WarningRun::build(&index, &rows, grace, Utc::now());
    let store = WarnStore::new(&settings.paths, &settings.profile.name);
    store.save(&run)?;
    let csv = args.output.clone().unwrap_or_else(|| store.notices_path(&run));
    write_notices(&csv, &run, &template, &org_name)?;
    say(format_args!(
        "warned {} user(s) (run {}, deadline {}); notices written to {}",
        run.records.len(),
        run.batch_id,
        grace.deadline_from(run.created_at).format("%Y-%m-%d"),
        csv.display()
    ));
    if let Some(mailer) = mailer {
        mailer.send_run(&mut run, &template, &org_name, Utc::now).await;
        store.update(&run)?;
    }
    let (sent, failed) = run.delivery_counts();
    audit(&target, &run, &org_name, &store)?;
    if args.send {
        say(format_args!("mailed {sent} notice(s), {failed} failed"));
    }
    if failed > 0 {
        return Err(WarnCommandError::Undelivered {
            failed,
            total: run.records.len(),
            store: store.path().to_path_buf(),
            csv,
        });
    }
    Ok(())
}

/// The config's `warning_template`, else the shipped one, checked before anything is recorded.
pub(crate) fn template_of(settings: &Settings) -> Result<Template, WarnCommandError> {
    let Some(path) = &settings.profile.notices.template else {
        return Template::parse(DEFAULT_TEMPLATE).map_err(WarnCommandError::ShippedTemplate);
    };
    let text = atomic::read_to_string_bounded(path, MAX_TEMPLATE_BYTES)?;
    Template::parse(&text).map_err(|source| WarnCommandError::Template {
        path: path.clone(),
        source,
    })
}

/// The SMTP mailer of the profile; its password from `DORMANT_SMTP_PASSWORD`, else the keychain
/// (service `dormant-smtp`, user = profile), read only when a `username` is configured.
async fn mailer_of(settings: &Settings) -> Result<Mailer, WarnCommandError> {
    let smtp = settings
        .profile
        .notices
        .smtp
        .clone()
        .ok_or_else(|| WarnCommandError::NoSmtp {
            config: settings.config.path().to_path_buf(),
            profile: settings.profile.name.to_string(),
        })?;
    let password = match (&smtp.username, std::env::var_os(SMTP_PASSWORD_ENV_VAR)) {
        (None, _) => None,
        (Some(_), Some(value)) => match value.into_string() {
            Ok(text) if !text.is_empty() => Some(Secret::new(text)),
            _ => return Err(WarnCommandError::SmtpPasswordEnv),
        },
        (Some(_), None) => {
            let profile = settings.profile.name.clone();
            credentials::run_blocking(move || Keychain::platform()?.read_smtp_password(&profile)).await?
        }
    };
    Ok(Mailer::new(
        &smtp,
        password.as_ref(),
        settings.profile.name.as_str(),
    )?)
}

/// One audit line per warning run, which `dormant history` lists with action "warn".
fn audit(
    target: &target::Target,
    run: &WarningRun,
    org_name: &str,
    store: &WarnStore,
) -> Result<(), AuditError> {
    let record = run.audit_record(
        &target.operator,
        (&target.org_id, org_name),
        Utc::now(),
        store.path().to_path_buf(),
    );
    AuditLog::new(&target.settings.paths).append(&record)
}
