//! Where the user's identity lives and how it is created and unlocked.

use std::path::{Path, PathBuf};

use age::secrecy::SecretString;
use gatehouse_vault::{Identity, Recipient};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, AppResult, ErrorCode};

/// `$GATEHOUSE_IDENTITY`, else `<config dir>/gatehouse/identity.age`.
pub fn default_path() -> PathBuf {
    if let Some(path) = std::env::var_os("GATEHOUSE_IDENTITY").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    dirs::config_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("gatehouse")
        .join("identity.age")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IdentityStatus {
    pub path: String,
    pub exists: bool,
    /// Whether unlocking needs a passphrase.
    pub protected: bool,
    /// Whether it is unlocked in this session.
    pub unlocked: bool,
    /// The public key, once unlocked.
    pub recipient: Option<String>,
}

pub fn status(path: &Path, unlocked: Option<&Identity>) -> IdentityStatus {
    let exists = path.exists();
    IdentityStatus {
        path: path.display().to_string(),
        exists,
        protected: exists && Identity::needs_passphrase(path).unwrap_or(true),
        unlocked: unlocked.is_some(),
        recipient: unlocked.map(|i| i.recipient().to_string()),
    }
}

/// Creates a new identity at `path` (refusing to overwrite one), protected by `passphrase`
/// or, when `None`, stored in the clear.
pub fn create(path: &Path, passphrase: Option<SecretString>) -> AppResult<Identity> {
    if path.exists() {
        return Err(AppError::new(
            ErrorCode::IdentityExists,
            format!(
                "{}: an identity already exists here; refusing to overwrite it",
                path.display()
            ),
        ));
    }
    if let Some(p) = &passphrase {
        check_passphrase(p)?;
    }
    let identity = Identity::generate();
    identity.write(path, passphrase.as_ref())?;
    Ok(identity)
}

/// Refuses a new passphrase that is too short to protect a key.
pub fn check_passphrase(passphrase: &SecretString) -> AppResult<()> {
    use age::secrecy::ExposeSecret;
    if passphrase.expose_secret().chars().count() < 8 {
        return Err(AppError::new(
            ErrorCode::WeakPassphrase,
            "choose a passphrase of at least 8 characters",
        ));
    }
    Ok(())
}

pub fn unlock(path: &Path, passphrase: Option<SecretString>) -> AppResult<Identity> {
    Ok(Identity::read(path, || passphrase)?)
}

pub fn parse_recipients(texts: &[String]) -> AppResult<Vec<Recipient>> {
    texts
        .iter()
        .map(|t| Recipient::parse(t).map_err(AppError::from))
        .collect()
}

pub(crate) fn locked() -> AppError {
    AppError::new(
        ErrorCode::IdentityLocked,
        "unlock your identity first: it holds the key that opens and saves vaults",
    )
}
