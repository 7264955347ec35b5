//! Recognising a sheet's layout and where its parts are: the header row first, then one
//! detector per layout, tried in turn (a list of rules, a conflict matrix, a list of
//! assignments, a permission list, and the grids: matrix, RACI chart, assignment matrix).

mod access_list;
mod assignments;
mod grid;
mod permission_list;
mod rules;

use std::collections::{BTreeSet, HashSet};

use super::shape::is_details_row;
use super::sheet_plan::{Reading, SheetPlan};
use super::vocabulary::{is_env_name, is_header_word, is_id_header, norm_header, words_in};
use crate::mapping::Layout;
use crate::marks::{raci_letters, Vocabulary};
use crate::workbook::{Sheet, Value};

/// Body rows looked at to recognise a layout.
pub(crate) const DETECT_ROWS: u32 = 2_000;

/// A layout found: how to read the sheet, and a note saying why.
type Found = (Reading, String);

/// What every detector looks at: the sheet, its marks and legend, and its header row.
struct Header<'a> {
    sheet: &'a Sheet,
    vocab: &'a Vocabulary,
    legend: &'a BTreeSet<u32>,
    /// The header row (0-based).
    row: u32,
    /// Each column's header, the sub-header's where a two-level header leaves it blank.
    headers: Vec<String>,
    /// The headers made comparable ([`norm_header`]).
    normed: Vec<String>,
    /// Whether a row under the header labels the columns the header leaves blank.
    two_level: bool,
}

impl<'a> Header<'a> {
    fn new(sheet: &'a Sheet, vocab: &'a Vocabulary, legend: &'a BTreeSet<u32>, h: u32) -> Self {
        let width = sheet.width();
        let mut headers: Vec<String> = (0..width)
            .map(|c| sheet.text(h, c).trim().to_string())
            .collect();
        // Two-level header: a row under the header labelling columns the header leaves
        // blank (the header holding group labels over them), with nothing under the first
        // label.
        let first_label = headers.iter().position(|t| !t.is_empty()).unwrap_or(0) as u32;
        let sub: Vec<u32> = (0..width)
            .filter(|&c| !sheet.get(h + 1, c).is_empty())
            .collect();
        let marks_under = sub
            .iter()
            .filter(|&&c| vocab.mark(sheet.get(h + 1, c)).is_some())
            .count();
        let two_level = sub.len() >= 2
            && sheet.get(h + 1, first_label).is_empty()
            && sub.iter().any(|&c| headers[c as usize].is_empty())
            && marks_under * 2 < sub.len();
        if two_level {
            for &c in &sub {
                if headers[c as usize].is_empty() {
                    headers[c as usize] = sheet.text(h + 1, c).trim().to_string();
                }
            }
        }
        let normed = headers.iter().map(|t| norm_header(t)).collect();
        Header {
            sheet,
            vocab,
            legend,
            row: h,
            headers,
            normed,
            two_level,
        }
    }

    /// The first column whose header is one of `list`.
    fn find(&self, list: &[&str]) -> Option<u32> {
        self.normed
            .iter()
            .position(|n| words_in(n, list))
            .map(|c| c as u32)
    }

    /// The first column whose header is one of `list` and is not in `taken`, a name
    /// rather than an identifier where both are there ("RoleName" over "RoleID").
    fn find_named(&self, list: &[&str], taken: &[u32]) -> Option<u32> {
        let found: Vec<u32> = (self.normed.iter().enumerate())
            .filter(|(c, n)| words_in(n, list) && !taken.contains(&(*c as u32)))
            .map(|(c, _)| c as u32)
            .collect();
        (found.iter().copied())
            .find(|&c| !is_id_header(&self.normed[c as usize]))
            .or(found.first().copied())
    }

    /// The header of column `c`.
    fn of(&self, c: u32) -> &str {
        &self.headers[c as usize]
    }

