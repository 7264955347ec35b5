use std::path::PathBuf;

/// Everything that stops an import. Each says what and where; nothing has been changed
/// when one is returned.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{path}: cannot read the file: {}", io_reason(source))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{file} is {size} bytes; the importer reads files up to {limit} bytes")]
    TooLarge { file: String, size: u64, limit: u64 },
    #[error("{file} is not a spreadsheet Gatehouse can read: {reason}. Gatehouse reads xlsx, xlsm, xlsb, xls and ods workbooks, and csv, tsv or txt tables")]
    NotASpreadsheet { file: String, reason: String },
    #[error("{file}: the workbook is password-protected (encrypted); save an unprotected copy in your spreadsheet program and import that")]
    PasswordProtected { file: String },
    #[error("{file}: part {part:?} would inflate to {size} bytes (limit {limit}); the file looks like a zip bomb and was not read")]
    ZipBomb {
        file: String,
        part: String,
        size: u64,
        limit: u64,
    },
    #[error("{file}: the file is damaged or truncated: {reason}")]
    Corrupt { file: String, reason: String },
    #[error("{file}: removing what this version of the file no longer has would leave the model invalid ({reason}); nothing was changed. Import without syncing, or first remove or change what refers to those entries")]
    SyncRefused { file: String, reason: String },
    #[error("{file}: sheet {sheet:?} is damaged and could not be read ({reason}); open the file in your spreadsheet program and save it again")]
    Sheet {
        file: String,
        sheet: String,
        reason: String,
    },
    #[error("{file}: the file holds no sheet with data")]
    Empty { file: String },
    #[error("mapping {path}: {reason}")]
    Mapping { path: String, reason: String },
    #[error("{file}: import cancelled; nothing was changed")]
    Cancelled { file: String },
}

impl ImportError {
    /// The stable code a host acts on.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Io { .. } => "import_io",
            ImportError::TooLarge { .. } => "import_too_large",
            ImportError::NotASpreadsheet { .. } => "import_not_a_spreadsheet",
            ImportError::PasswordProtected { .. } => "import_password_protected",
            ImportError::ZipBomb { .. } => "import_zip_bomb",
            ImportError::Corrupt { .. } => "import_corrupt",
            ImportError::SyncRefused { .. } => "import_sync_refused",
            ImportError::Sheet { .. } => "import_sheet_unreadable",
            ImportError::Empty { .. } => "import_empty",
            ImportError::Mapping { .. } => "import_mapping_invalid",
            ImportError::Cancelled { .. } => "import_cancelled",
        }
    }
}

/// What went wrong with a file, without its path: fs-err's errors name the path, and the
/// messages here name it once, in front.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    if let Some(code) = e.raw_os_error() {
        return std::io::Error::from_raw_os_error(code).to_string();
    }
    if e.get_ref().is_none() {
        return e.to_string();
    }
    match e.kind() {
        ErrorKind::NotFound => "there is no such file".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::IsADirectory => "it is a folder, not a file".into(),
        kind => kind.to_string(),
    }
}
