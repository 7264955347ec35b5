//! The crate's one error type: what went wrong while making a part of the package.

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
