//! Warning notices: records, mail to a real SMTP server on loopback, and `dormant warn` as a script runs it.
//! One test binary for the area (linking the library once); each module was a test crate of its own.

#[path = "support"]
mod support {
    pub mod home;
    pub mod smtp;
    pub mod users;
}

#[path = "warn/cli.rs"]
mod cli;
#[path = "warn/smtp.rs"]
mod smtp;
#[path = "warn/store.rs"]
mod store;
#[path = "warn/withdraw.rs"]
mod withdraw;