    /// The non-blank headers, for a note saying what the header row holds.
    fn shown(&self) -> String {
        let shown: Vec<&str> = (self.headers.iter())
            .filter(|t| !t.is_empty())
            .map(String::as_str)
            .collect();
        shown.join(", ")
    }

    /// A sheet skipped for `why`, its header row kept.
    fn skipped(&self, why: String) -> Found {
        (
            Reading::Skipped {
                header: Some(self.row),
            },
            why,
        )
    }
}

/// Recognises a sheet's layout and where its parts are; with `want`, only as that layout
/// (the person chose it), skipping the sheet with the reason when it cannot be read so.
/// Returns the plan and a note saying why.
pub(crate) fn detect(
    sheet: &Sheet,
    vocab: &Vocabulary,
    legend: &BTreeSet<u32>,
    want: Option<Layout>,
) -> (SheetPlan, String) {
    let (reading, note) = detect_reading(sheet, vocab, legend, want);
    let plan = SheetPlan {
        sheet: sheet.name.clone(),
        reading,
    };
    (plan, note)
}

fn detect_reading(
    sheet: &Sheet,
    vocab: &Vocabulary,
    legend: &BTreeSet<u32>,
    want: Option<Layout>,
) -> Found {
    let skipped = |why: String| (Reading::Skipped { header: None }, why);
    let allows = |layout: Layout| want.is_none_or(|w| w == layout);
    if want == Some(Layout::Skipped) {
        return skipped("not read".into());
    }
    if sheet.height() == 0 {
        return skipped("empty sheet".into());
    }
    let Some(h) = header_row(sheet, vocab, legend) else {
        if !legend.is_empty() {
            return skipped(format!("legend: {} marks defined", legend.len()));
        }
        return skipped("no header row with two or more labels".into());
    };
    // A first row of environment groups (merged over their columns, the corner blank)
    // stands above the header, not in its place.
    let h = if is_environment_row(sheet, h) && labels(sheet, vocab, h + 1).len() >= 2 {
        h + 1
    } else {
        h
    };
    let header = Header::new(sheet, vocab, legend, h);
    if allows(Layout::SodRules) {
        if let Some(found) = rules::rule_list(&header) {
            return found;
        }
    }
    if want == Some(Layout::SodRules) {
        return header.skipped(format!(
            "no two columns naming the sides of a rule (such as \"Function 1\" and \"Function 2\") in header row {}: {}",
            h + 1,
            header.shown()
        ));
    }
    if allows(Layout::SodRules) {
        if let Some(found) = rules::conflict_matrix(&header) {
            return found;
        }
    }
    let body = grid::Body::new(&header);
    if !legend.is_empty() && legend.len() * 2 > body.filled_rows {
        return header.skipped(format!("legend: {} marks defined", legend.len()));
    }
    if let Some(found) = assignments::assignment_list(&header, &body, want) {
        return found;
    }
    if want == Some(Layout::Assignments) {
        return header.skipped(format!(
            "no person column and role column in header row {}: {}",
            h + 1,
            header.shown()
        ));
    }
    if allows(Layout::Matrix) {
        if let Some(found) = access_list::access_list(&header, &body) {
            return found;
        }
        if let Some(found) = permission_list::permission_list(&header, &body) {
            return found;
        }
    }
    grid::grid(&header, &body, want)
}

/// A row of environment names over groups of columns, its first cell blank: the groups
/// of the header under it.
fn is_environment_row(sheet: &Sheet, r: u32) -> bool {
    let row = sheet.row(r);
    let filled: Vec<&Value> = row.iter().filter(|v| !v.is_empty()).collect();
    row.first().is_none_or(Value::is_empty)
        && filled.len() >= 2
        && filled.iter().all(|v| is_env_name(&v.text()))
}

