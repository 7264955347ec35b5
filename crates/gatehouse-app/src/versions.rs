//! Named versions of the model: naming one, listing them, the diff of any two (or of one
//! against the current model), and restoring one as a single audited, undoable edit.

use chrono::{DateTime, Utc};
use gatehouse_core::{diff, Counts, Edit, ModelDiff};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, AppResult, ErrorCode};
use crate::workbench::Workbench;

/// What `FROM` or `TO` names when it is the model as it is now.
pub const CURRENT: &str = "current";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VersionInput {
    /// The version's name ("v1.0"), unique in the vault.
    pub name: String,
    /// Who approved it ("the CAB").
    pub approved_by: Option<String>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VersionInfo {
    pub name: String,
    pub approved_by: Option<String>,
    pub note: String,
    pub at: DateTime<Utc>,
    /// Who named it.
    pub actor: String,
    pub model_sha256: String,
    /// Whether the current model is the same as this version.
    pub is_current: bool,
}

/// A diff with what it compares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct VersionDiff {
    /// The version compared from (a name, or `current`).
    pub from: String,
    pub to: String,
    pub diff: ModelDiff,
    /// How many entities of each kind were added, removed or changed.
    pub added: Counts,
    pub removed: Counts,
    pub changed: Counts,
}

/// Names the current model `input.name`.
pub fn create(workbench: &mut Workbench, input: &VersionInput) -> AppResult<VersionInfo> {
    let name = input.name.trim();
    if name.is_empty() || name.eq_ignore_ascii_case(CURRENT) {
        return Err(AppError::new(
            ErrorCode::VersionInvalid,
            format!("a version needs a name other than {CURRENT:?}, such as \"v1.0\""),
        ));
    }
    if workbench.vault().versions()?.iter().any(|v| v.name == name) {
        return Err(AppError::new(
            ErrorCode::VersionExists,
            format!("there is already a version named {name:?}; choose another name"),
        ));
    }
    let approved_by = input
        .approved_by
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_string);
    workbench.name_version(name, approved_by, input.note.trim())?;
    list(workbench)?
        .into_iter()
        .find(|v| v.name == name)
        .ok_or_else(|| AppError::new(ErrorCode::Internal, "the new version was not kept"))
}

/// Every named version, oldest first.
pub fn list(workbench: &Workbench) -> AppResult<Vec<VersionInfo>> {
    let now = workbench.model().fingerprint();
    Ok(workbench
        .vault()
        .versions()?
        .into_iter()
        .map(|v| VersionInfo {
            is_current: v.model_sha256 == now,
            name: v.name,
            approved_by: v.approved_by,
            note: v.note,
            at: v.at,
            actor: v.actor,
            model_sha256: v.model_sha256,
        })
        .collect())
}

fn model_of(workbench: &Workbench, name: &str) -> AppResult<gatehouse_core::Model> {
    if name.eq_ignore_ascii_case(CURRENT) {
        return Ok(workbench.model().clone());
    }
    workbench.vault().version_model(name)?.ok_or_else(|| {
        let known: Vec<String> = workbench
            .vault()
            .versions()
            .map(|list| list.into_iter().map(|v| v.name).collect())
            .unwrap_or_default();
        AppError::new(
            ErrorCode::NoSuchVersion,
            match known.is_empty() {
                true => format!("there is no version {name:?}: none has been named yet"),
                false => format!(
                    "there is no version {name:?}; the vault has {} (or {CURRENT})",
                    known.join(", ")
                ),
            },
        )
    })
}

/// What changed from `from` to `to` (names of versions or `current`). Without `from`: the
/// latest version; without `to`: the current model.
pub fn compare(
    workbench: &Workbench,
    from: Option<&str>,
    to: Option<&str>,
) -> AppResult<VersionDiff> {
    let from = match from {
        Some(f) => f.to_string(),
        None => workbench
            .vault()
            .versions()?
            .pop()
            .map(|v| v.name)
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NoSuchVersion,
                    "no version has been named yet: name one first (gatehouse version add), or give FROM",
                )
            })?,
    };
    let to = to.unwrap_or(CURRENT).to_string();
    let d = diff(&model_of(workbench, &from)?, &model_of(workbench, &to)?);
    let tally = |change| {
        let mut c = Counts::default();
        for e in d.entities.iter().filter(|e| e.change == change) {
            c.add(e.kind);
        }
        c
    };
    Ok(VersionDiff {
        added: tally(gatehouse_core::ChangeKind::Added),
        removed: tally(gatehouse_core::ChangeKind::Removed),
        changed: tally(gatehouse_core::ChangeKind::Changed),
        from,
        to,
        diff: d,
    })
}

/// Makes the model what the version `name` holds: one audited edit, undone in one step.
pub fn restore(workbench: &mut Workbench, name: &str) -> AppResult<()> {
    let model = model_of(workbench, name)?;
    if &model == workbench.model() {
        return Ok(());
    }
    let edit = Edit::Replace {
        model: Box::new(model),
    };
    let summary = format!("restore version {name:?}: {}", edit.describe());
    workbench.apply_described(edit, summary)?;
    Ok(())
}
