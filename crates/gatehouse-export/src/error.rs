//! The crate's one error type: what went wrong while making, signing, bagging or verifying
//! a part of the package.

use std::path::PathBuf;

/// An export error; each variant maps to one `ErrorCode` in gatehouse-app: `ControlsFile`
/// to `export_controls_invalid`, `Workbook` to `export_workbook`, `BinderFont` and
/// `BinderWrite` to `export_pdf`.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A custom controls catalogue (TOML) that cannot be read.
    #[error("the controls file is not valid at line {line}, column {column}: {reason}. Fix the file and export again")]
    ControlsFile {
        line: usize,
        column: usize,
        reason: String,
    },
    /// rust_xlsxwriter refused a sheet (a value past Excel's limits, for example).
    #[error("the workbook could not be written (sheet \"{sheet}\"): {source}. Export fewer sections (--sections) or shorten the value")]
    Workbook {
        sheet: String,
        #[source]
        source: rust_xlsxwriter::XlsxError,
    },
    /// A shipped font of the binder could not be subset or parsed (a defect of the build).
    #[error("the binder's font {font} could not be embedded: {message}. This is a defect of Gatehouse's build; please report it")]
    BinderFont { font: &'static str, message: String },
    /// The binder's PDF could not be serialised.
    #[error("the binder (binder.pdf) could not be written: {0}")]
    BinderWrite(String),
    /// A signing key file's text is not what `gatehouse keygen --signing` writes.
    #[error("the signing key is damaged or not a Gatehouse signing key: {0}")]
    SigningKey(String),
    /// A PKCS#12 file whose key cannot sign binders (only ECDSA P-256 can), or that holds
    /// no private key with its certificate.
    #[error("this PKCS#12 file cannot be imported: {0}. Nothing was written")]
    KeyImportRefused(String),
    /// The passphrase does not open the PKCS#12 file.
    #[error("the passphrase does not open this PKCS#12 file (or the file is damaged); nothing was written")]
    KeyImportPassphrase,
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

impl ExportError {
    /// A TOML error at byte `offset` of `text`, as line and column (both from 1).
    pub(crate) fn at(text: &str, offset: usize, reason: impl Into<String>) -> ExportError {
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &text[..end];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        ExportError::ControlsFile {
            line,
            column,
            reason: reason.into(),
        }
    }
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
