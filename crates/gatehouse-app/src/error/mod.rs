//! Errors as they cross to a host: a typed [`ErrorCode`] and a message. Each crate's error
//! enum maps to its codes here, by variant, so a new variant cannot go without one.

mod code;

use gatehouse_core::{EditError, ModelJsonError};
use gatehouse_export::ExportError;
use gatehouse_import::ImportError;
use gatehouse_vault::VaultError;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use code::ErrorCode;

/// An error as it crosses to a host: a stable `code` to act on, and a `message` for people.
/// Hosts never match on the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> AppError {
        AppError {
            code,
            message: message.into(),
        }
    }
}

impl From<&VaultError> for ErrorCode {
    fn from(e: &VaultError) -> ErrorCode {
        match e {
            VaultError::WrongKey { .. } => ErrorCode::WrongKey,
            VaultError::WrongPassphrase { .. } => ErrorCode::WrongPassphrase,
            VaultError::PassphraseRequired { .. } => ErrorCode::PassphraseRequired,
            VaultError::IdentityNotFound { .. } => ErrorCode::IdentityNotFound,
            VaultError::NotAnIdentity { .. } => ErrorCode::NotAnIdentity,
            VaultError::NotAVault { .. } => ErrorCode::NotAVault,
            VaultError::Truncated { .. } => ErrorCode::Truncated,
            VaultError::Tampered { .. } => ErrorCode::Tampered,
            VaultError::NewerSchema { .. } => ErrorCode::NewerSchema,
            VaultError::InvalidRecipient { .. } => ErrorCode::InvalidRecipient,
            VaultError::NoRecipients => ErrorCode::NoRecipients,
            VaultError::Chain(_) => ErrorCode::AuditChainBroken,
            VaultError::InvalidModel(_) => ErrorCode::InvalidModel,
            VaultError::Corrupt { .. } => ErrorCode::CorruptVault,
            VaultError::Io { .. } => ErrorCode::Io,
            VaultError::Sqlite(_) => ErrorCode::Database,
            VaultError::Encrypt(_) => ErrorCode::Encrypt,
        }
    }
}

impl From<&ImportError> for ErrorCode {
    fn from(e: &ImportError) -> ErrorCode {
        match e {
            ImportError::Io { .. } => ErrorCode::ImportIo,
            ImportError::TooLarge { .. } => ErrorCode::ImportTooLarge,
            ImportError::NotASpreadsheet { .. } => ErrorCode::ImportNotASpreadsheet,
            ImportError::PasswordProtected { .. } => ErrorCode::ImportPasswordProtected,
            ImportError::ZipBomb { .. } => ErrorCode::ImportZipBomb,
            ImportError::Corrupt { .. } => ErrorCode::ImportCorrupt,
            ImportError::SyncRefused { .. } => ErrorCode::ImportSyncRefused,
            ImportError::Sheet { .. } => ErrorCode::ImportSheetUnreadable,
            ImportError::Empty { .. } => ErrorCode::ImportEmpty,
            ImportError::Mapping { .. } => ErrorCode::ImportMappingInvalid,
            ImportError::Cancelled { .. } => ErrorCode::ImportCancelled,
        }
    }
}

impl From<&EditError> for ErrorCode {
    fn from(e: &EditError) -> ErrorCode {
        match e {
            EditError::NotFound { .. } => ErrorCode::NotFound,
            EditError::Invalid(_) => ErrorCode::InvalidEdit,
        }
    }
}

impl From<&ModelJsonError> for ErrorCode {
    fn from(e: &ModelJsonError) -> ErrorCode {
        match e {
            ModelJsonError::Syntax { .. } => ErrorCode::ModelJsonSyntax,
            ModelJsonError::Invalid(_) => ErrorCode::InvalidModel,
        }
    }
}

/// Each crate error becomes its code and its message.
macro_rules! from_crate_error {
    ($($error:ty),+) => {$(
        impl From<$error> for AppError {
            fn from(e: $error) -> AppError {
                AppError::new(ErrorCode::from(&e), e.to_string())
            }
        }
    )+};
}

