//! A RACI chart: the letters where an activity and a role meet.

use std::collections::{HashMap, HashSet};

use super::{body_start, SheetReader};
use crate::extract::sheet_plan::Grid;
use crate::extract::vocabulary::norm;
use crate::extract::RaciRow;
use crate::mapping::Axis;
use crate::marks::{raci_letters, Mark};

/// Bullets and dashes that lead an activity's text in a chart ("– Approve change").
const BULLETS: &[char] = &['–', '—', '-', '•', '·', '*', '▪', '◦', ' '];

impl SheetReader<'_> {
    pub(super) fn raci(&mut self, grid: &Grid) {
        let columns = &grid.columns;
        let mut roles = Vec::new();
        for &c in columns {
            let mut label = self.column_label(grid, c);
            // A chart for one role has a column headed just "Role": the sheet says whose.
            if columns.len() == 1
                && ["role", "raci", "responsibility"].contains(&norm(&label).as_str())
            {
                let named = norm(&self.sheet.name)
                    .replace("raci", "")
                    .trim()
                    .to_string();
                if !named.is_empty() {
                    label = self
                        .sheet
                        .name
                        .split_whitespace()
                        .filter(|w| norm(w) != "raci")
                        .collect::<Vec<_>>()
                        .join(" ");
                }
            }
            roles.push((c, label));
        }
        let rows = self.row_labels(grid);
        self.unlabelled_letters(grid, &rows);
        let mut seen = HashMap::new();
        for (r, label) in &rows {
            let lettered =
                (roles.iter()).any(|(c, _)| raci_letters(&self.sheet.text(*r, *c)).is_some());
            if lettered && grid.roles_in == Axis::Columns {
                self.note_repeat(
                    &mut seen,
                    *r,
                    grid.label,
                    label.trim_start_matches(BULLETS).trim(),
                );
            }
        }
        if grid.roles_in == Axis::Rows {
            // Roles in rows, activities across: one activity per column.
            for (c, activity) in &roles {
                let cells: Vec<(u32, u32, &str)> = rows
                    .iter()
                    .map(|(r, role)| (*r, *c, role.as_str()))
                    .collect();
                self.raci_activity(activity, (grid.header, *c), &cells);
            }
        } else {
            for (r, activity) in &rows {
                let cells: Vec<(u32, u32, &str)> = roles
                    .iter()
                    .map(|(c, role)| (*r, *c, role.as_str()))
                    .collect();
                self.raci_activity(activity, (*r, grid.label), &cells);
            }
        }
    }

    /// Letters in rows without a label are warned at their row: they vanish otherwise.
    fn unlabelled_letters(&mut self, grid: &Grid, rows: &[(u32, String)]) {
        let labelled: HashSet<u32> = rows.iter().map(|(r, _)| *r).collect();
        for r in body_start(grid.header, grid.subheader)..self.sheet.height() {
            if labelled.contains(&r) || self.legend.contains(&r) {
                continue;
            }
            if let Some(&c) =
                (grid.columns.iter()).find(|&&c| raci_letters(&self.sheet.text(r, c)).is_some())
            {
                self.warn(
                    r,
                    c,
                    "RACI letters in a row without a label; row ignored".into(),
                );
            }
        }
    }

    /// The letters of one activity, whose label is at `at`, in `cells` (row, column and
    /// the role each is for); warns when not exactly one role is accountable.
    fn raci_activity(&mut self, activity: &str, at: (u32, u32), cells: &[(u32, u32, &str)]) {
        let activity = activity.trim_start_matches(BULLETS).trim();
        if activity.is_empty() {
            return;
        }
        let mut accountable = 0;
        let mut lettered = 0;
        for &(r, c, role) in cells {
            let v = self.sheet.get(r, c);
            if v.is_empty() || role.is_empty() {
                continue;
            }
            let text = v.text();
            // "N", "-", "n/a" (and what a legend or mapping says is none) are blank cells.
            if raci_letters(&text).is_none() && self.vocab.mark(v) == Some(Mark::None) {
                continue;
            }
            lettered += 1;
            let Some(letters) = raci_letters(&text) else {
                self.warn(r, c, format!("{text:?} is not RACI letters (R, A, C, I) for {activity:?} × {role:?}; ignored"));
                continue;
            };
            if letters.contains('A') {
                accountable += 1;
            }
            let source = self.src(r, c);
            self.out.raci.push(RaciRow {
                role: role.to_string(),
                activity: activity.to_string(),
                letters,
                source,
            });
        }
        match accountable {
            // A label with no letters at all heads a section of the chart.
            _ if lettered == 0 => {}
            1 => {}
            0 => self.warn(
                at.0,
                at.1,
                format!("no role is accountable (A) for {activity:?}"),
            ),
            n => self.warn(
                at.0,
                at.1,
                format!("{n} roles are accountable (A) for {activity:?}; there should be one"),
            ),
        }
    }
}
