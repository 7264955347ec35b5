use std::path::PathBuf;

/// Everything that can go wrong with a vault or an identity. Each variant has a stable code
/// (see [`VaultError::code`]) that hosts pass on; messages say what, where and what to do.
#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("{path}: none of your keys opens this vault (it was encrypted to other recipients, or its header was altered)")]
    WrongKey { path: PathBuf },
    #[error("{path}: wrong passphrase for this identity file")]
    WrongPassphrase { path: PathBuf },
    #[error("{path}: this identity file is protected by a passphrase; give it with the prompt, GATEHOUSE_PASSPHRASE or --passphrase-file")]
    PassphraseRequired { path: PathBuf },
    #[error("{path}: no identity file here; create one with `gatehouse keygen`")]
    IdentityNotFound { path: PathBuf },
    #[error("{path}: not an age identity file ({reason})")]
    NotAnIdentity { path: PathBuf, reason: String },
    #[error("{path}: not a Gatehouse vault ({reason})")]
    NotAVault { path: PathBuf, reason: String },
    #[error("{path}: the vault is cut short (it ends after {actual} bytes); {backup}")]
    Truncated {
        path: PathBuf,
        actual: u64,
        backup: Backup,
    },
    #[error(
        "{path}: the vault has been altered or damaged and fails its integrity check; {backup}"
    )]
    Tampered { path: PathBuf, backup: Backup },
    #[error("{path}: the vault uses schema {found}, newer than this Gatehouse understands ({supported}); update Gatehouse to open it")]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{recipient:?} is not an age X25519 recipient: {reason}")]
    InvalidRecipient { recipient: String, reason: String },
    #[error("a vault needs at least one recipient, or nobody could open it")]
    NoRecipients,
    #[error("the vault's audit chain is broken: {0}")]
    Chain(#[from] gatehouse_core::ChainError),
    #[error("the stored model is not valid: {0}")]
    InvalidModel(#[from] gatehouse_core::ValidationErrors),
    #[error("stored {kind} {key:?} could not be read: {message}")]
    Corrupt {
        kind: String,
        key: String,
        message: String,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("encryption failed: {0}")]
    Encrypt(String),
}

/// The previous save beside a damaged vault, when there is one: a message names the
/// `.bak` only when it exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup(pub Option<PathBuf>);

impl std::fmt::Display for Backup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(p) => write!(f, "the previous save is kept as {}", p.display()),
            None => write!(
                f,
                "no previous save is kept beside it (restore the file from a copy)"
            ),
        }
    }
}

impl VaultError {
    /// Stable machine code for hosts; never changes with the wording of the message.
    pub fn code(&self) -> &'static str {
        match self {
            VaultError::WrongKey { .. } => "wrong_key",
            VaultError::WrongPassphrase { .. } => "wrong_passphrase",
            VaultError::PassphraseRequired { .. } => "passphrase_required",
            VaultError::IdentityNotFound { .. } => "identity_not_found",
            VaultError::NotAnIdentity { .. } => "not_an_identity",
            VaultError::NotAVault { .. } => "not_a_vault",
            VaultError::Truncated { .. } => "truncated",
            VaultError::Tampered { .. } => "tampered",
            VaultError::NewerSchema { .. } => "newer_schema",
            VaultError::InvalidRecipient { .. } => "invalid_recipient",
            VaultError::NoRecipients => "no_recipients",
            VaultError::Chain(_) => "audit_chain_broken",
            VaultError::InvalidModel(_) => "invalid_model",
            VaultError::Corrupt { .. } => "corrupt_vault",
            VaultError::Io { .. } => "io",
            VaultError::Sqlite(_) => "database",
            VaultError::Encrypt(_) => "encrypt",
        }
    }
}

pub type Result<T, E = VaultError> = std::result::Result<T, E>;

pub(crate) fn io_error(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> VaultError + '_ {
    move |source| VaultError::Io {
        path: path.to_path_buf(),
        source,
    }
}
