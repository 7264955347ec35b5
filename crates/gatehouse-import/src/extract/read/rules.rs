//! SoD rules: a list (one row per rule, its two sides in two columns) or a conflict matrix.

use std::collections::HashSet;

use super::{body_start, SheetReader};
use crate::extract::sheet_plan::{ConflictMatrix, RuleList};
use crate::extract::vocabulary::{is_severity_word, is_wildcard, norm, norm_header, sod_side_kind};
use crate::extract::SodRow;
use crate::marks::Mark;

impl SheetReader<'_> {
    pub(super) fn rule_list(&mut self, list: &RuleList) {
        let (left_col, right_col) = (list.left, list.right);
        let sides = sod_side_kind(&norm_header(&self.trimmed(list.header, left_col)));
        for r in list.header + 1..self.sheet.height() {
            let left = self.trimmed(r, left_col);
            let right = self.trimmed(r, right_col);
            if let Some((c, text)) = [(left_col, &left), (right_col, &right)]
                .into_iter()
                .find(|(_, t)| is_wildcard(t))
            {
                let text = text.clone();
                self.warn(
                    r,
                    c,
                    format!("{text:?} stands for any entitlement; a rule is between two named roles or capabilities, so this rule is skipped: write one rule per pair it covers"),
                );
                continue;
            }
            if left.is_empty() && right.is_empty() {
                continue;
            }
            if left.is_empty() || right.is_empty() {
                self.warn(
                    r,
                    if left.is_empty() { left_col } else { right_col },
                    "a rule needs two sides; row ignored".into(),
                );
                continue;
            }
            // An entitlement is named within its system: "SAP Create vendor".
            let on = |system: Option<u32>, name: String| match self.optional(r, system) {
                Some(system) => format!("{system} {name}"),
                None => name,
            };
            let (left, right) = (on(list.left_system, left), on(list.right_system, right));
            let row = SodRow {
                sides,
                severity: self.optional(r, list.severity).unwrap_or_default(),
                mitigation: self.optional(r, list.mitigation),
                name: self.optional(r, list.name),
                description: self.optional(r, list.description),
                left,
                right,
                source: self.src(r, left_col),
                severity_source: list.severity.map(|c| self.src(r, c)),
            };
            self.out.sod_rules.push(row);
        }
    }

    /// A conflict matrix: a marked cell makes its row's and its column's names a rule,
    /// once for each pair (the matrix is often filled on both sides of its diagonal). A
    /// cell holding a risk level (High, M...) gives the rule that level.
    pub(super) fn conflict_matrix(&mut self, matrix: &ConflictMatrix) {
        let (label_col, h) = (matrix.label, matrix.header);
        let columns = self.headed_columns(h, &matrix.columns);
        let mut seen: HashSet<(String, String)> = HashSet::new();
        let mut unrated = 0;
        for r in body_start(h, matrix.subheader)..self.sheet.height() {
            let left = self.trimmed(r, label_col);
            if left.is_empty() || self.legend.contains(&r) {
                continue;
            }
            for (c, right) in &columns {
                let v = self.sheet.get(r, *c);
                if v.is_empty() {
                    continue;
                }
                let text = v.text().trim().to_string();
                let severity = if is_severity_word(&text) {
                    text.clone()
                } else {
                    match self.vocab.mark(v) {
                        Some(Mark::Allow | Mark::Approval | Mark::Deny) => String::new(),
                        Some(Mark::None) => continue,
                        None => {
                            self.warn(r, *c, format!("{text:?} is neither a mark nor a risk level (for {left:?} × {right:?}); ignored"));
                            continue;
                        }
                    }
                };
                let (a, b) = (norm(&left), norm(right));
                if a == b {
                    continue;
                }
                let pair = if a < b { (a, b) } else { (b, a) };
                if !seen.insert(pair) {
                    continue;
                }
                if severity.is_empty() {
                    unrated += 1;
                }
                let source = self.src(r, *c);
                self.out.sod_rules.push(SodRow {
                    left: left.clone(),
                    right: right.clone(),
                    severity: if severity.is_empty() {
                        "medium".into()
                    } else {
                        severity
                    },
                    mitigation: None,
                    name: None,
                    description: None,
                    severity_source: Some(source.clone()),
                    sides: None,
                    source,
                });
            }
        }
        if unrated > 0 {
            self.warn(
                h,
                label_col,
                format!("the conflict matrix marks {unrated} conflicts without a risk level; they are read as medium risk"),
            );
        }
    }
}
