//! Spreadsheet import over a workbench: a preview (dry run) and an apply that share one
//! path, so what the preview shows is exactly what the apply does.

use std::path::Path;

use gatehouse_core::{Model, ModelMeta};
use gatehouse_import::{
    ChangeCounts, Import, ImportError, Limits, Mapping, MappingOrigin, Preview, Source,
};
use gatehouse_vault::StoredMapping;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, AppResult, ErrorCode};
use crate::workbench::Workbench;
pub use gatehouse_import::{Layout, Progress, Step};

/// What an applied import did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportOutcome {
    pub preview: Preview,
    /// Whether the model changed (a re-import of the same file changes nothing).
    pub changed: bool,
    /// The audit event recording the import.
    #[ts(type = "number")]
    pub event: u64,
}

/// Reads a mapping file (TOML).
pub fn read_mapping(path: &Path) -> AppResult<Mapping> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        AppError::new(
            ErrorCode::ImportMappingInvalid,
            format!("mapping {}: cannot read it: {e}", path.display()),
        )
    })?;
    Mapping::from_toml(&text).map_err(|reason| {
        ImportError::Mapping {
            path: path.display().to_string(),
            reason,
        }
        .into()
    })
}

/// A preview against an empty model, for `--dry-run` without a vault.
pub fn dry_run(
    path: &Path,
    mapping: Option<&Mapping>,
    progress: Progress<'_>,
) -> AppResult<Preview> {
    let empty = Model {
        meta: ModelMeta {
            name: "dry run".into(),
            ..ModelMeta::default()
        },
        ..Model::default()
    };
    let chosen = Chosen::Given(mapping.cloned().unwrap_or_default());
    Ok(prepare(path, &empty, chosen, progress)?.preview)
}

/// What importing `path` into the workbench's model would do. Without `mapping`, the one
/// stored for a file of the same name by an earlier import is used, if any.
pub fn preview(
    workbench: &Workbench,
    path: &Path,
    mapping: Option<&Mapping>,
    progress: Progress<'_>,
) -> AppResult<Preview> {
    let mapping = mapping_for(workbench, path, mapping)?;
    Ok(prepare(path, workbench.model(), mapping, progress)?.preview)
}

/// Imports `path` into the workbench: one edit, one audit event with the file's SHA-256
/// and the counts, the mapping stored for next time; undoable as one step.
pub fn apply(
    workbench: &mut Workbench,
    path: &Path,
    mapping: Option<&Mapping>,
    progress: Progress<'_>,
) -> AppResult<ImportOutcome> {
    let mapping = mapping_for(workbench, path, mapping)?;
    let import = prepare(path, workbench.model(), mapping, progress)?;
    apply_prepared(workbench, import)
}

/// Applies an import prepared against the workbench's current model (the caller makes
/// sure the model has not changed since).
pub fn apply_prepared(workbench: &mut Workbench, import: Import) -> AppResult<ImportOutcome> {
    let p = &import.preview;
    let warnings = gatehouse_import::progress::counted(p.warnings.len(), "warning");
    let summary = format!(
        "imported {}: {} new, {} changed, {} unchanged, {warnings}",
        p.file, p.changes.new, p.changes.changed, p.changes.unchanged,
    );
    let details = serde_json::json!({
        "file": p.file,
        "sha256": p.sha256,
        "changes": p.changes,
        "changes_by_kind": p.changes_by_kind,
        "rows": {
            "grants": p.grants.len(),
            "raci": p.raci.len(),
            "assignments": p.assignments.len(),
            "sod_rules": p.sod_rules.len(),
        },
        "warnings": p.warnings.len(),
    });
    let stored = StoredMapping {
        source: p.file.clone(),
        mapping: import.asked.to_toml(),
        file_sha256: p.sha256.clone(),
    };
    let change = import.edit().map(|edit| (edit, import.model));
    let changed = change.is_some();
    let event = workbench.apply_import(change, &stored, &summary, details)?;
    Ok(ImportOutcome {
        preview: import.preview,
        changed,
        event: event.seq,
    })
}

/// Counts of an outcome, for hosts that print one line.
pub fn counts(outcome: &ImportOutcome) -> ChangeCounts {
    outcome.preview.changes
}

fn prepare(
    path: &Path,
    model: &Model,
    mapping: Chosen,
    progress: Progress<'_>,
) -> Result<Import, ImportError> {
    let limits = Limits::default();
    let source = Source::read(path, &limits)?;
    prepare_source(&source, model, &mapping, progress)
}

/// Prepares an import of `source` into a copy of `model`, reporting to `progress`.
pub(crate) fn prepare_source(
    source: &Source,
    model: &Model,
    mapping: &Chosen,
    progress: Progress<'_>,
) -> Result<Import, ImportError> {
    let (mapping, origin) = match mapping {
        Chosen::Given(m) => (m, MappingOrigin::Given),
        Chosen::Stored(m) => (m, MappingOrigin::Stored),
    };
    gatehouse_import::prepare_with(source, model, mapping, origin, &Limits::default(), progress)
}

/// A mapping the user gave (every sheet it names must exist) or one kept from an earlier
/// import (sheets gone from the new version are detected afresh).
#[derive(Debug, Clone)]
pub(crate) enum Chosen {
    Given(Mapping),
    Stored(Mapping),
}

fn mapping_for(workbench: &Workbench, path: &Path, given: Option<&Mapping>) -> AppResult<Chosen> {
    if let Some(m) = given {
        return Ok(Chosen::Given(m.clone()));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    stored_mapping(workbench, &name)
}

/// The mapping kept from the last import of a file called `name`, else detection.
pub(crate) fn stored_mapping(workbench: &Workbench, name: &str) -> AppResult<Chosen> {
    match workbench.vault().import_mapping(name)? {
        Some(stored) => Mapping::from_toml(&stored.mapping)
            .map(Chosen::Stored)
            .map_err(|reason| {
                AppError::new(
                    ErrorCode::ImportMappingInvalid,
                    format!("the mapping stored for {name} cannot be read: {reason}"),
                )
            }),
        None => Ok(Chosen::Given(Mapping::default())),
    }
}
