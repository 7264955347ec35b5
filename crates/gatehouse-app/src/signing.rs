//! The signing key of audit packages: where it lives (beside the identity), how it is made
//! (`gatehouse keygen --signing`) and unlocked. The file is the key's text encrypted with a
//! passphrase as the identity is (age scrypt, armoured: `age -d` opens it too).

use std::path::{Path, PathBuf};

use age::secrecy::{ExposeSecret, SecretString};
use chrono::NaiveDate;
use gatehouse_export::sign::SigningKey;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, AppResult, ErrorCode};
use crate::identity;

/// `$GATEHOUSE_SIGNING_KEY`, else `signing.age` beside the identity file.
pub fn default_path() -> PathBuf {
    path_beside(&identity::default_path())
}

/// `$GATEHOUSE_SIGNING_KEY`, else `signing.age` beside the identity file at `identity`.
pub fn path_beside(identity: &Path) -> PathBuf {
    if let Some(path) = std::env::var_os("GATEHOUSE_SIGNING_KEY").filter(|p| !p.is_empty()) {
        return PathBuf::from(path);
    }
    identity.with_file_name("signing.age")
}

/// What a person sees of a signing key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignerInfo {
    pub path: String,
    /// The certificate's subject (common name).
    pub signer: String,
    /// SHA-256 of the certificate, lowercase hex.
    pub fingerprint: String,
    /// The minisign public key file's text (`signer.pub`).
    pub minisign_public: String,
}

pub fn info(path: &Path, key: &SigningKey) -> SignerInfo {
    SignerInfo {
        path: path.display().to_string(),
        signer: key.signer_name(),
        fingerprint: key.fingerprint(),
        minisign_public: key.minisign_public(),
    }
}

/// Makes a new signing key for `name` of `organization` at `path` (refusing to overwrite
/// one), protected by `passphrase` or, when `None`, in the clear.
pub fn create(
    path: &Path,
    passphrase: Option<SecretString>,
    name: &str,
    organization: &str,
    today: NaiveDate,
) -> AppResult<SigningKey> {
    if path.exists() {
        return Err(AppError::new(
            ErrorCode::SigningKeyExists,
            format!(
                "{}: a signing key already exists here; refusing to overwrite it",
                path.display()
            ),
        ));
    }
    if name.trim().is_empty() {
        return Err(AppError::new(
            ErrorCode::Usage,
            "give the signer's name (--name \"Ana Silva, Compliance\"): it is the certificate's subject",
        ));
    }
    if let Some(p) = &passphrase {
        identity::check_passphrase(p)?;
    }
    let key = SigningKey::generate(name.trim(), organization.trim(), today)?;
    let text = SecretString::from(key.to_text()?);
    gatehouse_vault::write_protected(path, &text, passphrase.as_ref())?;
    Ok(key)
}

/// Imports the organisation's signing key from the PKCS#12 file `p12` (opened with
/// `p12_passphrase`): its ECDSA P-256 key and certificate sign binders, a new minisign key
/// beside them signs bags. Kept at `path` as [`create`] keeps a new key (refusing to
/// overwrite one); nothing is written when the file is refused.
pub fn import(
    path: &Path,
    p12: &Path,
    p12_passphrase: &SecretString,
    passphrase: Option<SecretString>,
) -> AppResult<SigningKey> {
    if path.exists() {
        return Err(AppError::new(
            ErrorCode::SigningKeyExists,
            format!(
                "{}: a signing key already exists here; refusing to overwrite it",
                path.display()
            ),
        ));
    }
    let data = fs_err::read(p12).map_err(|e| AppError::new(ErrorCode::Io, e.to_string()))?;
    let key = SigningKey::from_pkcs12(&data, p12_passphrase.expose_secret()).map_err(|e| {
        let code = ErrorCode::from(&e);
        AppError::new(code, format!("{}: {e}", p12.display()))
    })?;
    if let Some(p) = &passphrase {
        identity::check_passphrase(p)?;
    }
    let text = SecretString::from(key.to_text()?);
    gatehouse_vault::write_protected(path, &text, passphrase.as_ref())?;
    Ok(key)
}

/// Reads the signing key at `path`; `passphrase` is used only when the file is protected.
pub fn unlock(path: &Path, passphrase: Option<SecretString>) -> AppResult<SigningKey> {
    if !path.exists() {
        return Err(AppError::new(
            ErrorCode::SigningKeyNotFound,
            format!(
                "{}: no signing key here; make one with `gatehouse keygen --signing` or give --sign-key FILE",
                path.display()
            ),
        ));
    }
    let text = gatehouse_vault::read_protected(path, || passphrase)?;
    SigningKey::from_text(text.expose_secret()).map_err(|e| {
        AppError::new(
            ErrorCode::SigningKeyInvalid,
            format!("{}: {e}", path.display()),
        )
    })
}