impl From<&ExportError> for ErrorCode {
    fn from(e: &ExportError) -> ErrorCode {
        match e {
            ExportError::SigningKey(_) => ErrorCode::SigningKeyInvalid,
            ExportError::Signing(_) => ErrorCode::SigningFailed,
            ExportError::KeyImportRefused(_) => ErrorCode::KeyImportRefused,
            ExportError::KeyImportPassphrase => ErrorCode::KeyImportWrongPassphrase,
            ExportError::DestinationExists(_) => ErrorCode::ExportDestinationExists,
            ExportError::NotABag { .. } => ErrorCode::NotABag,
            ExportError::Io { .. } => ErrorCode::Io,
            ExportError::Cancelled => ErrorCode::ExportCancelled,
            ExportError::ControlsFile { .. } => ErrorCode::ExportControlsInvalid,
            ExportError::Workbook { .. } => ErrorCode::ExportWorkbook,
            ExportError::BinderFont { .. } | ExportError::BinderWrite(_) => ErrorCode::ExportPdf,
            ExportError::PdfStructure(_) | ExportError::Zip(_) | ExportError::Part { .. } => {
                ErrorCode::ExportFailed
            }
        }
    }
}

from_crate_error!(
    VaultError,
    ImportError,
    EditError,
    ModelJsonError,
    ExportError
);

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// The crates name their codes too (`code()`, used in their own tests and messages);
    /// the mapping by variant must give the same strings.
    #[test]
    fn each_crate_errors_code_is_the_boundarys_code() {
        let path = PathBuf::from("v.gatehouse");
        let io = || std::io::Error::other("disk");
        let vault = [
            VaultError::WrongKey { path: path.clone() },
            VaultError::WrongPassphrase { path: path.clone() },
            VaultError::PassphraseRequired { path: path.clone() },
            VaultError::IdentityNotFound { path: path.clone() },
            VaultError::NotAnIdentity {
                path: path.clone(),
                reason: String::new(),
            },
            VaultError::NotAVault {
                path: path.clone(),
                reason: String::new(),
            },
            VaultError::Truncated {
                path: path.clone(),
                actual: 1,
                backup: gatehouse_vault::Backup(Some(path.clone())),
            },
            VaultError::Tampered {
                path: path.clone(),
                backup: gatehouse_vault::Backup(None),
            },
            VaultError::NewerSchema {
                path: path.clone(),
                found: 9,
                supported: 1,
            },
            VaultError::InvalidRecipient {
                recipient: String::new(),
                reason: String::new(),
            },
            VaultError::NoRecipients,
            VaultError::Chain(gatehouse_core::ChainError::Altered { seq: 1 }),
            VaultError::InvalidModel(gatehouse_core::ValidationErrors(Vec::new())),
            VaultError::Corrupt {
                kind: String::new(),
                key: String::new(),
                message: String::new(),
            },
            VaultError::Io {
                path: path.clone(),
                source: io(),
            },
            VaultError::Sqlite(rusqlite::Error::InvalidQuery),
            VaultError::Encrypt(String::new()),
        ];
        for e in &vault {
            assert_eq!(ErrorCode::from(e).as_str(), e.code(), "{e:?}");
        }
        let file = || "f.xlsx".to_string();
        let import = [
            ImportError::Io {
                path: path.clone(),
                source: io(),
            },
            ImportError::TooLarge {
                file: file(),
                size: 2,
                limit: 1,
            },
            ImportError::NotASpreadsheet {
                file: file(),
                reason: String::new(),
            },
            ImportError::PasswordProtected { file: file() },
            ImportError::ZipBomb {
                file: file(),
                part: String::new(),
                size: 2,
                limit: 1,
            },
            ImportError::Corrupt {
                file: file(),
                reason: String::new(),
            },
            ImportError::SyncRefused {
                file: file(),
                reason: String::new(),
            },
            ImportError::Sheet {
                file: file(),
                sheet: String::new(),
                reason: String::new(),
            },
            ImportError::Empty { file: file() },
            ImportError::Mapping {
                path: file(),
                reason: String::new(),
            },
            ImportError::Cancelled { file: file() },
        ];
        for e in &import {
            assert_eq!(ErrorCode::from(e).as_str(), e.code(), "{e:?}");
        }
    }

    #[test]
    fn an_error_serialises_as_the_code_string_and_the_message() {
        let err = AppError::new(ErrorCode::ImportStale, "preview again");
        assert_eq!(
            serde_json::to_string(&err).unwrap(),
            r#"{"code":"import_stale","message":"preview again"}"#
        );
        let back: AppError = serde_json::from_str(r#"{"code":"wrong_key","message":"m"}"#).unwrap();
        assert_eq!(back.code, ErrorCode::WrongKey);
    }
}
