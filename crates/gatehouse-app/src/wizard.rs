//! The desktop's import wizard: pick a file (or a bundled sample), preview it against the
//! open model with progress and cancel, change how a sheet is read, look at its cells with
//! the warnings marked where they are, then apply it as one undoable step or close.
//!
//! The long part, reading and matching, runs as an [`ImportJob`] that owns everything it
//! needs, so a host runs it off the session's lock (and off its UI thread) and can cancel
//! it; its result is only kept if the model has not changed meanwhile.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use gatehouse_core::Model;
use gatehouse_import::{
    source_ref, ChangeCounts, Import, Layout, Limits, Mapping, Progress, SheetMapping, Source,
    Warning,
};
pub use gatehouse_import::{Stage, Step};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, AppResult, ErrorCode};
use crate::import::{self, Chosen};
use crate::workbench::{Summary, Workbench};

/// The spreadsheets in `samples/`, bundled so a workshop can try the importer at once.
pub const SAMPLES: &[(&str, &[u8])] = &[
    (
        "permission-matrix.xlsx",
        include_bytes!("../../../samples/permission-matrix.xlsx"),
    ),
    (
        "matrix-per-environment.xlsx",
        include_bytes!("../../../samples/matrix-per-environment.xlsx"),
    ),
    ("raci.xlsx", include_bytes!("../../../samples/raci.xlsx")),
    (
        "sod-rules.xlsx",
        include_bytes!("../../../samples/sod-rules.xlsx"),
    ),
    (
        "assignments.csv",
        include_bytes!("../../../samples/assignments.csv"),
    ),
];

/// Warnings and new names sent to the front end at most; the counts say how many in all.
const SHOWN_WARNINGS: usize = 1_000;
const SHOWN_NAMES: usize = 50;
/// Rows one cell window holds at most.
const WINDOW_ROWS: u32 = 500;
/// Columns shown at most (wider sheets are cut in the grid, not in the import).
const WINDOW_COLUMNS: u32 = 200;

/// The file the wizard was started on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportFile {
    pub name: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// One of the bundled samples.
    pub sample: bool,
}

/// A person's choice of how to read one sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SheetChoice {
    pub sheet: String,
    pub layout: Layout,
}

/// One sheet of the file as the preview read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReviewSheet {
    pub name: String,
    /// How the sheet was read (skipped when a chosen layout finds nothing to read).
    pub layout: Layout,
    /// The layout chosen for the sheet, when one was (else it was detected).
    pub chosen: Option<Layout>,
    /// 1-based.
    pub header_row: Option<u32>,
    pub note: String,
    pub rows: u32,
    pub columns: u32,
    /// Cells read from it as grants, responsibilities, assignments or rules (a cell that
    /// gives two, such as a RACI letter that is also a grant, counts once).
    pub read: u32,
    pub warnings: u32,
    /// Why part of it was not read (a limit), if so.
    pub truncated: Option<String>,
}

/// Names of the entities an import creates, for one kind: the first few and how many.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NewNames {
    pub total: u32,
    pub names: Vec<String>,
}

/// What the wizard shows before applying.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportReview {
    pub file: String,
    pub sha256: String,
    pub format: String,
    pub sheets: Vec<ReviewSheet>,
    pub rows: RowCounts,
    pub changes: ChangeCounts,
    pub changes_by_kind: BTreeMap<String, ChangeCounts>,
    pub new_entities: BTreeMap<String, NewNames>,
    /// The first warnings (all of them up to a thousand).
    pub warnings: Vec<Warning>,
    pub warnings_total: u32,
    /// The mapping used, as TOML (what `gatehouse import --mapping` takes).
    pub mapping: String,
    /// The model's revision the preview was made against: once the model's summary
    /// shows another, the preview is stale.
    #[ts(type = "number")]
    pub revision: u64,
}

/// Rows read, by what they are.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct RowCounts {
    pub grants: u32,
    pub raci: u32,
    pub assignments: u32,
    pub sod_rules: u32,
}

/// How a cell takes part in the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CellRole {
    /// The sheet's header row.
    Header,
    /// A row was read from this cell.
    Read,
    /// A warning points here.
    Warning,
}

/// One marked cell of a window, 0-based.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CellMark {
    pub row: u32,
    pub col: u32,
    pub role: CellRole,
    /// The warnings at this cell, joined.
    pub message: Option<String>,
}

/// A block of a sheet's cells as text, for the preview grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CellWindow {
    pub sheet: String,
    pub first_row: u32,
    /// The sheet's size (the grid's extent), columns capped for display.
    pub height: u32,
    pub width: u32,
    pub cells: Vec<Vec<String>>,
    pub marks: Vec<CellMark>,
}

