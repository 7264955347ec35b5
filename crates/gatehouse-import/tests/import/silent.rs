//! Nothing silent: what a reading drops or merges is said at its cells (issue 9).

use crate::{assert_warns, bytes_preview, warnings_text};

#[test]
fn two_rows_with_the_same_label_are_merged_with_a_warning_naming_both_cells() {
    let csv = "Capability,Admin,Maker\nPublish app,x,\nCreate app,x,x\npublish  APP,,x\n";
    let p = bytes_preview("access.csv", csv.as_bytes().to_vec()).unwrap();
    assert_warns(
        &p,
        "access!A4",
        "\"publish  APP\" is also the label of access!A2: the two rows are merged",
    );
    assert_eq!(p.warnings.len(), 1, "{}", warnings_text(&p));
}

#[test]
fn a_repeated_raci_activity_is_named_with_both_cells() {
    let csv = "Activity,Maker,Owner,Approver\nPublish app,R,A,C\nReview,C,A,R\nPublish App,R,A,I\n";
    let p = bytes_preview("raci.csv", csv.as_bytes().to_vec()).unwrap();
    assert_warns(
        &p,
        "raci!A4",
        "\"Publish App\" is also the label of raci!A2",
    );
}

#[test]
fn marks_under_a_column_without_a_header_are_warned_at_their_cell() {
    let csv = "Capability,Admin,Maker,\nPublish app,x,,x\nCreate app,x,x,\n";
    let p = bytes_preview("access.csv", csv.as_bytes().to_vec()).unwrap();
    assert_warns(
        &p,
        "access!D2",
        "marks under a column without a header; not read",
    );
    assert_eq!(p.grants.len(), 3);
}

#[test]
fn raci_letters_in_a_row_without_a_label_are_warned_at_their_row() {
    let csv = "Activity,Maker,Owner,Approver\nPublish app,R,A,C\n,R,A,\nReview,C,A,R\n";
    let p = bytes_preview("raci.csv", csv.as_bytes().to_vec()).unwrap();
    assert_warns(
        &p,
        "raci!B3",
        "RACI letters in a row without a label; row ignored",
    );
}

#[test]
fn rows_with_fewer_fields_than_the_header_are_noted_once_per_file() {
    let csv = "Name,Role,Environment\nana,Maker,Dev\nbo,Admin\ncy,Viewer\ndi,Maker,Prod\n";
    let p = bytes_preview("people.csv", csv.as_bytes().to_vec()).unwrap();
    assert_warns(
        &p,
        "people.csv",
        "2 rows have fewer fields than the header's 3 (line 3, the first, has 2); the missing cells are read as blank",
    );
    assert_eq!(p.warnings.len(), 1, "{}", warnings_text(&p));
    assert_eq!(p.assignments.len(), 4, "short rows are still read");
}

#[test]
fn a_mapping_that_reads_nothing_from_its_sheet_says_so() {
    let csv = "Capability,Admin,Maker\nPublish app,x,\n";
    let mapping = gatehouse_import::Mapping::from_toml(
        "[[sheet]]\nname = \"access\"\nlayout = \"matrix\"\nheader_row = 1\nlabel_column = \"A\"\ncolumns = [\"C\"]\n",
    )
    .unwrap();
    let p = crate::bytes_preview_with("access.csv", csv.as_bytes().to_vec(), &mapping).unwrap();
    assert_warns(
        &p,
        "access",
        "the mapping reads sheet \"access\" as matrix but nothing was read from it",
    );
}

#[test]
fn the_counts_add_up_to_what_the_file_holds_roles_and_people_included() {
    let import = crate::sample_into_template("user-roles.csv");
    let p = &import.preview;
    let sum = |kind: &str| {
        let c = p.changes_by_kind[kind];
        c.new + c.changed + c.unchanged
    };
    assert_eq!(sum("assignment"), 6, "{:?}", p.changes_by_kind);
    assert_eq!(
        sum("role"),
        6,
        "six roles named, known or new: {:?}",
        p.changes_by_kind
    );
    assert_eq!(
        sum("person"),
        3,
        "three people with active access: {:?}",
        p.changes_by_kind
    );
    let total = p.changes.new + p.changes.changed + p.changes.unchanged;
    let by_kind: u32 = (p.changes_by_kind.values())
        .map(|c| c.new + c.changed + c.unchanged)
        .sum();
    assert_eq!(total, by_kind, "the total is the sum of the kinds");
}

