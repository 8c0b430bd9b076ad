//! The org API key in the operating system's keychain (service `dormant`, user = profile name),
//! and the run-time order env → keychain. Owns reading, saving and deleting the key; must never
//! write it to a file, log it, or put it in an error or `Debug` output.

mod error;
mod platform;
#[cfg(debug_assertions)]
mod test_store;

pub use error::CredentialError;
#[cfg(debug_assertions)]
pub use test_store::TEST_KEYCHAIN;

use crate::store::config::ProfileName;
use crate::types::Secret;
use keyring_core::{CredentialStore, Entry};
use std::ffi::OsString;
use std::fmt;
use std::sync::Arc;

/// The keychain service every dormant key is stored under; the user is the profile name.
pub const KEYCHAIN_SERVICE: &str = "dormant";
/// The keychain service of the SMTP password that sends warning notices; the user is the profile.
pub const SMTP_KEYCHAIN_SERVICE: &str = "dormant-smtp";
/// The environment variable that, when set, is used instead of the keychain (CI, automation).
pub const KEY_ENV_VAR: &str = "DORMANT_API_KEY";

/// Which keychain a [`Keychain`] talks to, for messages ("stored in …") and `dormant status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeychainKind {
    /// Linux desktop keyrings (GNOME Keyring, `KWallet`, `KeePassXC`) over D-Bus.
    SecretService,
    /// The Linux kernel's session keyring: in memory, gone at logout or reboot.
    KernelKeyring,
    MacosKeychain,
    WindowsCredentialManager,
    /// An in-memory store handed in by tests.
    Injected,
}

impl fmt::Display for KeychainKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::SecretService => "the Secret Service keyring (GNOME Keyring, KWallet or compatible)",
            Self::KernelKeyring => "the Linux kernel session keyring (kept in memory until logout or reboot)",
            Self::MacosKeychain => "the macOS login keychain",
            Self::WindowsCredentialManager => "the Windows Credential Manager",
            Self::Injected => "the injected credential store",
        })
    }
}

/// A handle to one keychain. Passed in, never a process-wide default, so tests use
/// `keyring_core::mock` per test. Every method blocks (D-Bus, Keychain Services): call them
/// from `tokio::task::spawn_blocking` or outside the runtime.
#[derive(Clone)]
pub struct Keychain {
    store: Arc<CredentialStore>,
    kind: KeychainKind,
    /// Why the preferred keychain was passed over for this one (shown by `status`).
    fallback_reason: Option<String>,
}

impl fmt::Debug for Keychain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keychain")
            .field("kind", &self.kind)
            .field("fallback_reason", &self.fallback_reason)
            .finish_non_exhaustive()
    }
}

impl Keychain {
    /// Wraps a store the caller built (tests: `keyring_core::mock::Store::new()`).
    #[must_use]
    pub fn new(store: Arc<CredentialStore>, kind: KeychainKind) -> Self {
        Self {
            store,
            kind,
            fallback_reason: None,
        }
    }

    /// The platform's keychain: Secret Service on Linux (kernel keyring when no Secret Service
    /// can be reached), the login keychain on macOS, Credential Manager on Windows. Blocking.
    /// Debug builds only: `DORMANT_TEST_KEYCHAIN` replaces it with a test store (see `test_store`).
    pub fn platform() -> Result<Self, CredentialError> {
        #[cfg(debug_assertions)]
        if let Some(keychain) = test_store::from_env(std::env::var_os(TEST_KEYCHAIN))? {
            return Ok(keychain);
        }
        platform::open()
    }

    #[must_use]
    pub fn kind(&self) -> KeychainKind {
        self.kind
    }

    /// Set when the platform's preferred keychain was unusable and this one was chosen instead.
    #[must_use]
    pub fn fallback_reason(&self) -> Option<&str> {
        self.fallback_reason.as_deref()
    }

    /// Stores (or replaces) the key of `profile`.
    pub fn save(&self, profile: &ProfileName, key: &Secret) -> Result<(), CredentialError> {
        let entry = self.entry(profile)?;
        entry
            .set_password(key.expose())
            .map_err(|error| self.error("save the key in", profile, &error))
    }

    /// The key of `profile`, or `None` when none is stored.
    pub fn read(&self, profile: &ProfileName) -> Result<Option<Secret>, CredentialError> {
        let entry = self.entry(profile)?;
        match entry.get_password() {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(error) => Err(self.error("read the key from", profile, &error)),
        }
    }

