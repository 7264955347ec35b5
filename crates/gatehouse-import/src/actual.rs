//! An actual access export (a platform's user or role-membership list) read for a drift
//! check: the assignments it lists, read exactly as an import reads an assignment list (the
//! same detection, several roles in one cell, status columns saying revoked or disabled),
//! without matching them to a model.

use crate::extract::{AssignmentRow, SheetReport, Warning};
use crate::mapping::Mapping;
use crate::progress::{self, Progress, Stage};
use crate::workbook::Limits;
use crate::{read_rows, ImportError, MappingOrigin, Source};

/// The assignments an export lists, each with its cell, and what reading it said.
#[derive(Debug, Clone, PartialEq)]
pub struct AssignmentExport {
    pub file: String,
    pub sha256: String,
    pub format: String,
    pub sheets: Vec<SheetReport>,
    /// In the order of the file: sheet by sheet, row by row.
    pub assignments: Vec<AssignmentRow>,
    /// Rows left out (revoked, no role…) and doubts, each at its cell.
    pub warnings: Vec<Warning>,
}

/// Reads the assignments `source` lists, detecting each sheet's layout as `gatehouse
/// import` does (or as `mapping` says). Rows of other kinds (grants, RACI entries, SoD
/// rules) are not access held by people: a warning says how many were left out.
pub fn read_assignments(
    source: &Source,
    mapping: &Mapping,
    limits: &Limits,
    progress: Progress<'_>,
) -> Result<AssignmentExport, ImportError> {
    let (workbook, extract, _) =
        read_rows(source, mapping, MappingOrigin::Given, limits, progress)?;
    let mut warnings = extract.warnings;
    let others = [
        (extract.grants.len(), "grant"),
        (extract.raci.len(), "RACI row"),
        (extract.sod_rules.len(), "SoD rule"),
    ];
    let others: Vec<String> = (others.iter())
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| progress::counted(*n, what))
        .collect();
    if !others.is_empty() {
        let sheets: Vec<&str> = (extract.sheets.iter())
            .filter(|s| {
                !matches!(
                    s.layout,
                    crate::Layout::Assignments | crate::Layout::Skipped
                )
            })
            .map(|s| s.name.as_str())
            .collect();
        warnings.push(Warning {
            source: source.name.clone(),
            message: format!(
                "{} read from {} left out: a drift check compares only who holds which role",
                others.join(", "),
                if sheets.is_empty() {
                    "the file".to_string()
                } else {
                    format!("sheet(s) {}", sheets.join(", "))
                }
            ),
        });
    }
    progress.report(Stage::Recognising, 1.0, || {
        format!(
            "read {}",
            progress::counted(extract.assignments.len(), "assignment")
        )
    });
    Ok(AssignmentExport {
        file: source.name.clone(),
        sha256: source.sha256(),
        format: workbook.format.as_str().to_string(),
        sheets: extract.sheets,
        assignments: extract.assignments,
        warnings,
    })
}
