//! The one error type of the package's signing, bagging and verifying parts.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A signing key file's text is not what `gatehouse keygen --signing` writes.
    #[error("the signing key is damaged or not a Gatehouse signing key: {0}")]
    SigningKey(String),
    /// Making a key, a certificate or a signature failed inside a cryptographic library.
    #[error("signing failed: {0}")]
    Signing(String),
    /// The binder could not be read back to sign it.
    #[error("binder.pdf cannot be signed: {0}")]
    PdfStructure(String),
    /// Where the package should go already holds something.
    #[error("{}: already exists; choose a new destination (nothing was written)", .0.display())]
    DestinationExists(PathBuf),
    /// The package to verify cannot be read as a bag or a zip of one.
    #[error("{}: {reason}", path.display())]
    NotABag { path: PathBuf, reason: String },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Writing or reading the zip failed.
    #[error("zip: {0}")]
    Zip(String),
    /// The host cancelled the export.
    #[error("the export was cancelled; nothing was written")]
    Cancelled,
    /// A part of the package (binder, workbook, data) could not be made.
    #[error("{part}: {message}")]
    Part { part: &'static str, message: String },
}

pub type Result<T, E = ExportError> = std::result::Result<T, E>;

pub(crate) fn io_error(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> ExportError {
    let path = path.into();
    move |source| ExportError::Io { path, source }
}

/// Maps a cryptographic library's error into [`ExportError::Signing`].
pub(crate) fn signing(what: &str) -> impl FnOnce(String) -> ExportError + '_ {
    move |e| ExportError::Signing(format!("{what}: {e}"))
}