    /// Removes the key of `profile`; `false` when there was none.
    pub fn delete(&self, profile: &ProfileName) -> Result<bool, CredentialError> {
        let entry = self.entry(profile)?;
        match entry.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring_core::Error::NoEntry) => Ok(false),
            Err(error) => Err(self.error("delete the key from", profile, &error)),
        }
    }

    /// Stores (or replaces) the SMTP password of `profile` (service `dormant-smtp`).
    pub fn save_smtp_password(
        &self,
        profile: &ProfileName,
        password: &Secret,
    ) -> Result<(), CredentialError> {
        let entry = self.entry_of(SMTP_KEYCHAIN_SERVICE, profile)?;
        entry
            .set_password(password.expose())
            .map_err(|error| self.error("save the SMTP password in", profile, &error))
    }

    /// The SMTP password of `profile`, or `None` when none is stored.
    pub fn read_smtp_password(&self, profile: &ProfileName) -> Result<Option<Secret>, CredentialError> {
        let entry = self.entry_of(SMTP_KEYCHAIN_SERVICE, profile)?;
        match entry.get_password() {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(error) => Err(self.error("read the SMTP password from", profile, &error)),
        }
    }

    fn entry(&self, profile: &ProfileName) -> Result<Entry, CredentialError> {
        self.entry_of(KEYCHAIN_SERVICE, profile)
    }

    fn entry_of(&self, service: &str, profile: &ProfileName) -> Result<Entry, CredentialError> {
        Entry::new_in_store(&self.store, service, profile.as_str())
            .map_err(|error| self.error("open the entry in", profile, &error))
    }

    fn error(
        &self,
        action: &'static str,
        profile: &ProfileName,
        error: &keyring_core::Error,
    ) -> CredentialError {
        CredentialError::from_store(action, self.kind, self.fallback_reason.as_deref(), profile, error)
    }
}

/// Where the key in use came from, for `dormant status` and the TUI's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// `DORMANT_API_KEY` was set: the keychain was not consulted.
    Environment,
    Keychain(KeychainKind),
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Environment => write!(f, "the environment variable {KEY_ENV_VAR}"),
            Self::Keychain(kind) => kind.fmt(f),
        }
    }
}

/// The key to use and where it came from.
#[derive(Debug, Clone)]
pub struct ResolvedKey {
    pub key: Secret,
    pub source: KeySource,
}

/// The key from `DORMANT_API_KEY` when that is set (an empty value is an error, not "unset":
/// it is almost always a broken script), otherwise `None`.
pub fn key_from_env(value: Option<OsString>) -> Result<Option<Secret>, CredentialError> {
    let Some(value) = value else {
        return Ok(None);
    };
    let key = Secret::new(value.into_string().map_err(|_| CredentialError::EnvNotUnicode)?);
    if key.is_empty() {
        return Err(CredentialError::EnvEmpty);
    }
    Ok(Some(key))
}

/// The run-time order: `DORMANT_API_KEY` → the keychain `open_keychain` returns. The keychain
/// is opened only when the variable is unset. Blocking (see [`Keychain`]).
pub fn resolve_key(
    env_value: Option<OsString>,
    profile: &ProfileName,
    open_keychain: impl FnOnce() -> Result<Keychain, CredentialError>,
) -> Result<ResolvedKey, CredentialError> {
    if let Some(key) = key_from_env(env_value)? {
        return Ok(ResolvedKey {
            key,
            source: KeySource::Environment,
        });
    }
    let keychain = open_keychain()?;
    match keychain.read(profile)? {
        Some(key) if !key.is_empty() => Ok(ResolvedKey {
            key,
            source: KeySource::Keychain(keychain.kind()),
        }),
        Some(_) | None => Err(CredentialError::NotStored {
            profile: profile.clone(),
            keychain: keychain.kind(),
        }),
    }
}

/// [`resolve_key`] on the blocking pool, so a slow D-Bus or Keychain call never stalls the
/// async runtime's workers.
pub async fn resolve_key_async<F>(
    env_value: Option<OsString>,
    profile: ProfileName,
    open_keychain: F,
) -> Result<ResolvedKey, CredentialError>
where
    F: FnOnce() -> Result<Keychain, CredentialError> + Send + 'static,
{
    run_blocking(move || resolve_key(env_value, &profile, open_keychain)).await
}

/// Runs one keychain operation on tokio's blocking pool.
pub async fn run_blocking<T, F>(operation: F) -> Result<T, CredentialError>
where
    F: FnOnce() -> Result<T, CredentialError> + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(operation)
        .await
        .map_err(|error| CredentialError::TaskFailed(error.to_string()))?
}
