//! Delivering notices over SMTP with lettre (tokio, rustls): one connection setup per run, one
//! message per record, paced, each outcome written into the record. Must not decide who is
//! warned, and never puts the SMTP password in a message, log or error.

use super::notice::Template;
use super::record::{Delivery, WarningRun};
use crate::store::config::{SmtpSettings, SmtpTls};
use crate::types::Secret;
use chrono::{DateTime, Utc};
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

pub use crate::store::credentials::SMTP_KEYCHAIN_SERVICE as SMTP_SERVICE;

/// How long one SMTP exchange may take before the notice counts as failed.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// Why no notice could be sent at all (a single notice's failure is recorded in its record).
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("the SMTP host `{host}` in the config cannot be used: {reason}; correct `[smtp] host`")]
    Host { host: String, reason: String },
    #[error("the sender `{sender}` in the config is not a mail address lettre accepts: {reason}")]
    Sender { sender: String, reason: String },
    #[error(
        "`[smtp] username` is set but no SMTP password is stored for profile {profile} (keychain service \
         `dormant-smtp`); run `dormant login --smtp` first, or set DORMANT_SMTP_PASSWORD"
    )]
    MissingPassword { profile: String },
}

/// A configured SMTP transport and sender, ready to send a run's notices.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    sender: Mailbox,
    pace: Duration,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("sender", &self.sender.to_string())
            .field("pace", &self.pace)
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// A mailer for `settings`; `password` is required when a `username` is configured.
    pub fn new(settings: &SmtpSettings, password: Option<&Secret>, profile: &str) -> Result<Self, MailError> {
        let host_error = |error: lettre::transport::smtp::Error| MailError::Host {
            host: settings.host.clone(),
            reason: error.to_string(),
        };
        let builder = match settings.tls {
            SmtpTls::Tls => {
                AsyncSmtpTransport::<Tokio1Executor>::relay(&settings.host).map_err(host_error)?
            }
            SmtpTls::Starttls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&settings.host).map_err(host_error)?
            }
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host),
        };
        let mut builder = builder.port(settings.port).timeout(Some(SMTP_TIMEOUT));
        if let Some(username) = &settings.username {
            let password = password.ok_or_else(|| MailError::MissingPassword {
                profile: profile.to_owned(),
            })?;
            builder = builder.credentials(Credentials::new(username.clone(), password.expose().to_owned()));
        }
        let sender = settings
            .sender
            .as_str()
            .parse::<Mailbox>()
            .map_err(|error| MailError::Sender {
                sender: settings.sender.as_str().to_owned(),
                reason: error.to_string(),
            })?;
        Ok(Self {
            transport: builder.build(),
            sender,
            pace: Duration::from_millis(settings.pace_ms.get()),
        })
    }

    /// Sends every record's notice, at least the configured pace apart, and records each outcome
    /// (stamped by `clock`). Records without an email address fail without a connection.
    pub async fn send_run(
        &self,
        run: &mut WarningRun,
        template: &Template,
        org: &str,
        clock: impl Fn() -> DateTime<Utc>,
    ) {
        let mut pacer = (!self.pace.is_zero()).then(|| {
            let mut interval = tokio::time::interval(self.pace);
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            interval
        });
        for record in &mut run.records {
            let Some(email) = record.email.clone() else {
                record.delivery = Delivery::Failed {
                    at: clock(),
                    reason: "no email address in the directory".to_owned(),
                };
                continue;
            };
            if let Some(pacer) = pacer.as_mut() {
                pacer.tick().await;
            }
            let notice = template.render(record, org);
            let outcome = self
                .send_one(&record.name, &email, &notice.subject, notice.body)
                .await;
            record.delivery = match outcome {
                Ok(()) => Delivery::Sent { at: clock() },
                Err(reason) => Delivery::Failed { at: clock(), reason },
            };
        }
    }

    async fn send_one(&self, name: &str, email: &str, subject: &str, body: String) -> Result<(), String> {
        let address = email
            .parse()
            .map_err(|error| format!("`{email}` is not a mail address: {error}"))?;
        let message = Message::builder()
            .from(self.sender.clone())
            .to(Mailbox::new(Some(name.to_owned()), address))
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|error| format!("the message could not be built: {error}"))?;
        self.transport
            .send(message)
            .await
            .map(drop)
            .map_err(|error| format!("the SMTP server refused or failed: {error}"))
    }
}
