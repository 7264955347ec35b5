//! What crosses to the front end in the import wizard (generated to TypeScript).

use std::collections::BTreeMap;

pub use gatehouse_import::RowCounts;
use gatehouse_import::{ChangeCounts, Layout, SheetMapping, Warning};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::workbench::Summary;

/// The file the wizard was started on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportFile {
    pub name: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// One of the bundled samples.
    pub sample: bool,
    /// What the bundled sample shows (none for a file of one's own). Optional in
    /// TypeScript so that front-end code made before it still type-checks.
    #[ts(optional = nullable)]
    pub description: Option<String>,
}

/// A bundled sample spreadsheet, for the wizard's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SampleInfo {
    pub name: String,
    /// What it shows, in one line.
    pub description: String,
}

/// A person's choice of how to read one sheet: its layout, and where its parts are when
/// they chose those too (without, they are detected for the layout).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SheetChoice {
    pub sheet: String,
    pub layout: Layout,
    /// The header row, label and value columns, fields… (its name and layout are the
    /// choice's). Optional in TypeScript so that a layout alone is a choice.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub parts: Option<SheetMapping>,
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
    /// How it was read: the mapping's header row, columns and fields, which the wizard
    /// shows and lets a person change.
    pub mapping: SheetMapping,
    /// The fields its layout can name (`person`, `role`…; none for a grid).
    pub fields: Vec<String>,
    /// The text of its header row, column by column (capped like the grid), to name the
    /// columns by.
    pub headers: Vec<String>,
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
    /// What the last import of a file of this name made and this version no longer has
    /// (the first thousand); applying with sync removes them, else they are kept.
    pub gone: Vec<gatehouse_import::Gone>,
    pub gone_total: u32,
    /// The model's revision the preview was made against: once the model's summary
    /// shows another, the preview is stale.
    #[ts(type = "number")]
    pub revision: u64,
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
