//! Reading legacy role spreadsheets into Gatehouse's model.
//!
//! A file becomes sheets of values ([`workbook`]), each sheet's layout is recognised by
//! scoring or taken from a mapping file ([`mapping`]), its cells become rows of grants,
//! responsibilities, assignments and SoD rules with the cell they came from ([`extract`]),
//! and those are matched against the current model into a [`Preview`] whose apply is one
//! [`gatehouse_core::Edit`] ([`plan`]). The dry run and the apply share that one path.
//! An actual access export is read the same way, its assignments alone, for a drift check
//! ([`read_assignments`]).

mod actual;
pub mod cellref;
mod csvfile;
pub mod error;
pub mod extract;
mod gone;
pub mod mapping;
pub mod marks;
pub mod plan;
pub mod progress;
mod revoked;
pub mod workbook;

use std::collections::BTreeMap;
use std::path::Path;

use gatehouse_core::{Edit, Model};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use actual::{read_assignments, AssignmentExport};
pub use cellref::CellRef;
pub use error::ImportError;
pub use extract::{AssignmentRow, GrantRow, RaciRow, SheetReport, SideKind, SodRow, Warning};
pub use gone::Gone;
pub use mapping::{fields_of, Axis, Layout, Mapping, SheetMapping, EXAMPLE as MAPPING_EXAMPLE};
pub use marks::Mark;
pub use plan::ChangeCounts;
pub use progress::{Progress, Stage, Step};
pub use workbook::{
    cell_ref, read_workbook, read_workbook_with, source_ref, Format, Limits, Sheet, Value, Workbook,
};

/// A spreadsheet file in memory: its name (for messages and cell references) and bytes.
pub struct Source {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Source {
    /// Reads `path`, refusing files over the size limit before reading them.
    pub fn read(path: &Path, limits: &Limits) -> Result<Source, ImportError> {
        let io = |source| ImportError::Io {
            path: path.to_path_buf(),
            source,
        };
        let size = fs_err::metadata(path).map_err(io)?.len();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        if size > limits.max_file_bytes {
            return Err(ImportError::TooLarge {
                file: name,
                size,
                limit: limits.max_file_bytes,
            });
        }
        Ok(Source {
            name,
            bytes: fs_err::read(path).map_err(io)?,
        })
    }

    pub fn sha256(&self) -> String {
        let digest = Sha256::digest(&self.bytes);
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// What an import would do: every row read with its cell, the warnings, and the counts of
/// entities it adds or changes. `--dry-run --json` prints this.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Preview {
    pub file: String,
    pub sha256: String,
    pub format: String,
    pub sheets: Vec<SheetReport>,
    pub grants: Vec<GrantRow>,
    pub raci: Vec<RaciRow>,
    pub assignments: Vec<AssignmentRow>,
    pub sod_rules: Vec<SodRow>,
    pub warnings: Vec<Warning>,
    pub changes: ChangeCounts,
    /// Changes by kind of entity (kinds with nothing new or changed are left out).
    pub changes_by_kind: BTreeMap<String, ChangeCounts>,
    /// Entities the import creates, by kind, as named in the file.
    pub new_entities: BTreeMap<String, Vec<String>>,
    /// The mapping used, as TOML (give it back with `--mapping` to change it).
    pub mapping: String,
    /// What the last import of a file of this name made that this version no longer has
    /// (still in the model).
    #[serde(default)]
    pub gone: Vec<Gone>,
    /// Whether the import removes what is gone (else it keeps it).
    #[serde(default)]
    pub synced: bool,
}

impl Preview {
    /// The rows read, as one list of four kinds.
    pub fn rows(&self) -> Rows<'_> {
        Rows {
            grants: &self.grants,
            raci: &self.raci,
            assignments: &self.assignments,
            sod_rules: &self.sod_rules,
        }
    }
}

/// The four kinds of rows an import reads (grants, RACI entries, assignments, SoD rules),
/// borrowed from a preview or an extract, and walked one way: [`Rows::iter`].
#[derive(Debug, Clone, Copy)]
pub struct Rows<'a> {
    pub grants: &'a [GrantRow],
    pub raci: &'a [RaciRow],
    pub assignments: &'a [AssignmentRow],
    pub sod_rules: &'a [SodRow],
}

