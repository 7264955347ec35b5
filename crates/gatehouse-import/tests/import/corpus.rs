//! One test per file of ../shared/corpus/, each asserting facts read from that file.

use gatehouse_core::Effect;
use gatehouse_import::{read_workbook, Layout, Limits, Value};

use crate::{assert_warns, corpus, preview, warnings_text};

fn read(name: &str) -> gatehouse_import::Workbook {
    let bytes = fs_err::read(corpus(name)).unwrap();
    read_workbook(name, &bytes, &Limits::default()).unwrap()
}

#[test]
fn packt_raci_reads_six_roles_over_eight_steps() {
    let p = preview(&corpus("packt_RACI.xlsx"));
    assert_eq!(p.sheets[0].layout, Layout::Raci);
    assert_eq!(p.sheets[0].header_row, Some(1));
    assert_eq!(p.raci.len(), 48, "8 steps × 6 roles, no blanks");
    let lead = p
        .raci
        .iter()
        .find(|r| r.activity == "High Level Design" && r.role == "Lead SDE")
        .unwrap();
    assert_eq!(
        (lead.letters.as_str(), lead.source.as_str()),
        ("A", "RACI!F4")
    );
    assert_eq!(p.new_entities["role"].len(), 6);
    assert!(
        p.warnings.is_empty(),
        "every step has exactly one A: {}",
        warnings_text(&p)
    );
}

#[test]
fn packt_tpm_raci_reads_combined_letters_for_the_one_role() {
    let p = preview(&corpus("packt_TPM_RACI.xlsx"));
    assert_eq!(p.sheets[0].layout, Layout::Raci);
    let spec = p
        .raci
        .iter()
        .find(|r| r.activity == "Create functional spec")
        .unwrap();
    assert_eq!(
        (spec.role.as_str(), spec.letters.as_str()),
        ("TPM", "AR"),
        "'A/R' for the TPM, named by the sheet"
    );
    let plan = p
        .raci
        .iter()
        .find(|r| r.activity == "Draft communication plan")
        .unwrap();
    assert_eq!(plan.letters, "AR", "'R/A' is the same set of letters");
    assert_eq!(p.raci.len(), 11);
    assert_warns(
        &p,
        "'TPM RACI'!B4",
        "no role is accountable (A) for \"Sprint planning\"",
    );
}

#[test]
fn byu_permissions_ods_reads_two_level_header_below_legends() {
    let p = preview(&corpus("byu_yvideo_permissions.ods"));
    let sheet = &p.sheets[0];
    assert_eq!(sheet.layout, Layout::Matrix);
    assert_eq!(
        sheet.header_row,
        Some(6),
        "rows 1-4 are legends, row 5 blank"
    );
    let ping = p
        .grants
        .iter()
        .find(|g| g.capability == "get: /api/auth-ping")
        .unwrap();
    assert_eq!(
        (ping.role.as_str(), ping.source.as_str()),
        ("admin (ACCOUNT-TYPE 0)", "Sheet1!E10"),
        "the legend blocks above the header name the levels: admin is account type 0"
    );
    assert!(
        !p.grants.iter().any(|g| g.capability == "x"),
        "the all-x sentinel row 77 is not a capability"
    );
    assert_warns(&p, "Sheet1!A77", "sentinel");
    assert_eq!(
        p.new_entities["role"].len(),
        8,
        "4 account types and 4 account roles"
    );
    let roles: Vec<&str> = p.new_entities["role"].iter().map(String::as_str).collect();
    for role in [
        "student (ACCOUNT-TYPE 3)",
        "lab assistant (ACCOUNT-TYPE 1)",
        "student (ACCOUNT-ROLE 2)",
        "ta (ACCOUNT-ROLE 1)",
    ] {
        assert!(roles.contains(&role), "{role} in {roles:?}");
    }
}

#[test]
fn yaangvu_permission_matrix_reads_107_permissions_for_five_roles() {
    let p = preview(&corpus("yaangvu_sis_Permission.xlsx"));
    assert_eq!(p.sheets[0].name, "Permissions (Import)");
    assert_eq!(p.sheets[0].layout, Layout::Matrix);
    assert_eq!(p.new_entities["capability"].len(), 107);
    assert_eq!(p.grants.iter().filter(|g| g.role == "Admin").count(), 107);
    assert_eq!(p.grants.iter().filter(|g| g.role == "Teacher").count(), 30);
    let g = p
        .grants
        .iter()
        .find(|g| g.role == "Student" && g.capability == "student:edit")
        .unwrap();
    assert_eq!(g.source, "'Permissions (Import)'!D15");
    // Column A holds formulas (=A2+1): their cached values are read.
    let wb = read("yaangvu_sis_Permission.xlsx");
    assert_eq!(
        wb.sheets[0].get(107, 0).text(),
        "108",
        "the cached value of the last =A107+1"
    );
}