#[test]
fn a_group_column_between_role_columns_describes_the_row() {
    let csv = "Capability,Admin,Group,Maker\nPublish app,x,Apps,\nCreate app,x,Apps,x\nExport data,,Data,x\n";
    let p = bytes_preview("access.csv", csv.as_bytes().to_vec()).unwrap();
    let roles: std::collections::BTreeSet<&str> =
        p.grants.iter().map(|g| g.role.as_str()).collect();
    assert_eq!(roles, ["Admin", "Maker"].into(), "{:?}", p.grants);
    assert_eq!(p.grants.len(), 4);
}

#[test]
fn a_group_column_after_the_role_columns_is_neither_read_nor_warned() {
    let csv =
        "Capability,Admin,Maker,Group\nPublish app,x,,A\nCreate app,x,x,B\nExport data,,x,C\n";
    let p = bytes_preview("access.csv", csv.as_bytes().to_vec()).unwrap();
    let roles: std::collections::BTreeSet<&str> =
        p.grants.iter().map(|g| g.role.as_str()).collect();
    assert_eq!(roles, ["Admin", "Maker"].into(), "{:?}", p.grants);
    assert!(p.warnings.is_empty(), "{}", warnings_text(&p));
}

#[test]
fn a_group_column_before_the_role_columns_is_no_role() {
    let csv = "Group,Capability,Admin,Maker\nApps,Publish app,x,\nApps,Create app,x,x\nData,Export data,,x\n";
    let p = bytes_preview("access.csv", csv.as_bytes().to_vec()).unwrap();
    let grants: Vec<(&str, &str)> = (p.grants.iter())
        .map(|g| (g.role.as_str(), g.capability.as_str()))
        .collect();
    assert_eq!(
        grants,
        [
            ("Admin", "Publish app"),
            ("Admin", "Create app"),
            ("Maker", "Create app"),
            ("Maker", "Export data")
        ],
        "{}",
        p.sheets[0].note
    );
}

/// An xlsx whose formula cells carry no saved value, as files written by scripts (and not
/// opened in a spreadsheet since) do: rust_xlsxwriter's workbook with each `<v>` after a
/// formula removed.
fn uncached_formulas(rows: u32) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Access").unwrap();
    ws.write_row(0, 0, ["Capability", "Admin", "Maker"])
        .unwrap();
    for r in 1..=rows {
        ws.write(r, 0, format!("Capability {r}")).unwrap();
        ws.write(r, 1, "x").unwrap();
        ws.write_formula(r, 2, "=IF(B2=\"x\",\"x\",\"\")").unwrap();
    }
    let bytes = wb.save_to_buffer().unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        file.read_to_end(&mut data).unwrap();
        let name = file.name().unwrap().to_string();
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(data).unwrap();
            let mut stripped = String::new();
            let mut rest = xml.as_str();
            while let Some(i) = rest.find("</f><v>") {
                stripped.push_str(&rest[..i + 4]);
                let after = &rest[i + 4..];
                rest = &after[after.find("</v>").unwrap() + 4..];
            }
            stripped.push_str(rest);
            assert!(stripped.contains("<f>") && !stripped.contains("</f><v>"));
            data = stripped.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The cells of the warnings about formulas the file saved no value for.
fn unsaved_formula_cells(p: &gatehouse_import::Preview) -> Vec<&str> {
    (p.warnings.iter())
        .filter(|w| w.message.contains("no saved value"))
        .map(|w| w.source.as_str())
        .collect()
}