/// One row of any kind.
#[derive(Debug, Clone, Copy)]
pub enum Row<'a> {
    Grant(&'a GrantRow),
    Raci(&'a RaciRow),
    Assignment(&'a AssignmentRow),
    SodRule(&'a SodRow),
}

impl<'a> Row<'a> {
    /// The cell it was read from (`Sheet!C7`).
    pub fn source(self) -> &'a str {
        match self {
            Row::Grant(r) => &r.source,
            Row::Raci(r) => &r.source,
            Row::Assignment(r) => &r.source,
            Row::SodRule(r) => &r.source,
        }
    }
}

impl<'a> Rows<'a> {
    /// Every row: grants, then RACI entries, assignments and SoD rules.
    pub fn iter(self) -> impl Iterator<Item = Row<'a>> {
        self.grants
            .iter()
            .map(Row::Grant)
            .chain(self.raci.iter().map(Row::Raci))
            .chain(self.assignments.iter().map(Row::Assignment))
            .chain(self.sod_rules.iter().map(Row::SodRule))
    }

    pub fn len(self) -> usize {
        self.grants.len() + self.raci.len() + self.assignments.len() + self.sod_rules.len()
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    pub fn counts(self) -> RowCounts {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        RowCounts {
            grants: count(self.grants.len()),
            raci: count(self.raci.len()),
            assignments: count(self.assignments.len()),
            sod_rules: count(self.sod_rules.len()),
        }
    }
}

/// Rows read, by what they are.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowCounts {
    pub grants: u32,
    pub raci: u32,
    pub assignments: u32,
    pub sod_rules: u32,
}

/// A preview together with the model it would produce.
pub struct Import {
    pub preview: Preview,
    pub mapping: Mapping,
    /// The mapping that was asked for (given, or stored by an earlier import), without
    /// what detection added: what to keep for the next import of the file, so that the
    /// sheets detected this time are detected again in its next version rather than read
    /// with this version's columns and header rows.
    pub asked: Mapping,
    /// The current model with the import merged in (canonical, validated).
    pub model: Model,
    /// The sheets as read, for showing the rows and warnings at their cells.
    pub workbook: Workbook,
    /// Where the new and changed entities are in `model` (kind, index in its list).
    changed: Vec<(gatehouse_core::EntityKind, usize)>,
    /// The entities the file's rows make: what to keep for the next version of the file.
    pub held: plan::Held,
    /// What [`Import::sync`] removed (deletes in the edit).
    removed: Vec<(gatehouse_core::EntityKind, String)>,
    /// The model's assignments rows say are revoked, until [`Import::end_revoked`].
    revoked: Vec<plan::Revoked>,
}

impl Import {
    /// The one edit that applies the import, or `None` when it changes nothing: a batch of
    /// upserts of only what is new or changed, in canonical order (so the vault writes only
    /// those, and undo is their inverse), however many there are: a batch is merged into
    /// the model in one pass.
    pub fn edit(&self) -> Option<Edit> {
        if self.changed.is_empty() && self.removed.is_empty() {
            return None;
        }
        // Sized once: 200,000 edits for a large import.
        let mut edits = Vec::with_capacity(self.changed.len() + self.removed.len());
        edits.extend(
            self.changed
                .iter()
                .filter_map(|&(kind, i)| self.model.entity_at(kind, i))
                .map(|entity| Edit::Upsert { entity }),
        );
        edits.extend(self.removed.iter().map(|(kind, key)| Edit::Delete {
            kind: *kind,
            key: key.clone(),
        }));
        Some(Edit::Batch { edits })
    }
}

/// Where a mapping comes from: the user (every sheet it names must exist) or an earlier
/// import of a file of the same name (sheets this version no longer has are detected
/// afresh, and said so, instead of failing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MappingOrigin {
    Given,
    Stored,
}

/// Reads `source`, recognises its sheets (or follows `mapping`) and merges it into a copy
/// of `current`. Changes nothing: applying is the caller's [`Import::edit`].
pub fn prepare(
    source: &Source,
    current: &Model,
    mapping: &Mapping,
    limits: &Limits,
) -> Result<Import, ImportError> {
    prepare_with(
        source,
        current,
        mapping,
        MappingOrigin::Given,
        limits,
        Progress::none(),
    )
}

/// Like [`prepare`] with a mapping kept from an earlier import of a file of the same name.
pub fn prepare_reusing(
    source: &Source,
    current: &Model,
    stored: &Mapping,
    limits: &Limits,
) -> Result<Import, ImportError> {
    prepare_with(
        source,
        current,
        stored,
        MappingOrigin::Stored,
        limits,
        Progress::none(),
    )
}

