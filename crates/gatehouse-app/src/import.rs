//! Spreadsheet import over a workbench: a preview (dry run) and an apply that share one
//! path, so what the preview shows is exactly what the apply does. The reading and
//! matching is an [`ImportWork`], run as a [`crate::job`].

use std::path::Path;
use std::sync::Arc;

use gatehouse_core::{Model, ModelMeta};
use gatehouse_import::plan::Held;
use gatehouse_import::{
    ChangeCounts, Import, ImportError, Limits, Mapping, MappingOrigin, Preview, Progress, Source,
};
use gatehouse_vault::StoredMapping;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, AppResult, ErrorCode};
use crate::job::{Basis, Job, Report, Reporter, Stale, Work};
use crate::workbench::Workbench;
pub use gatehouse_import::{Layout, Stage, Step};

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

/// Reading a spreadsheet and matching it against a copy of the model: owns its inputs, so
/// it runs without the workbench.
pub struct ImportWork {
    pub source: Arc<Source>,
    pub model: Model,
    pub mapping: Mapping,
    pub origin: MappingOrigin,
    /// What the last import of a file of this name made, to list what this one no
    /// longer has.
    pub previous: Option<Held>,
    /// The day the import runs: assignments rows say are revoked end the day before
    /// (none for a dry run without a model).
    pub today: Option<chrono::NaiveDate>,
}

impl Work for ImportWork {
    type Output = Import;

    fn stale(why: Stale) -> AppError {
        let message = match why {
            Stale::Input => "another file was chosen while this one was being read; preview again",
            Stale::Model => "the model changed since this preview was made; preview again",
        };
        AppError::new(ErrorCode::ImportStale, message)
    }

    fn run(self, progress: Reporter<'_>) -> AppResult<Import> {
        let mut import = gatehouse_import::prepare_with(
            &self.source,
            &self.model,
            &self.mapping,
            self.origin,
            &Limits::default(),
            Progress::from(progress),
        )?;
        if let Some(previous) = &self.previous {
            import.note_gone(previous);
        }
        if let Some(today) = self.today {
            import.end_revoked(today);
        }
        Ok(import)
    }
}

