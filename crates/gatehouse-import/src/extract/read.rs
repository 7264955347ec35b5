//! Reading a sheet's cells into rows, following its plan: one reader per layout, sharing
//! where a row's cell is and how a warning points at it.

mod access_list;
mod assignments;
mod matrix;
mod permission_list;
mod raci;
mod rules;

use std::collections::{BTreeSet, HashMap};

use super::shape::{filled_right, grouped_label};
use super::sheet_plan::{Grid, Reading};
use super::vocabulary::{norm, standing, Standing};
use super::{Extract, Warning};
use crate::cellref::CellRef;
use crate::marks::Vocabulary;
use crate::workbook::Sheet;

pub(crate) struct SheetReader<'a> {
    pub(crate) sheet: &'a Sheet,
    /// Rows of legend entries in this sheet ("x = allowed"), which are not data.
    pub(crate) legend: &'a BTreeSet<u32>,
    pub(crate) vocab: &'a Vocabulary,
    pub(crate) out: &'a mut Extract,
}

impl SheetReader<'_> {
    pub(crate) fn read(&mut self, reading: &Reading) {
        match reading {
            Reading::Skipped { .. } => {}
            Reading::Matrix(grid) => self.matrix(grid, matrix::Cells::Marks),
            Reading::Crud(grid) => self.matrix(grid, matrix::Cells::Crud),
            Reading::Raci(grid) => self.raci(grid),
            Reading::PermissionList(list) => self.permission_list(list),
            Reading::AccessList(list) => self.access_list(list),
            Reading::AssignmentList(list) => self.assignment_list(list),
            Reading::AssignmentMatrix(matrix) => self.assignment_matrix(matrix),
            Reading::RuleList(list) => self.rule_list(list),
            Reading::ConflictMatrix(matrix) => self.conflict_matrix(matrix),
        }
    }

    fn src(&self, row: u32, col: u32) -> String {
        CellRef::new(&self.sheet.name, row, col).to_string()
    }

    fn warn(&mut self, row: u32, col: u32, message: String) {
        let source = self.src(row, col);
        self.out.warnings.push(Warning { source, message });
    }

    /// The effect of the grant a cell's mark makes: `None` for a mark that grants nothing,
    /// and for a mark nobody defined, which is warned at its cell with `what` (the words
    /// after "unknown mark \"?\"").
    fn grant_effect(
        &mut self,
        row: u32,
        col: u32,
        what: impl FnOnce() -> String,
    ) -> Option<gatehouse_core::Effect> {
        let v = self.sheet.get(row, col);
        match self.vocab.mark(v) {
            Some(mark) => mark.effect(),
            None => {
                let message = format!("unknown mark {:?}{}", v.text(), what());
                self.warn(row, col, message);
                None
            }
        }
    }

    /// The text of a cell, trimmed.
    fn trimmed(&self, row: u32, col: u32) -> String {
        self.sheet.text(row, col).trim().to_string()
    }

    /// Whether row `r` is active access as its status column (headed in row `h`) says; a
    /// revoked row is warned at the status cell (and not imported), an exception noted.
    fn in_force(&mut self, h: u32, r: u32, status: Option<u32>, what: &str) -> InForce {
        let Some(c) = status else {
            return InForce::Yes;
        };
        let text = self.trimmed(r, c);
        let header = self.trimmed(h, c);
        match standing(&text) {
            Some(Standing::Active) => InForce::Yes,
            Some(Standing::Exception) => {
                self.warn(
                    r,
                    c,
                    format!("{header:?} says {text:?} for {what}: imported as active access, kept as an exception; record it under Exceptions"),
                );
                InForce::Yes
            }
            Some(Standing::Ended) => {
                self.warn(
                    r,
                    c,
                    format!("{header:?} says {text:?} for {what}: not active access, not imported"),
                );
                InForce::Ended
            }
            None => {
                self.warn(
                    r,
                    c,
                    format!("{header:?} says {text:?} for {what}, which is neither active nor revoked as Gatehouse reads it: not imported. Write Active or Revoked, or leave the column out with a mapping"),
                );
                InForce::No
            }
        }
    }

    /// Warns when `label` (at row `r`, column `c`) repeats an earlier row's label,
    /// ignoring case and spacing, naming both cells: the import merges the two rows.
    fn note_repeat(&mut self, seen: &mut HashMap<String, u32>, r: u32, c: u32, label: &str) {
        match seen.entry(norm(label)) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(r);
            }
            std::collections::hash_map::Entry::Occupied(o) => {
                let first = self.src(*o.get(), c);
                self.warn(
                    r,
                    c,
                    format!("{label:?} is also the label of {first}: the two rows are merged into one (where both mark the same column, this row's mark is kept). Rename one of them to keep them apart"),
                );
            }
        }
    }

    /// The text of a cell of an optional column, when there is one and it is not blank.
    fn optional(&self, row: u32, col: Option<u32>) -> Option<String> {
        col.map(|c| self.trimmed(row, c)).filter(|t| !t.is_empty())
    }

    /// The value columns that have a header in row `h`, with it.
    fn headed_columns(&self, h: u32, columns: &[u32]) -> Vec<(u32, String)> {
        columns
            .iter()
            .map(|&c| (c, self.trimmed(h, c)))
            .filter(|(_, header)| !header.is_empty())
            .collect()
    }

    /// The environment of value column `col`: the sheet's, or the one its group header in
    /// `row` names.
    fn environment_of(&self, named: Option<&String>, row: Option<u32>, col: u32) -> Option<String> {
        if let Some(e) = named {
            return Some(e.clone());
        }
        let groups = filled_right(self.sheet, row?, self.sheet.width().max(col + 1));
        let g = groups[col as usize].clone();
        (!g.is_empty()).then_some(g)
    }
}