/// [`prepare`], reporting each stage to `progress` and stopping with
/// [`ImportError::Cancelled`] when it is cancelled.
pub fn prepare_with(
    source: &Source,
    current: &Model,
    mapping: &Mapping,
    origin: MappingOrigin,
    limits: &Limits,
    progress: Progress<'_>,
) -> Result<Import, ImportError> {
    let file = source.name.as_str();
    // The mapping asked for, less the sheets of a stored one that this file no longer has.
    // The model's names are indexed on the second core while the file is read.
    let (read, index) = std::thread::scope(|scope| {
        let index = scope.spawn(|| plan::ModelIndex::of(current));
        let read = read_rows(source, mapping, origin, limits, progress);
        (read, index.join())
    });
    let index = index.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let (workbook, mut extract, mapping) = read?;
    let mapping = &mapping;
    progress.begin(file, Stage::Matching, || {
        format!(
            "matching {} rows to the model",
            progress::grouped(
                Rows {
                    grants: &extract.grants,
                    raci: &extract.raci,
                    assignments: &extract.assignments,
                    sod_rules: &extract.sod_rules,
                }
                .len() as u64
            )
        )
    })?;
    let planned = plan::plan(current, index, &extract);
    progress.begin(file, Stage::Checking, || {
        format!(
            "checking {} entities",
            progress::grouped(planned.model.counts().total())
        )
    })?;
    gatehouse_core::validate(&planned.model).map_err(|e| ImportError::Corrupt {
        file: source.name.clone(),
        reason: format!("the imported rows do not make a valid model: {e}"),
    })?;
    extract.warnings.extend(planned.warnings);
    // Grants the RACI chart makes are listed with the grants read from matrices.
    extract.grants.extend(planned.raci_grants);
    let used = extract.mapping.clone();
    let preview = Preview {
        file: source.name.clone(),
        sha256: source.sha256(),
        format: workbook.format.as_str().to_string(),
        sheets: extract.sheets,
        grants: extract.grants,
        raci: extract.raci,
        assignments: extract.assignments,
        sod_rules: extract.sod_rules,
        warnings: extract.warnings,
        changes: planned.changes,
        changes_by_kind: planned.by_kind,
        new_entities: planned.new_names,
        mapping: used.to_toml(),
        gone: Vec::new(),
        synced: false,
    };
    progress.report(Stage::Checking, 1.0, || "ready".into());
    Ok(Import {
        preview,
        mapping: used,
        asked: mapping.clone(),
        workbook,
        model: planned.model,
        changed: planned.changed,
        held: planned.held,
        removed: Vec::new(),
        revoked: planned.revoked,
    })
}

/// Reads `source` and its rows, each sheet recognised (or read as `mapping` says), with the
/// warnings of reading: the first half of an import, shared by [`prepare_with`] and
/// [`read_assignments`].
fn read_rows(
    source: &Source,
    mapping: &Mapping,
    origin: MappingOrigin,
    limits: &Limits,
    progress: Progress<'_>,
) -> Result<(Workbook, extract::Extract, Mapping), ImportError> {
    let strict = origin == MappingOrigin::Given;
    let file = source.name.as_str();
    let workbook = read_workbook_with(file, &source.bytes, limits, progress)?;
    progress.begin(file, Stage::Recognising, || {
        format!(
            "recognising {}",
            progress::counted(workbook.sheets.len(), "sheet")
        )
    })?;
    let mut mapping = mapping.clone();
    let mut dropped = Vec::new();
    mapping.sheets.retain(|m| {
        let present = workbook.sheets.iter().any(|s| s.name == m.name);
        if !present && !strict {
            dropped.push(m.name.clone());
        }
        present || strict
    });
    let mapping = &mapping;
    let invalid = |reason: String| ImportError::Mapping {
        path: format!("for {}", source.name),
        reason,
    };
    for m in &mapping.sheets {
        let Some(sheet) = workbook.sheets.iter().find(|s| s.name == m.name) else {
            let names: Vec<&str> = workbook.sheets.iter().map(|s| s.name.as_str()).collect();
            return Err(invalid(format!(
                "sheet {:?} is not in {} (its sheets: {})",
                m.name,
                source.name,
                names.join(", ")
            )));
        };
        m.check(sheet).map_err(invalid)?;
    }
    let mut extract = extract::extract(&workbook, mapping);
    for doubt in &workbook.doubts {
        extract.warnings.push(Warning {
            source: source.name.clone(),
            message: doubt.clone(),
        });
    }
    for name in dropped {
        extract.warnings.push(Warning {
            source: source.name.clone(),
            message: format!(
                "the stored mapping names sheet {name:?}, which this file no longer has; its other sheets were detected afresh"
            ),
        });
    }
    Ok((workbook, extract, mapping.clone()))
}