/// Reads a mapping file (TOML).
pub fn read_mapping(path: &Path) -> AppResult<Mapping> {
    let text = fs_err::read_to_string(path).map_err(|e| {
        AppError::new(
            ErrorCode::ImportMappingInvalid,
            format!(
                "mapping {}: cannot read it: {}",
                path.display(),
                gatehouse_import::error::io_reason(&e)
            ),
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
pub fn dry_run(path: &Path, mapping: Option<&Mapping>, report: Report<'_>) -> AppResult<Preview> {
    let empty = Model {
        meta: ModelMeta {
            name: "dry run".into(),
            ..ModelMeta::default()
        },
        ..Model::default()
    };
    let work = ImportWork {
        source: Arc::new(read(path)?),
        model: empty,
        mapping: mapping.cloned().unwrap_or_default(),
        origin: MappingOrigin::Given,
        previous: None,
        today: None,
    };
    // Nothing to go stale against: there is no workbench.
    let job = Job::new(work, Basis::revision(0));
    Ok(job.run(report)?.into_output().preview)
}

/// What importing `path` into the workbench's model would do. Without `mapping`, the one
/// stored for a file of the same name by an earlier import is used, if any.
pub fn preview(
    workbench: &Workbench,
    path: &Path,
    mapping: Option<&Mapping>,
    report: Report<'_>,
) -> AppResult<Preview> {
    Ok(prepare(workbench, path, mapping, report)?.preview)
}

/// Imports `path` into the workbench: one edit, one audit event with the file's SHA-256
/// and the counts, the mapping stored for next time; undoable as one step. With `sync`,
/// what the last import of the file made and this version no longer has is removed in
/// the same edit; without, it is kept and listed in the preview.
pub fn apply(
    workbench: &mut Workbench,
    path: &Path,
    mapping: Option<&Mapping>,
    sync: bool,
    report: Report<'_>,
) -> AppResult<ImportOutcome> {
    let import = prepare(workbench, path, mapping, report)?;
    apply_prepared(workbench, import, sync)
}

/// The import of `path` into the workbench's current model, run in place (nothing changes
/// the model meanwhile).
fn prepare(
    workbench: &Workbench,
    path: &Path,
    mapping: Option<&Mapping>,
    report: Report<'_>,
) -> AppResult<Import> {
    let (mapping, origin) = match mapping {
        Some(m) => (m.clone(), MappingOrigin::Given),
        None => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            stored_mapping(workbench, &name)?
        }
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let work = ImportWork {
        source: Arc::new(read(path)?),
        model: workbench.model().clone(),
        mapping,
        origin,
        previous: previously_held(workbench, &name)?,
        today: Some(workbench.today()),
    };
    // The file is read once, here: its hash need not tie the result to it.
    let job = Job::new(work, Basis::of(workbench));
    Ok(job.run(report)?.into_output())
}

/// Applies an import prepared against the workbench's current model (the caller makes
/// sure the model has not changed since).
pub fn apply_prepared(
    workbench: &mut Workbench,
    mut import: Import,
    sync: bool,
) -> AppResult<ImportOutcome> {
    if let Some(e) = nothing_read(&import.preview) {
        return Err(e);
    }
    if sync {
        import.sync()?;
    }
    let p = &import.preview;
    let warnings = gatehouse_import::progress::counted(p.warnings.len(), "warning");
    let gone = match (p.gone.len(), p.synced) {
        (0, _) => String::new(),
        (n, true) => format!(", {n} removed (no longer in the file)"),
        (n, false) => format!(", {n} no longer in the file (kept)"),
    };
    let summary = format!(
        "imported {}: {} new, {} changed, {} unchanged{gone}, {warnings}",
        p.file, p.changes.new, p.changes.changed, p.changes.unchanged,
    );
    let details = serde_json::json!({
        "file": p.file,
        "sha256": p.sha256,
        "changes": p.changes,
        "changes_by_kind": p.changes_by_kind,
        "rows": p.rows().counts(),
        "warnings": p.warnings.len(),
        "gone": p.gone.iter().map(|g| serde_json::json!({"kind": g.kind, "key": g.key})).collect::<Vec<_>>(),
        "synced": p.synced,
    });
    // What is kept although gone stays counted as the file's, to be listed again by the
    // next import until it is synced or removed.
    let mut entities = import.held.clone();
    if !p.synced {
        for g in &p.gone {
            entities
                .entry(g.kind.clone())
                .or_default()
                .push(g.key.clone());
        }
        for keys in entities.values_mut() {
            keys.sort_unstable();
            keys.dedup();
        }
    }
    let stored = StoredMapping {
        source: p.file.clone(),
        mapping: import.asked.to_toml(),
        file_sha256: p.sha256.clone(),
        entities,
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

/// The error of an import that reads nothing from its file (every sheet skipped, or no
/// row in the sheets read): such an import changes nothing and records no event. Each
/// sheet's reason is in the message.
pub fn nothing_read(p: &Preview) -> Option<AppError> {
    let rows = p.rows().counts();
    if rows.grants + rows.raci + rows.assignments + rows.sod_rules > 0 {
        return None;
    }
    let why: Vec<String> = (p.sheets.iter())
        .map(|s| format!("sheet {:?}: {}", s.name, s.note))
        .collect();
    Some(AppError::new(
        ErrorCode::ImportEmpty,
        format!(
            "{}: nothing was read, so nothing was imported ({}). Choose each sheet's layout and columns with a mapping (--mapping FILE.toml; `gatehouse import --mapping-example` prints one) or in the import wizard",
            p.file,
            why.join("; ")
        ),
    ))
}

/// Counts of an outcome, for hosts that print one line.
pub fn counts(outcome: &ImportOutcome) -> ChangeCounts {
    outcome.preview.changes
}

fn read(path: &Path) -> AppResult<Source> {
    Ok(Source::read(path, &Limits::default())?)
}

/// What the last import of a file called `name` made, if the vault remembers it.
pub(crate) fn previously_held(workbench: &Workbench, name: &str) -> AppResult<Option<Held>> {
    Ok(workbench
        .vault()
        .import_mapping(name)?
        .map(|stored| stored.entities))
}

/// The mapping kept from the last import of a file called `name` (sheets gone from the new
/// version are detected afresh), else detection.
pub(crate) fn stored_mapping(
    workbench: &Workbench,
    name: &str,
) -> AppResult<(Mapping, MappingOrigin)> {
    match workbench.vault().import_mapping(name)? {
        Some(stored) => Mapping::from_toml(&stored.mapping)
            .map(|m| (m, MappingOrigin::Stored))
            .map_err(|reason| {
                AppError::new(
                    ErrorCode::ImportMappingInvalid,
                    format!("the mapping stored for {name} cannot be read: {reason}"),
                )
            }),
        None => Ok((Mapping::default(), MappingOrigin::Given)),
    }
}