/// What applying did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportDone {
    pub summary: Summary,
    pub changes: ChangeCounts,
    pub changed: bool,
    #[ts(type = "number")]
    pub event: u64,
}

/// The wizard's state in a session.
pub(crate) struct Wizard {
    source: Arc<Source>,
    sample: bool,
    cancel: Arc<AtomicBool>,
    prepared: Option<Prepared>,
}

/// One sheet's marked cells: (row, column) → how it takes part, and warning text.
type SheetMarks = BTreeMap<(u32, u32), (CellRole, Option<String>)>;

/// A finished preview, with what the grid needs.
pub struct Prepared {
    import: Import,
    revision: u64,
    source_sha256: String,
    marks: Vec<SheetMarks>,
}

/// A preview to compute: owns its inputs, so it runs without the session.
pub struct ImportJob {
    source: Arc<Source>,
    model: Model,
    mapping: Chosen,
    revision: u64,
    cancel: Arc<AtomicBool>,
}

impl ImportJob {
    /// Reads and matches the file, reporting to `report`; stops when the wizard is
    /// cancelled or closed.
    pub fn run(self, report: &(dyn Fn(&Step) + Sync)) -> AppResult<Prepared> {
        let progress = Progress::new(report, &self.cancel);
        let import = import::prepare_source(&self.source, &self.model, &self.mapping, progress)?;
        let marks = cell_marks(&import);
        Ok(Prepared {
            source_sha256: import.preview.sha256.clone(),
            import,
            revision: self.revision,
            marks,
        })
    }
}

impl Wizard {
    fn new(source: Source, sample: bool) -> Wizard {
        Wizard {
            source: Arc::new(source),
            sample,
            cancel: Arc::new(AtomicBool::new(false)),
            prepared: None,
        }
    }

    pub(crate) fn file(&self) -> ImportFile {
        ImportFile {
            name: self.source.name.clone(),
            bytes: self.source.bytes.len() as u64,
            sample: self.sample,
        }
    }

