//! A permission matrix: a mark where a capability and a role meet is a grant. A CRUD
//! matrix is read the same way, each of its letters a grant of a capability on the
//! resource: "Invoice" with "CRU" grants "Invoice Create", "Invoice Read" and "Invoice
//! Update" (the access list's `<resource> <level>`).

use std::collections::{BTreeMap, HashMap};

use super::{body_start, SheetReader};
use crate::extract::shape::{
    code_legends, filled_right, grouped_label, is_code, is_legend_title, is_totals_row,
};
use crate::extract::sheet_plan::Grid;
use crate::extract::GrantRow;
use crate::mapping::Axis;
use crate::marks::{crud_letters, Mark, CRUD};
use crate::workbook::Value;
use gatehouse_core::Effect;

/// What the cells of a grid hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cells {
    /// Marks (x, yes, deny…): the capability is the label.
    Marks,
    /// C, R, U, D letters: one capability per letter on the label's resource.
    Crud,
}

impl SheetReader<'_> {
    pub(super) fn matrix(&mut self, grid: &Grid, cells: Cells) {
        let label_col = grid.label;
        let columns = &grid.columns;
        let roles_in_rows = grid.roles_in == Axis::Rows;
        let mut labels: Vec<(u32, String)> = columns
            .iter()
            .map(|&c| (c, self.column_label(grid, c)))
            .collect();
        let mut names = self.code_names(grid);
        for (c, label) in labels.iter_mut() {
            if let Some(name) = names.remove(c) {
                *label = format!("{name} ({label})");
            }
        }
        let mut group = String::new();
        let mut seen = HashMap::new();
        for r in body_start(grid.header, grid.subheader)..self.sheet.height() {
            let mut row_label = self.trimmed(r, label_col);
            if let Some(g) = grid.group {
                row_label = grouped_label(self.sheet, r, g, label_col, &mut group, row_label);
            }
            if row_label.is_empty() {
                if columns.iter().any(|&c| !self.sheet.get(r, c).is_empty()) {
                    self.warn(
                        r,
                        label_col,
                        "marks in a row without a label; row ignored".into(),
                    );
                }
                continue;
            }
            if self.legend.contains(&r) || is_legend_title(self.sheet.row(r)) {
                continue;
            }
            if is_totals_row(&row_label, self.sheet.row(r)) {
                self.warn(
                    r,
                    label_col,
                    format!("the row is labelled {row_label:?} and holds numbers: a totals row, ignored"),
                );
                continue;
            }
            if self.vocab.mark(&Value::Text(row_label.clone())) == Some(Mark::Allow) {
                self.warn(
                    r,
                    label_col,
                    format!("the row is labelled {row_label:?}, a mark: a filler or sentinel row, ignored"),
                );
                continue;
            }
            if columns.iter().any(|&c| !self.sheet.get(r, c).is_empty()) {
                self.note_repeat(&mut seen, r, label_col, &row_label);
            }
            for (c, col_label) in &labels {
                let v = self.sheet.get(r, *c);
                if v.is_empty() || col_label.is_empty() {
                    continue;
                }
                let (role, capability) = if roles_in_rows {
                    (row_label.clone(), col_label.clone())
                } else {
                    (col_label.clone(), row_label.clone())
                };
                let granted: Vec<(String, Effect)> = match cells {
                    Cells::Marks => {
                        let Some(effect) = self.grant_effect(r, *c, || {
                            format!(
                                " (for {row_label:?} × {col_label:?}); no grant made. Define it in a legend or with [marks] in a mapping"
                            )
                        }) else {
                            continue;
                        };
                        vec![(capability, effect)]
                    }
                    Cells::Crud => self.crud_cell(r, *c, &role, &capability),
                };
                let environment =
                    self.environment_of(grid.environment.as_ref(), grid.environment_row, *c);
                for (capability, effect) in granted {
                    self.out.grants.push(GrantRow {
                        role: role.clone(),
                        capability,
                        environment: environment.clone(),
                        effect,
                        source: self.src(r, *c),
                    });
                }
            }
        }
    }

    /// The capabilities a CRUD cell grants `role` on `resource`, one per letter; a cell
    /// saying nothing (blank, N, -) grants none, anything else is warned at its cell.
    fn crud_cell(&mut self, r: u32, c: u32, role: &str, resource: &str) -> Vec<(String, Effect)> {
        let v = self.sheet.get(r, c);
        if let Some(letters) = crud_letters(&v.text()).filter(|_| !v.is_number()) {
            return (CRUD.iter())
                .filter(|(l, _)| letters.contains(*l))
                .map(|(_, verb)| (format!("{resource} {verb}"), Effect::Allow))
                .collect();
        }
        if self.vocab.mark(v) != Some(Mark::None) {
            let message = format!(
                "{:?} is not C, R, U, D letters (for {role:?} on {resource:?}); no grant made. Write the letters of the operations (\"CRU\"), or read the sheet as a permission matrix with a mapping",
                v.text()
            );
            self.warn(r, c, message);
        }
        Vec::new()
    }

    /// Names for value columns whose sub-header is a code that a legend block above the
    /// header explains: a sheet whose roles are levels 0-3 under "ACCOUNT-TYPE" and
    /// "ACCOUNT-ROLE", with blocks "admin 0, lab assistant 1..." and "instructor 0, ta
    /// 1..." above, names the column under ACCOUNT-TYPE 0 "admin". The k-th block from the
    /// left explains the k-th group of coded columns, and only when there are as many
    /// blocks as groups and each block defines every code its group uses.
    fn code_names(&self, grid: &Grid) -> BTreeMap<u32, String> {
        let (h, Some(s)) = (grid.header, grid.subheader) else {
            return BTreeMap::new();
        };
        if grid.environment_row == Some(h) {
            return BTreeMap::new();
        }
        let width = self.sheet.width();
        let tops = filled_right(self.sheet, h, width);
        // Groups of coded columns, in column order: (group label, [(column, code)]).
        let mut groups: Vec<(String, Vec<(u32, String)>)> = Vec::new();
        for &c in &grid.columns {
            let code = self.sheet.get(s, c);
            let top = tops.get(c as usize).cloned().unwrap_or_default();
            if !is_code(code) || top.is_empty() {
                continue;
            }
            match groups.last_mut() {
                Some((label, cols)) if *label == top => cols.push((c, code.text().into_owned())),
                _ => groups.push((top, vec![(c, code.text().into_owned())])),
            }
        }
        let blocks = code_legends(self.sheet, h);
        if groups.is_empty() || blocks.len() != groups.len() {
            return BTreeMap::new();
        }
        let explained = groups
            .iter()
            .zip(&blocks)
            .all(|((_, cols), block)| cols.iter().all(|(_, code)| block.contains_key(code)));
        if !explained {
            return BTreeMap::new();
        }
        groups
            .iter()
            .zip(&blocks)
            .flat_map(|((_, cols), block)| cols.iter().map(|(c, code)| (*c, block[code].clone())))
            .collect()
    }
}
