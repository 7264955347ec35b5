//! Every file of samples/ and of the corpus with the layout detection gives each of its
//! sheets: a change to detection that reads one sheet another way fails here, by name.

use std::path::Path;

use gatehouse_import::Layout::{self, Assignments, Crud, Matrix, Raci, Skipped, SodRules};

use crate::{preview, sample};

/// (file, sheet, layout, header row, what the note says the sheet is).
type Expected = (
    &'static str,
    &'static str,
    Layout,
    Option<u32>,
    &'static str,
);

const SAMPLES: &[Expected] = &[
    (
        "access-list.xlsx",
        "Role access",
        Matrix,
        Some(1),
        "access list",
    ),
    ("access-list.xlsx", "Screens", Matrix, Some(1), "access list"),
    (
        "access-review.xlsx",
        "Certification",
        Assignments,
        Some(1),
        "assignment list",
    ),
    (
        "access-review.xlsx",
        "Flags",
        Skipped,
        Some(1),
        "the only columns of marks under header row 1 are flags or metrics (\"InBaseline\", \"SoD_Sensitive\"), not roles or capabilities; nothing read. To read the sheet, choose its layout and columns (a mapping's [[sheet]], or the wizard)",
    ),
    (
        "assignments.csv",
        "assignments",
        Assignments,
        Some(1),
        "assignment list",
    ),
    (
        "crud-matrix.xlsx",
        "Data access",
        Crud,
        Some(3),
        "CRUD matrix",
    ),
    (
        "environment-groups.xlsx",
        "Access",
        Matrix,
        Some(2),
        "permission matrix",
    ),
    (
        "matrix-per-environment.xlsx",
        "Development",
        Matrix,
        Some(1),
        "permission matrix",
    ),
    (
        "matrix-per-environment.xlsx",
        "Production",
        Matrix,
        Some(1),
        "permission matrix",
    ),
    (
        "numeric-marks.xlsx",
        "Development",
        Matrix,
        Some(1),
        "permission matrix",
    ),
    (
        "numeric-marks.xlsx",
        "Production",
        Matrix,
        Some(1),
        "permission matrix",
    ),
    (
        "permission-matrix.xlsx",
        "Cover",
        Skipped,
        None,
        "no header row with two or more labels",
    ),
    (
        "permission-matrix.xlsx",
        "Legend",
        Skipped,
        Some(1),
        "legend",
    ),
    (
        "permission-matrix.xlsx",
        "Matrix",
        Matrix,
        Some(5),
        "permission matrix",
    ),
    ("raci-sections.xlsx", "RACI", Raci, Some(1), "RACI matrix"),
    ("raci.xlsx", "RACI", Raci, Some(4), "RACI matrix"),
    (
        "sod-entitlements.xlsx",
        "Entitlement rules",
        SodRules,
        Some(1),
        "SoD rules",
    ),
    (
        "sod-entitlements.xlsx",
        "Functions",
        SodRules,
        Some(1),
        "SoD rules",
    ),
    (
        "sod-rules.xlsx",
        "SoD rules",
        SodRules,
        Some(3),
        "SoD rules",
    ),
    (
        "user-roles.csv",
        "user-roles",
        Assignments,
        Some(1),
        "assignment list",
    ),
];