    /// Stops a running preview (and any later one of this wizard).
    pub(crate) fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

pub(crate) fn start(path: &Path) -> AppResult<Wizard> {
    let source = Source::read(path, &Limits::default())?;
    Ok(Wizard::new(source, false))
}

pub(crate) fn start_sample(name: &str) -> AppResult<Wizard> {
    let (name, bytes) = SAMPLES.iter().find(|(n, _)| *n == name).ok_or_else(|| {
        AppError::new(
            ErrorCode::NoSuchSample,
            format!(
                "there is no sample called {name:?}; the samples are {}",
                sample_names().join(", ")
            ),
        )
    })?;
    Ok(Wizard::new(
        Source {
            name: name.to_string(),
            bytes: bytes.to_vec(),
        },
        true,
    ))
}

/// Extensions of the files the importer reads.
pub const SPREADSHEET_EXTENSIONS: &[&str] =
    &["xlsx", "xlsm", "xlsb", "xls", "ods", "csv", "tsv", "txt"];

/// Whether `path` names a spreadsheet (by its extension, in any case).
pub fn is_spreadsheet(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SPREADSHEET_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

pub fn sample_names() -> Vec<String> {
    SAMPLES.iter().map(|(n, _)| n.to_string()).collect()
}

fn no_wizard() -> AppError {
    AppError::new(
        ErrorCode::NoImport,
        "no import is open; choose a spreadsheet first",
    )
}

/// A job previewing the wizard's file against the workbench's model. Without choices the
/// mapping stored by an earlier import of a file of the same name is used, if any; each
/// choice replaces how one sheet is read, the other sheets staying as last previewed.
pub(crate) fn job(
    wizard: Option<&mut Wizard>,
    workbench: &Workbench,
    choices: &[SheetChoice],
) -> AppResult<ImportJob> {
    let wizard = wizard.ok_or_else(no_wizard)?;
    // A fresh flag: a cancel of an earlier preview does not stop this one.
    wizard.cancel = Arc::new(AtomicBool::new(false));
    let mapping = if choices.is_empty() {
        import::stored_mapping(workbench, &wizard.source.name)?
    } else {
        // What was asked last time (sheets that were detected are detected again).
        let mut mapping = match &wizard.prepared {
            Some(p) => p.import.asked.clone(),
            None => Mapping::default(),
        };
        for choice in choices {
            let same = mapping
                .sheet(&choice.sheet)
                .is_some_and(|m| m.layout == choice.layout);
            if !same {
                mapping.sheets.retain(|m| m.name != choice.sheet);
                mapping
                    .sheets
                    .push(SheetMapping::new(&choice.sheet, choice.layout));
            }
        }
        Chosen::Given(mapping)
    };
    Ok(ImportJob {
        source: wizard.source.clone(),
        model: workbench.model().clone(),
        mapping,
        revision: workbench.revision(),
        cancel: wizard.cancel.clone(),
    })
}

/// Keeps a finished preview (if it is still about this file and this model) and says what
/// it found.
pub(crate) fn keep(
    wizard: Option<&mut Wizard>,
    workbench: &Workbench,
    prepared: Prepared,
) -> AppResult<ImportReview> {
    let wizard = wizard.ok_or_else(no_wizard)?;
    if prepared.source_sha256 != wizard.source.sha256() {
        return Err(AppError::new(
            ErrorCode::ImportStale,
            "another file was chosen while this one was being read; preview again",
        ));
    }
    if prepared.revision != workbench.revision() {
        return Err(stale());
    }
    let review = review(&prepared);
    wizard.prepared = Some(prepared);
    Ok(review)
}

fn stale() -> AppError {
    AppError::new(
        ErrorCode::ImportStale,
        "the model changed since this preview was made; preview again",
    )
}

/// Applies the kept preview to the workbench as one undoable step.
pub(crate) fn apply(
    wizard: &mut Option<Wizard>,
    workbench: &mut Workbench,
) -> AppResult<import::ImportOutcome> {
    let w = wizard.as_mut().ok_or_else(no_wizard)?;
    let prepared = w.prepared.take().ok_or_else(|| {
        AppError::new(
            ErrorCode::NoPreview,
            "the import has not been previewed yet; preview it first",
        )
    })?;
    if prepared.revision != workbench.revision() {
        return Err(stale());
    }
    let outcome = import::apply_prepared(workbench, prepared.import)?;
    *wizard = None;
    Ok(outcome)
}

/// Cells `first_row..first_row + count` of sheet `sheet` (its index) of the kept preview.
pub(crate) fn cells(
    wizard: Option<&Wizard>,
    sheet: usize,
    first_row: u32,
    count: u32,
) -> AppResult<CellWindow> {
    let prepared = wizard
        .ok_or_else(no_wizard)?
        .prepared
        .as_ref()
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::NoPreview,
                "the import has not been previewed yet",
            )
        })?;
    let sheets = &prepared.import.workbook.sheets;
    let s = sheets.get(sheet).ok_or_else(|| {
        AppError::new(
            ErrorCode::NoSuchSheet,
            format!(
                "the file has {} sheets; there is no sheet {sheet}",
                sheets.len()
            ),
        )
    })?;
    let width = s.width().min(WINDOW_COLUMNS);
    let last = first_row
        .saturating_add(count.min(WINDOW_ROWS))
        .min(s.height());
    let cells = (first_row.min(last)..last)
        .map(|r| (0..width).map(|c| s.text(r, c)).collect())
        .collect();
    let marks = prepared.marks[sheet]
        .range((first_row, 0)..(last, 0))
        .filter(|((_, col), _)| *col < width)
        .map(|(&(row, col), (role, message))| CellMark {
            row,
            col,
            role: *role,
            message: message.clone(),
        })
        .collect();
    Ok(CellWindow {
        sheet: s.name.clone(),
        first_row,
        height: s.height(),
        width,
        cells,
        marks,
    })
}