/// First body row: after the header and any sub-header.
fn body_start(header: u32, subheader: Option<u32>) -> u32 {
    subheader
        .map(|s| (s + 1).max(header + 1))
        .unwrap_or(header + 1)
}

impl SheetReader<'_> {
    /// Header of a value column: the header cell, combined with the sub-header when the
    /// header is a group label (and not an environment).
    fn column_label(&self, grid: &Grid, col: u32) -> String {
        let h = grid.header;
        let width = self.sheet.width();
        let top = filled_right(self.sheet, h, width.max(col + 1))[col as usize].clone();
        match grid.subheader {
            Some(s) => {
                let sub = self.trimmed(s, col);
                if grid.environment_row == Some(h) || top.is_empty() {
                    sub
                } else if sub.is_empty() {
                    top
                } else {
                    format!("{top} {sub}")
                }
            }
            None => self.trimmed(h, col),
        }
    }

    /// The labels down the side of a grid, each with its row, joined with its group; rows
    /// of the legend and blank labels are left out.
    /// A column right of the labels (a deliverable beside an activity) joins only the
    /// labels that repeat, which it tells apart.
    fn row_labels(&self, grid: &Grid) -> Vec<(u32, String)> {
        let mut group = String::new();
        let rows = (body_start(grid.header, grid.subheader)..self.sheet.height())
            .filter(|r| !self.legend.contains(r));
        let mut times: HashMap<String, usize> = HashMap::new();
        if grid.group.is_some_and(|g| g > grid.label) {
            for r in rows.clone() {
                *times.entry(norm(&self.trimmed(r, grid.label))).or_default() += 1;
            }
        }
        rows.map(|r| {
            let label = self.trimmed(r, grid.label);
            match grid.group {
                Some(g) if g > grid.label && times.get(&norm(&label)).is_some_and(|&n| n < 2) => {
                    (r, label)
                }
                Some(g) => (
                    r,
                    grouped_label(self.sheet, r, g, grid.label, &mut group, label),
                ),
                None => (r, label),
            }
        })
        .filter(|(_, label)| !label.is_empty())
        .collect()
    }
}

/// What a row's status column says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum InForce {
    /// Active access (no status column, active, or kept with an exception).
    Yes,
    /// Revoked, disabled, ended: not active access; the import ends it where the model
    /// has it.
    Ended,
    /// A status Gatehouse does not read: the row is left out.
    No,
}