#[test]
fn a_formula_with_no_saved_value_is_warned_at_its_cell() {
    let p = bytes_preview("formulas.xlsx", uncached_formulas(3)).unwrap();
    let makers = p.grants.iter().filter(|g| g.role == "Maker").count();
    assert_eq!(makers, 0, "nothing is computed: {:?}", p.grants);
    assert_warns(
        &p,
        "Access!C2",
        "the formula =IF(B2=\"x\",\"x\",\"\") has no saved value",
    );
    assert_warns(
        &p,
        "Access!C4",
        "computes no formulas, so the cell was read as blank",
    );
    let about = unsaved_formula_cells(&p);
    assert_eq!(about, ["Access!C2", "Access!C3", "Access!C4"]);
}

#[test]
fn many_formulas_with_no_saved_value_are_warned_ten_by_cell_and_the_rest_at_once() {
    let p = bytes_preview("formulas.xlsx", uncached_formulas(25)).unwrap();
    let about = unsaved_formula_cells(&p);
    assert_eq!(about.len(), 11, "{about:?}");
    assert_eq!(about[9], "Access!C11");
    assert_warns(
        &p,
        "Access!C12",
        "15 more formula cells in sheet \"Access\", from this one on, have no saved value",
    );
}

#[test]
fn a_formula_with_a_saved_value_is_read_as_that_value_without_a_word() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Access").unwrap();
    ws.write_row(0, 0, ["Capability", "Admin", "Maker"])
        .unwrap();
    ws.write(1, 0, "Publish app").unwrap();
    ws.write(1, 1, "x").unwrap();
    let formula = rust_xlsxwriter::Formula::new("=B2").set_result("x");
    ws.write_formula(1, 2, formula).unwrap();
    let p = bytes_preview("saved.xlsx", wb.save_to_buffer().unwrap()).unwrap();
    assert_eq!(p.grants.len(), 2, "{:?}", p.grants);
    assert!(p.warnings.is_empty(), "{}", warnings_text(&p));
}

/// An ods table: a header, then a row per (capability, Admin cell, Maker cell) of raw
/// content.xml cells.
fn ods_access(rows: &[(&str, &str)]) -> Vec<u8> {
    let text = |t: &str| crate::ods_cell(t, 1);
    let mut xml = crate::ods_row(&[text("Capability"), text("Admin"), text("Maker")], 1);
    for (capability, maker) in rows {
        xml += &crate::ods_row(&[text(capability), text("x"), maker.to_string()], 1);
    }
    crate::ods(&xml)
}

#[test]
fn an_ods_formula_with_no_saved_value_is_warned_at_its_cell() {
    let unsaved = r#"<table:table-cell table:formula="of:=IF([.B2]=&quot;x&quot;;&quot;x&quot;;&quot;&quot;)"/>"#;
    let p = bytes_preview(
        "formulas.ods",
        ods_access(&[("Publish app", unsaved), ("Export data", unsaved)]),
    )
    .unwrap();
    assert!(
        p.grants.iter().all(|g| g.role == "Admin"),
        "nothing is computed: {:?}",
        p.grants
    );
    assert_warns(
        &p,
        "Access!C2",
        "the formula =IF([.B2]=\"x\";\"x\";\"\") has no saved value",
    );
    let about = unsaved_formula_cells(&p);
    assert_eq!(about, ["Access!C2", "Access!C3"]);
}

#[test]
fn an_ods_formula_with_a_saved_value_or_a_saved_empty_text_is_read_without_a_word() {
    let saved = r#"<table:table-cell table:formula="of:=[.B2]" office:value-type="string" office:string-value="x"><text:p>x</text:p></table:table-cell>"#;
    let empty = r#"<table:table-cell table:formula="of:=&quot;&quot;" office:value-type="string" office:string-value=""><text:p/></table:table-cell>"#;
    let p = bytes_preview(
        "saved.ods",
        ods_access(&[("Publish app", saved), ("Export data", empty)]),
    )
    .unwrap();
    let makers: Vec<&str> = (p.grants.iter())
        .filter(|g| g.role == "Maker")
        .map(|g| g.capability.as_str())
        .collect();
    assert_eq!(makers, ["Publish app"], "{:?}", p.grants);
    assert!(p.warnings.is_empty(), "{}", warnings_text(&p));
}