#[test]
fn hadi_sod_matrix_reads_two_rules_with_risk_levels() {
    let p = preview(&corpus("hadi_sap_sod_matrix.csv"));
    assert_eq!(p.sheets[0].layout, Layout::SodRules);
    assert_eq!(p.sod_rules.len(), 2, "no trailing newline, still two rules");
    let first = &p.sod_rules[0];
    assert_eq!(
        (first.left.as_str(), first.right.as_str()),
        ("Z_FI_PAYMENT_RUN", "Z_FI_INVOICE_POST")
    );
    assert_eq!(first.severity, "HIGH");
    assert_eq!(first.name.as_deref(), Some("F001"));
    assert_eq!(p.sod_rules[1].severity, "MEDIUM");
    assert_eq!(p.sod_rules[1].source, "hadi_sap_sod_matrix!A3");
}

#[test]
fn hadi_users_reads_eight_assignments_of_five_people() {
    let p = preview(&corpus("hadi_sap_users.csv"));
    assert_eq!(p.sheets[0].layout, Layout::Assignments);
    assert_eq!(p.assignments.len(), 8);
    assert_eq!(p.new_entities["person"].len(), 5, "users repeat");
    let last = p.assignments.last().unwrap();
    assert_eq!(
        (last.person.as_str(), last.role.as_str()),
        ("John Doe", "Z_HR_DISPLAY")
    );
    assert_eq!(last.source, "hadi_sap_users!A9");
}

#[test]
fn veza_identity_export_is_skipped_and_says_why() {
    let p = preview(&corpus("veza_identity_to_permissions.csv"));
    assert_eq!(p.sheets[0].layout, Layout::Skipped);
    assert_eq!(p.sheets[0].header_row, Some(1));
    assert!(p.sheets[0]
        .note
        .contains("identity, identity_type, permission, resource_name"));
    let wb = read("veza_identity_to_permissions.csv");
    assert_eq!(wb.sheets[0].height(), 20, "header and 19 rows");
    assert_eq!(
        wb.sheets[0].text(19, 1),
        "local_group",
        "groups are identities too"
    );
    assert_eq!(wb.sheets[0].text(1, 2), "ViewDept");
}

#[test]
fn veza_permission_catalog_keeps_quoted_commas_in_one_cell() {
    let p = preview(&corpus("veza_permissions.csv"));
    assert_eq!(
        p.sheets[0].layout,
        Layout::Skipped,
        "a catalogue, not a layout"
    );
    let wb = read("veza_permissions.csv");
    assert_eq!(wb.sheets[0].text(2, 2), "DataRead,DataWrite");
    assert_eq!(wb.sheets[0].width(), 3);
}

#[test]
fn odoo_access_rules_become_grants_per_group_and_flag() {
    let p = preview(&corpus("odoo_account_ir.model.access.csv"));
    assert_eq!(p.sheets[0].layout, Layout::Matrix);
    assert!(p.sheets[0].note.contains("permission list"));
    let manager_unlink = p
        .grants
        .iter()
        .find(|g| {
            g.role == "group_account_manager"
                && g.capability == "product.model_product_product unlink"
        })
        .unwrap();
    assert_eq!(manager_unlink.effect, Effect::Allow);
    assert_eq!(manager_unlink.source, "'odoo_account_ir.model.access'!H3");
    assert!(
        !p.grants.iter().any(|g| g.role == "group_account_user"
            && g.capability == "product.model_product_product write"),
        "perm_write 0 grants nothing"
    );
    // 'group_account_user' and 'account.group_account_user' are one role.
    assert_eq!(p.new_entities["role"].len(), 6);
    assert_warns(
        &p,
        "'odoo_account_ir.model.access'!D80",
        "applies to everyone",
    );
    assert_eq!(
        p.warnings
            .iter()
            .filter(|w| w.message.contains("applies to everyone"))
            .count(),
        2
    );
}

#[test]
fn calamine_merge_cells_spreads_merged_values() {
    let wb = read("calamine_merge_cells.xlsx");
    let s = &wb.sheets[0];
    assert_eq!(s.merged.len(), 3);
    assert_eq!(s.text(0, 1), "Row Merge", "A1:B1 merged");
    assert_eq!(s.text(3, 0), "Column Merge", "A2:A4 merged");
    assert_eq!(s.text(3, 3), "Chunk Merged", "B2:D4 merged");
    let p = preview(&corpus("calamine_merge_cells.xlsx"));
    assert_eq!(p.sheets[0].layout, Layout::Skipped);
}