/// Where each sheet's header, read rows and warnings are.
fn cell_marks(import: &Import) -> Vec<SheetMarks> {
    let sheets = &import.workbook.sheets;
    let index = SheetIndex::new(sheets);
    let mut marks = vec![BTreeMap::new(); sheets.len()];
    let p = &import.preview;
    for (i, report) in p.sheets.iter().enumerate() {
        if let (Some(h), Some(sheet)) = (report.header_row, sheets.get(i)) {
            for col in 0..sheet.width() {
                if !sheet.get(h - 1, col).is_empty() {
                    marks[i].insert((h - 1, col), (CellRole::Header, None));
                }
            }
        }
    }
    // A list (assignments, rules) reads several cells of each row: its fields' columns.
    let fields: Vec<Vec<u32>> = sheets
        .iter()
        .map(|sheet| {
            import
                .mapping
                .sheet(&sheet.name)
                .filter(|m| matches!(m.layout, Layout::Assignments | Layout::SodRules))
                .map(|m| {
                    m.fields
                        .values()
                        .filter_map(|letters| gatehouse_import::mapping::column_index(letters))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    for source in row_sources(p) {
        if let Some((i, row, col)) = index.locate(source) {
            marks[i].insert((row, col), (CellRole::Read, None));
            for &c in &fields[i] {
                if !sheets[i].get(row, c).is_empty() {
                    marks[i].insert((row, c), (CellRole::Read, None));
                }
            }
        }
    }
    for w in &p.warnings {
        if let Some((i, row, col)) = index.locate(&w.source) {
            let entry = marks[i]
                .entry((row, col))
                .or_insert((CellRole::Warning, None));
            entry.0 = CellRole::Warning;
            entry.1 = Some(match entry.1.take() {
                Some(earlier) => format!("{earlier}\n{}", w.message),
                None => w.message.clone(),
            });
        }
    }
    marks
}

/// Every cell a row of the preview was read from.
fn row_sources(p: &gatehouse_import::Preview) -> impl Iterator<Item = &str> {
    p.grants
        .iter()
        .map(|g| g.source.as_str())
        .chain(p.raci.iter().map(|r| r.source.as_str()))
        .chain(p.assignments.iter().map(|a| a.source.as_str()))
        .chain(p.sod_rules.iter().map(|s| s.source.as_str()))
}

/// Finds the sheet a source (`Sheet!C7`, `'My sheet'!C7`, or a sheet's bare name for a
/// warning about the whole sheet) points into.
struct SheetIndex {
    /// How cell references into each sheet begin (`Sheet!`), and the bare names.
    by_prefix: BTreeMap<String, usize>,
    by_name: BTreeMap<String, usize>,
}

impl SheetIndex {
    fn new(sheets: &[gatehouse_import::Sheet]) -> SheetIndex {
        let prefix = |name: &str| {
            let first = source_ref(name, 0, 0);
            first.strip_suffix("A1").unwrap_or(&first).to_string()
        };
        SheetIndex {
            by_prefix: sheets
                .iter()
                .enumerate()
                .map(|(i, s)| (prefix(&s.name), i))
                .collect(),
            by_name: sheets
                .iter()
                .enumerate()
                .map(|(i, s)| (s.name.clone(), i))
                .collect(),
        }
    }

    /// The sheet `source` is about.
    fn sheet_of(&self, source: &str) -> Option<usize> {
        self.by_name.get(source).copied().or_else(|| {
            let bang = source.rfind('!')?;
            self.by_prefix.get(&source[..=bang]).copied()
        })
    }

    /// `Sheet!C7` → (sheet index, row, column), 0-based.
    fn locate(&self, source: &str) -> Option<(usize, u32, u32)> {
        let bang = source.rfind('!')?;
        let (prefix, cell) = source.split_at(bang + 1);
        let sheet = *self.by_prefix.get(prefix)?;
        let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
        let digits = &cell[letters.len()..];
        let col = gatehouse_import::mapping::column_index(&letters)?;
        let row: u32 = digits.parse().ok()?;
        Some((sheet, row.checked_sub(1)?, col))
    }
}

fn review(prepared: &Prepared) -> ImportReview {
    let p = &prepared.import.preview;
    let sheets = &prepared.import.workbook.sheets;
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let index = SheetIndex::new(sheets);
    let (mut read, mut warned) = (vec![0u32; sheets.len()], vec![0u32; sheets.len()]);
    // A cell read twice (a RACI letter that is also a grant) counts once.
    let mut cells = std::collections::HashSet::new();
    for i in row_sources(p)
        .filter(|s| cells.insert(*s))
        .filter_map(|s| index.sheet_of(s))
    {
        read[i] = read[i].saturating_add(1);
    }
    for i in p.warnings.iter().filter_map(|w| index.sheet_of(&w.source)) {
        warned[i] = warned[i].saturating_add(1);
    }
    ImportReview {
        file: p.file.clone(),
        sha256: p.sha256.clone(),
        format: p.format.clone(),
        sheets: p
            .sheets
            .iter()
            .zip(sheets)
            .enumerate()
            .map(|(i, (r, s))| ReviewSheet {
                name: r.name.clone(),
                layout: r.layout,
                chosen: prepared
                    .import
                    .asked
                    .sheet(&r.name)
                    .filter(|m| m.is_layout_only())
                    .map(|m| m.layout),
                header_row: r.header_row,
                note: r.note.clone(),
                rows: s.height(),
                columns: s.width(),
                read: read[i],
                warnings: warned[i],
                truncated: s.truncated.clone(),
            })
            .collect(),
        rows: RowCounts {
            grants: count(p.grants.len()),
            raci: count(p.raci.len()),
            assignments: count(p.assignments.len()),
            sod_rules: count(p.sod_rules.len()),
        },
        changes: p.changes,
        changes_by_kind: p.changes_by_kind.clone(),
        new_entities: p
            .new_entities
            .iter()
            .map(|(kind, names)| {
                (
                    kind.clone(),
                    NewNames {
                        total: count(names.len()),
                        names: names.iter().take(SHOWN_NAMES).cloned().collect(),
                    },
                )
            })
            .collect(),
        warnings: p.warnings.iter().take(SHOWN_WARNINGS).cloned().collect(),
        warnings_total: count(p.warnings.len()),
        mapping: p.mapping.clone(),
        revision: prepared.revision,
    }
}
