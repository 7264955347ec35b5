//! SoD rules: a list whose header names the two sides of each rule, or a square conflict
//! matrix whose names down the side are the names across.

use std::collections::{BTreeSet, HashSet};

use super::{Found, Header, DETECT_ROWS};
use crate::extract::shape::is_legend_title;
use crate::extract::sheet_plan::{ConflictMatrix, Reading, RuleList};
use crate::extract::vocabulary::{
    is_severity_word, norm, sod_side, sod_system, DESCRIPTION, MITIGATION, RULE_NAME, SEVERITY,
};
use crate::mapping::column_letter;
use crate::marks::{Mark, Vocabulary};
use crate::workbook::{Sheet, Value};

/// Two columns named as the sides of a rule ("Function 1", "Function 2").
pub(super) fn rule_list(header: &Header<'_>) -> Option<Found> {
    let side = |which| {
        (header.normed.iter())
            .position(|n| sod_side(n) == Some(which))
            .map(|c| c as u32)
    };
    let (left, right) = (side("left")?, side("right")?);
    let system = |which| {
        (header.normed.iter())
            .position(|n| sod_system(n) == Some(which))
            .map(|c| c as u32)
    };
    let list = RuleList {
        header: header.row,
        left,
        right,
        severity: header.find(SEVERITY),
        mitigation: header.find(MITIGATION),
        name: header.find(RULE_NAME),
        description: header.find(DESCRIPTION),
        left_system: system("left"),
        right_system: system("right"),
    };
    let note = format!(
        "SoD rules: columns {:?} and {:?}",
        header.of(left),
        header.of(right)
    );
    Some((Reading::RuleList(list), note))
}

/// The same names down a column and across the header, marks where they meet.
pub(super) fn conflict_matrix(header: &Header<'_>) -> Option<Found> {
    let (label, columns) = square(header.sheet, header.row, header.vocab, header.legend)?;
    let (first, last) = (columns[0], columns[columns.len() - 1]);
    let note = format!(
        "SoD conflict matrix: the same names in column {} and across columns {}–{}",
        column_letter(label),
        column_letter(first),
        column_letter(last)
    );
    let matrix = ConflictMatrix {
        header: header.row,
        label,
        columns,
        subheader: None,
    };
    Some((Reading::ConflictMatrix(matrix), note))
}

/// A square matrix of conflicts under header row `h`: the names down a column of labels
/// are the names across the header (most of them), and the cells where they meet hold
/// only marks or risk levels (High, M...). Returns the label column and the columns
/// across.
fn square(
    sheet: &Sheet,
    h: u32,
    vocab: &Vocabulary,
    legend: &BTreeSet<u32>,
) -> Option<(u32, Vec<u32>)> {
    let rows: Vec<u32> = (h + 1..sheet.height().min(h + 1 + DETECT_ROWS))
        .filter(|r| !legend.contains(r) && !is_legend_title(sheet.row(*r)))
        .collect();
    let width = sheet.width();
    // The labels: the first column holding text that is neither a mark nor a level.
    let label = (0..width).find(|&c| {
        rows.iter().any(|&r| {
            let v = sheet.get(r, c);
            matches!(v, Value::Text(_))
                && !v.is_empty()
                && vocab.mark(v).is_none()
                && !is_severity_word(&v.text())
        })
    })?;
    let down: HashSet<String> = rows
        .iter()
        .map(|&r| norm(&sheet.text(r, label)))
        .filter(|n| !n.is_empty())
        .collect();
    let across: Vec<u32> = (label + 1..width)
        .filter(|&c| down.contains(&norm(&sheet.text(h, c))))
        .collect();
    if across.len() < 2 || across.len() * 2 < down.len() {
        return None;
    }
    let mut marked = 0;
    for &r in &rows {
        for &c in &across {
            let v = sheet.get(r, c);
            if v.is_empty() {
                continue;
            }
            if is_severity_word(&v.text()) || matches!(vocab.mark(v), Some(m) if m != Mark::None) {
                marked += 1;
            } else if vocab.mark(v).is_none() {
                return None;
            }
        }
    }
    (marked > 0).then_some((label, across))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{detected, sheet};
    use super::*;

    #[test]
    fn two_sides_named_make_a_list_of_rules() {
        let s = sheet(
            "SoD",
            &[
                &["Rule ID", "Function 1", "Function 2", "Risk level"],
                &["R1", "Create vendor", "Pay vendor", "High"],
            ],
        );
        let (reading, note) = detected(&s);
        let Reading::RuleList(list) = reading else {
            panic!("a list of rules: {reading:?}")
        };
        assert_eq!((list.left, list.right), (1, 2));
        assert_eq!((list.name, list.severity), (Some(0), Some(3)));
        assert_eq!(note, r#"SoD rules: columns "Function 1" and "Function 2""#);
    }

    #[test]
    fn the_same_names_down_and_across_make_a_conflict_matrix() {
        let s = sheet(
            "Conflicts",
            &[
                &["", "Create vendor", "Pay vendor", "Approve payment"],
                &["Create vendor", "", "High", ""],
                &["Pay vendor", "High", "", "x"],
                &["Approve payment", "", "x", ""],
            ],
        );
        let (reading, note) = detected(&s);
        let Reading::ConflictMatrix(matrix) = reading else {
            panic!("a conflict matrix: {reading:?}")
        };
        assert_eq!((matrix.label, matrix.columns), (0, vec![1, 2, 3]));
        assert!(note.starts_with("SoD conflict matrix"), "{note}");
    }

    #[test]
    fn names_across_that_are_not_down_the_side_are_no_conflict_matrix() {
        let s = sheet(
            "Access",
            &[
                &["Capability", "Admin", "Maker"],
                &["Publish app", "x", ""],
                &["Create app", "x", "x"],
            ],
        );
        let (vocab, legend) = (Vocabulary::default(), BTreeSet::new());
        let header = Header::new(&s, &vocab, &legend, 0);
        assert!(conflict_matrix(&header).is_none());
    }
}