#[test]
fn calamine_merged_range_xls_reads_both_sheets_and_their_merges() {
    let wb = read("calamine_merged_range.xls");
    assert_eq!(wb.sheets.len(), 2);
    assert_eq!(wb.sheets[0].merged.len(), 9);
    assert_eq!(wb.sheets[1].merged.len(), 6);
    assert_eq!(
        wb.sheets[0].text(1, 4),
        "E1",
        "E1:E2 merged over two header rows"
    );
    let p = preview(&corpus("calamine_merged_range.xls"));
    assert!(p.sheets.iter().all(|s| s.layout == Layout::Skipped));
}

#[test]
fn calamine_merged_cells_ods_reads_covered_cells() {
    let wb = read("calamine_merged_cells.ods");
    let s = &wb.sheets[0];
    assert_eq!(s.text(0, 0), "A");
    assert_eq!(s.text(2, 2), "C");
    assert_eq!(
        preview(&corpus("calamine_merged_cells.ods")).sheets[0].layout,
        Layout::Skipped
    );
}

#[test]
fn calamine_richtext_keeps_line_breaks_and_skips_empty_sheets() {
    let wb = read("calamine_richtext-namespaced.xlsx");
    assert_eq!(wb.sheets.len(), 3);
    assert_eq!(wb.sheets[0].text(0, 0), "inline string\nLine 2\nLine 3");
    assert_eq!(
        wb.sheets[0].text(2, 12),
        "shared string\nLine 2\nLine 3",
        "merged H1:M3"
    );
    let p = preview(&corpus("calamine_richtext-namespaced.xlsx"));
    assert_eq!(p.sheets[1].note, "empty sheet");
}

#[test]
fn calamine_biff5_finds_the_header_under_the_title() {
    let p = preview(&corpus("calamine_biff5-rich-text-string.xls"));
    assert_eq!(
        p.sheets[0].header_row,
        Some(3),
        "title row 1, blank row 2, header row 3"
    );
    assert_eq!(p.sheets[0].layout, Layout::Skipped);
    let wb = read("calamine_biff5-rich-text-string.xls");
    assert!(
        wb.sheets[0].text(0, 0).contains("CÓRNËTCY"),
        "codepage text decoded"
    );
    assert_eq!(wb.sheets[0].text(3, 1), "McNally");
}

#[test]
fn calamine_date_xlsb_reads_dates_not_serials() {
    let wb = read("calamine_date.xlsb");
    assert_eq!(wb.format, gatehouse_import::Format::Xlsb);
    assert_eq!(
        wb.sheets[0].get(0, 0),
        &Value::Date(chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap())
    );
    assert_eq!(wb.sheets[0].text(1, 0), "2021-01-02");
}

#[test]
fn calamine_date_1904_reads_the_1904_date_system() {
    let wb = read("calamine_date_1904.xls");
    assert_eq!(wb.sheets[0].text(0, 0), "2021-01-01", "not 2025-01-02");
    assert_eq!(wb.sheets[0].text(0, 1), "15");
}

#[test]
fn calamine_header_row_skips_the_stray_note() {
    let p = preview(&corpus("calamine_header-row.xlsx"));
    assert_eq!(
        p.sheets[0].header_row,
        Some(9),
        "C3 is a note, the header is row 9"
    );
    assert!(p.sheets[0]
        .note
        .contains("Columns, Column A, Column B, Column C"));
}

#[test]
fn calamine_special_cells_keep_spaces_and_breaks() {
    let wb = read("calamine_special_cells.ods");
    let s = &wb.sheets[0];
    assert_eq!(s.text(0, 0), "Split\nLine");
    assert_eq!(s.text(2, 0), "Value   With 3 spaces");
    assert_eq!(s.text(4, 0), "  Value   With 2 spaces before and after  ");
}

#[test]
fn calamine_number_rows_repeated_expands_repeated_rows() {
    let wb = read("calamine_number_rows_repeated.ods");
    assert_eq!(wb.sheets.len(), 3);
    let heights: Vec<u32> = wb.sheets.iter().map(|s| s.height()).collect();
    assert_eq!(
        heights,
        vec![8, 9, 10],
        "leading blank rows differ per sheet"
    );
    assert_eq!(wb.sheets[2].text(2, 0), "A");
    assert_eq!(wb.sheets[0].text(7, 1), "D");
}

/// Every corpus file keeps the layout of each of its sheets (the table is in layouts.rs).
#[test]
fn every_corpus_sheet_keeps_its_layout() {
    let dir = corpus("");
    crate::layouts::check(&dir, crate::layouts::CORPUS, corpus);
}