/// The distinct text cells of row `r` that are neither marks nor RACI letters, made
/// comparable.
fn labels(sheet: &Sheet, vocab: &Vocabulary, r: u32) -> HashSet<String> {
    let mut seen = HashSet::new();
    for v in sheet.row(r) {
        if let Value::Text(t) = v {
            let t = t.trim();
            if t.is_empty() || t.chars().count() > 80 || raci_letters(t).is_some() {
                continue;
            }
            if vocab.mark(v).is_some() {
                continue;
            }
            seen.insert(norm_header(t));
        }
    }
    seen
}

/// Chooses the header row: the row, among the first 40, with the most distinct text cells
/// that are neither marks nor RACI letters; title and note rows (one cell) lose.
fn header_row(sheet: &Sheet, vocab: &Vocabulary, legend: &BTreeSet<u32>) -> Option<u32> {
    let mut scores = Vec::new();
    for r in 0..sheet.height().min(40) {
        if legend.contains(&r) {
            continue;
        }
        if is_details_row(sheet.row(r)) {
            continue;
        }
        let seen = labels(sheet, vocab, r);
        let keyword = seen.iter().any(|t| is_header_word(t));
        scores.push((r, seen.len(), keyword));
    }
    // The earliest row that is nearly as label-rich as the richest (data rows below a
    // header often hold as much text as the header itself), or that names a column the
    // way headers do (a ragged data row may hold more cells than the header).
    let best = scores.iter().map(|(_, s, _)| *s).max().unwrap_or(0);
    scores
        .into_iter()
        .find(|(_, s, keyword)| *s >= 2 && (*s * 2 > best || *keyword))
        .map(|(r, _, _)| r)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A sheet of text cells, row by row.
    pub(crate) fn sheet(name: &str, rows: &[&[&str]]) -> Sheet {
        let mut sheet = Sheet::new(name);
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                sheet.set(r as u32, c as u32, Value::Text(text.to_string()));
            }
        }
        sheet
    }

    pub(crate) fn detected(sheet: &Sheet) -> (Reading, String) {
        detect_reading(sheet, &Vocabulary::default(), &BTreeSet::new(), None)
    }

    #[test]
    fn the_header_is_under_the_title() {
        let s = sheet(
            "Access",
            &[
                &["Access matrix, 2024"],
                &["Owner:", "IT Governance"],
                &["Capability", "Admin", "Maker"],
                &["Publish app", "x", ""],
            ],
        );
        let h = header_row(&s, &Vocabulary::default(), &BTreeSet::new());
        assert_eq!(
            h,
            Some(2),
            "the title and the details row are not the header"
        );
    }

    #[test]
    fn a_two_level_header_takes_its_labels_from_the_row_under_it() {
        let s = sheet(
            "Access",
            &[
                &["Capability", "Production", ""],
                &["", "Admin", "Maker"],
                &["Publish app", "x", ""],
            ],
        );
        let (vocab, legend) = (Vocabulary::default(), BTreeSet::new());
        let header = Header::new(&s, &vocab, &legend, 0);
        assert!(
            header.two_level,
            "the row under names the blank header's column"
        );
        assert_eq!(header.headers, ["Capability", "Production", "Maker"]);
    }

    #[test]
    fn a_sheet_without_a_header_is_skipped_and_says_why() {
        let (reading, note) = detected(&sheet("Notes", &[&["just a note"]]));
        assert_eq!(reading, Reading::Skipped { header: None });
        assert_eq!(note, "no header row with two or more labels");
    }

    #[test]
    fn a_chosen_layout_that_does_not_fit_is_skipped_with_the_reason() {
        let s = sheet("People", &[&["User", "Role"], &["ana", "Maker"]]);
        let (reading, note) = detect_reading(
            &s,
            &Vocabulary::default(),
            &BTreeSet::new(),
            Some(Layout::SodRules),
        );
        assert_eq!(reading, Reading::Skipped { header: Some(0) });
        assert!(
            note.starts_with("no two columns naming the sides of a rule"),
            "{note}"
        );
    }
}
