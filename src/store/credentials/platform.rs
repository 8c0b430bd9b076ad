//! Opens the operating system's keychain. Owns the choice of store per platform (and the Linux
//! fallback order); must not read or write any key.

use super::{CredentialError, Keychain, KeychainKind};

/// Linux: the Secret Service over D-Bus; when none can be reached (a server without a desktop
/// session), the kernel's session keyring. A locked Secret Service is NOT passed over: it is
/// the admin's real keychain, and the error says to unlock it.
#[cfg(target_os = "linux")]
pub(super) fn open() -> Result<Keychain, CredentialError> {
    match zbus_secret_service_keyring_store::Store::new() {
        Ok(store) => Ok(Keychain::new(store, KeychainKind::SecretService)),
        Err(secret_service) => {
            let reason = describe(&secret_service);
            match linux_keyutils_keyring_store::Store::new() {
                Ok(store) => {
                    let mut keychain = Keychain::new(store, KeychainKind::KernelKeyring);
                    keychain.fallback_reason = Some(reason);
                    Ok(keychain)
                }
                Err(kernel) => Err(CredentialError::NoKeychain {
                    reason: format!(
                        "the Secret Service is unavailable ({reason}) and the kernel keyring too ({})",
                        describe(&kernel)
                    ),
                }),
            }
        }
    }
}

#[cfg(target_os = "macos")]
pub(super) fn open() -> Result<Keychain, CredentialError> {
    apple_native_keyring_store::keychain::Store::new()
        .map(|store| Keychain::new(store, KeychainKind::MacosKeychain))
        .map_err(|error| CredentialError::NoKeychain {
            reason: format!("the login keychain cannot be opened ({})", describe(&error)),
        })
}

#[cfg(target_os = "windows")]
pub(super) fn open() -> Result<Keychain, CredentialError> {
    windows_native_keyring_store::Store::new()
        .map(|store| Keychain::new(store, KeychainKind::WindowsCredentialManager))
        .map_err(|error| CredentialError::NoKeychain {
            reason: format!("the Credential Manager cannot be opened ({})", describe(&error)),
        })
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
pub(super) fn open() -> Result<Keychain, CredentialError> {
    Err(CredentialError::NoKeychain {
        reason: "dormant supports the keychains of Linux, macOS and Windows only".to_owned(),
    })
}

/// A store-opening error, described by kind. Opening a store never involves key bytes, but the
/// data-carrying variants are still not formatted, as everywhere else.
#[cfg(any(target_os = "linux", target_os = "macos", target_os = "windows"))]
fn describe(error: &keyring_core::Error) -> String {
    use keyring_core::Error as Store;
    match error {
        Store::PlatformFailure(reason) | Store::NoStorageAccess(reason) => reason.to_string(),
        Store::NotSupportedByStore(reason) | Store::BadStoreFormat(reason) => reason.clone(),
        Store::Invalid(attribute, reason) => format!("invalid {attribute}: {reason}"),
        _ => "the store could not be opened".to_owned(),
    }
}
