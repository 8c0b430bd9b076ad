//! Warn, then act: warning runs (who was told, when, until when), their persistence per profile
//! and their withdrawal, the notices rendered from a template into a CSV, and their delivery by
//! mail. Builds on the
//! directory (records come from an index) and the store (files); must not classify users (the
//! classifier takes `directory::Warnings` as an input) or touch the terminal.

mod mail;
mod notice;
mod record;
mod store;
mod withdraw;

pub use mail::{MailError, Mailer, SMTP_SERVICE};
pub use notice::{DEFAULT_TEMPLATE, Notice, PLACEHOLDERS, Template, TemplateError, write_csv};
pub use record::{Delivery, WarningRecord, WarningRun, warnings_of};
pub use store::{WarnStore, WarnStoreError, write_notices};
pub use withdraw::{WithdrawError, Withdrawal, Withdrawer, withdraw};
