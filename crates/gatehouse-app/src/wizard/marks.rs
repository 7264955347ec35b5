//! Where a preview's header, read rows and warnings are in the sheets, and the blocks of
//! cells the grid shows with those marks.

use std::collections::BTreeMap;

use gatehouse_import::{mapping::column_index, CellRef, Import, Layout, Sheet};

use super::transport::{CellMark, CellRole, CellWindow};
use crate::error::{AppError, AppResult, ErrorCode};

/// Rows one cell window holds at most.
const WINDOW_ROWS: u32 = 500;
/// Columns shown at most (wider sheets are cut in the grid, not in the import).
pub(super) const WINDOW_COLUMNS: u32 = 200;

/// One sheet's marked cells: (row, column) → how it takes part, and warning text.
pub(crate) type SheetMarks = BTreeMap<(u32, u32), (CellRole, Option<String>)>;

/// Where each sheet's header, read rows and warnings are.
pub(crate) fn cell_marks(import: &Import) -> Vec<SheetMarks> {
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
                        .filter_map(|letters| column_index(letters))
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    for row in p.rows().iter() {
        if let Some((i, r, col)) = index.locate(row.source()) {
            marks[i].insert((r, col), (CellRole::Read, None));
            for &c in &fields[i] {
                if !sheets[i].get(r, c).is_empty() {
                    marks[i].insert((r, c), (CellRole::Read, None));
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

/// Cells `first_row..first_row + count` of sheet `sheet` (its index), with their marks.
pub(crate) fn window(
    import: &Import,
    marks: &[SheetMarks],
    sheet: usize,
    first_row: u32,
    count: u32,
) -> AppResult<CellWindow> {
    let sheets = &import.workbook.sheets;
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
    let marks = marks[sheet]
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

/// Finds the sheet a source (`Sheet!C7`, `'My sheet'!C7`, or a sheet's bare name for a
/// warning about the whole sheet) points into.
pub(crate) struct SheetIndex {
    by_name: BTreeMap<String, usize>,
}

impl SheetIndex {
    pub(crate) fn new(sheets: &[Sheet]) -> SheetIndex {
        SheetIndex {
            by_name: sheets
                .iter()
                .enumerate()
                .map(|(i, s)| (s.name.clone(), i))
                .collect(),
        }
    }

    /// The sheet `source` is about.
    pub(crate) fn sheet_of(&self, source: &str) -> Option<usize> {
        self.by_name
            .get(source)
            .copied()
            .or_else(|| self.locate(source).map(|(sheet, _, _)| sheet))
    }

    /// `Sheet!C7` → (sheet index, row, column), 0-based.
    fn locate(&self, source: &str) -> Option<(usize, u32, u32)> {
        let cell: CellRef = source.parse().ok()?;
        let sheet = *self.by_name.get(&cell.sheet)?;
        Some((sheet, cell.row, cell.col))
    }
}