pub(crate) const CORPUS: &[Expected] = &[
    (
        "byu_yvideo_permissions.ods",
        "Sheet1",
        Matrix,
        Some(6),
        "permission matrix",
    ),
    (
        "calamine_biff5-rich-text-string.xls",
        "Sheet1",
        Skipped,
        Some(3),
        "no role, mark or RACI columns under header row 3",
    ),
    (
        "calamine_date.xlsb",
        "Sheet1",
        Skipped,
        None,
        "no header row with two or more labels",
    ),
    (
        "calamine_date_1904.xls",
        "Sheet1",
        Skipped,
        None,
        "no header row with two or more labels",
    ),
    (
        "calamine_header-row.xlsx",
        "Sheet1",
        Skipped,
        Some(9),
        "no role, mark or RACI columns under header row 9",
    ),
    (
        "calamine_merge_cells.xlsx",
        "Sheet1",
        Skipped,
        Some(1),
        "no role, mark or RACI columns under header row 1",
    ),
    (
        "calamine_merged_cells.ods",
        "Sheet1",
        Skipped,
        None,
        "no header row with two or more labels",
    ),
    (
        "calamine_merged_range.xls",
        "Sheet1",
        Skipped,
        Some(1),
        "no role, mark or RACI columns under header row 1",
    ),
    (
        "calamine_merged_range.xls",
        "Sheet2",
        Skipped,
        Some(1),
        "no role, mark or RACI columns under header row 1",
    ),
    (
        "calamine_number_rows_repeated.ods",
        "Sheet1",
        Skipped,
        None,
        "no header row with two or more labels",
    ),
    (
        "calamine_number_rows_repeated.ods",
        "Sheet2",
        Skipped,
        None,
        "no header row with two or more labels",
    ),
    (
        "calamine_number_rows_repeated.ods",
        "Sheet3",
        Skipped,
        None,
        "no header row with two or more labels",
    ),
    (
        "calamine_richtext-namespaced.xlsx",
        "Sheet1",
        Skipped,
        Some(1),
        "no role, mark or RACI columns under header row 1",
    ),
    (
        "calamine_richtext-namespaced.xlsx",
        "Sheet2",
        Skipped,
        None,
        "empty sheet",
    ),
    (
        "calamine_richtext-namespaced.xlsx",
        "Sheet3",
        Skipped,
        None,
        "empty sheet",
    ),
    (
        "calamine_special_cells.ods",
        "sheet1",
        Skipped,
        None,
        "no header row with two or more labels",
    ),
    (
        "hadi_sap_sod_matrix.csv",
        "hadi_sap_sod_matrix",
        SodRules,
        Some(1),
        "SoD rules",
    ),
    (
        "hadi_sap_users.csv",
        "hadi_sap_users",
        Assignments,
        Some(1),
        "assignment list",
    ),
    (
        "odoo_account_ir.model.access.csv",
        "odoo_account_ir.model.access",
        Matrix,
        Some(1),
        "permission list",
    ),
    ("packt_RACI.xlsx", "RACI", Raci, Some(1), "RACI matrix"),
    (
        "packt_TPM_RACI.xlsx",
        "TPM RACI",
        Raci,
        Some(1),
        "RACI matrix",
    ),
    (
        "veza_identity_to_permissions.csv",
        "veza_identity_to_permissions",
        Skipped,
        Some(1),
        "no role, mark or RACI columns under header row 1",
    ),
    (
        "veza_permissions.csv",
        "veza_permissions",
        Skipped,
        Some(1),
        "no role, mark or RACI columns under header row 1",
    ),
    (
        "yaangvu_sis_Permission.xlsx",
        "Permissions (Import)",
        Matrix,
        Some(1),
        "permission matrix",
    ),
];

/// The spreadsheets in `dir` (not its notes and provenance lists, nor folders such as
/// the scenario decks).
fn spreadsheets(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs_err::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".md") && !n.ends_with(".tsv"))
        .collect();
    names.sort();
    names
}

pub(crate) fn check(
    dir: &Path,
    expected: &[Expected],
    path_of: impl Fn(&str) -> std::path::PathBuf,
) {
    let mut listed: Vec<String> = expected.iter().map(|e| e.0.to_string()).collect();
    listed.dedup();
    assert_eq!(
        spreadsheets(dir),
        listed,
        "every spreadsheet in {} has its sheets listed here, and only those",
        dir.display()
    );
    for file in &listed {
        let p = preview(&path_of(file));
        let found: Vec<(&str, Layout, Option<u32>, &str)> = (p.sheets.iter())
            .map(|s| {
                let kind = s.note.split(':').next().unwrap_or_default();
                (s.name.as_str(), s.layout, s.header_row, kind)
            })
            .collect();
        let wanted: Vec<(&str, Layout, Option<u32>, &str)> = (expected.iter())
            .filter(|e| e.0 == file)
            .map(|e| (e.1, e.2, e.3, e.4))
            .collect();
        assert_eq!(found, wanted, "{file}: each sheet is detected as before");
    }
}

#[test]
fn every_sample_sheet_keeps_its_layout() {
    let dir = sample("");
    check(&dir, SAMPLES, sample);
}
