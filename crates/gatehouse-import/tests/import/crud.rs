//! CRUD matrices (issue 9): C, R, U, D letters where a resource and a role meet, each letter
//! a capability on the resource, named as an access list names its grants.

use gatehouse_import::{Layout, Mapping, SheetMapping};

use crate::{assert_warns, bytes_preview, bytes_preview_with, preview, sample, warnings_text};

/// The (role, capability, cell) of every grant read.
fn grants(p: &gatehouse_import::Preview) -> Vec<(String, String, String)> {
    (p.grants.iter())
        .map(|g| (g.role.clone(), g.capability.clone(), g.source.clone()))
        .collect()
}

#[test]
fn the_sample_reads_one_capability_per_letter_on_its_table() {
    let p = preview(&sample("crud-matrix.xlsx"));
    assert_eq!(p.sheets[0].layout, Layout::Crud, "{}", p.sheets[0].note);
    assert_eq!(p.sheets[0].header_row, Some(3), "under the title");
    let read = grants(&p);
    let of = |role: &str, table: &str| -> Vec<String> {
        (read.iter())
            .filter(|(r, c, _)| r == role && c.starts_with(&format!("{table} ")))
            .map(|(_, c, _)| c.clone())
            .collect()
    };
    assert_eq!(
        of("Citizen Developer", "Account"),
        ["Account Create", "Account Read", "Account Update"],
        "CRU"
    );
    assert_eq!(
        of("App Owner", "Invoice"),
        ["Invoice Read", "Invoice Update"],
        "RU"
    );
    assert_eq!(
        of("IT Administrator", "Connector").len(),
        4,
        "C/R/U/D is all four"
    );
    assert!(of("Auditor", "Connector").is_empty(), "n/a grants nothing");
    assert!(
        of("Citizen Developer", "Connector").is_empty(),
        "- grants nothing"
    );
    assert!(
        (read.iter())
            .any(|(r, c, s)| r == "App Owner" && c == "Invoice Update" && s == "'Data access'!C5"),
        "each grant points at its cell: {read:?}"
    );
    // 4 + 7 (Account) + 2 + 2 + 4 + 1 (Invoice) + 1 + 4 (Connector) + 3 (Audit log) + 1 + 4.
    assert_eq!(read.len(), 33, "{read:?}");
    assert_warns(&p, "'Data access'!B8", "\"X\" is not C, R, U, D letters");
    assert_eq!(p.warnings.len(), 1, "{}", warnings_text(&p));
}

#[test]
fn roles_down_the_side_read_the_resources_across() {
    let csv = "Role,Account,Invoice\nMaker,CRU,R\nChecker,R,RUD\nAuditor,R,R\n";
    let p = bytes_preview("crud.csv", csv.as_bytes().to_vec()).unwrap();
    assert_eq!(p.sheets[0].layout, Layout::Crud, "{}", p.sheets[0].note);
    assert!(
        p.sheets[0].note.starts_with("CRUD matrix: roles in rows"),
        "{}",
        p.sheets[0].note
    );
    let checker: Vec<String> = (grants(&p).into_iter())
        .filter(|(r, _, _)| r == "Checker")
        .map(|(_, c, _)| c)
        .collect();
    assert_eq!(
        checker,
        [
            "Account Read",
            "Invoice Read",
            "Invoice Update",
            "Invoice Delete"
        ]
    );
}

#[test]
fn a_raci_chart_with_a_stray_d_stays_a_raci_chart() {
    let csv =
        "Activity,Maker,Checker,Owner\nBuild,R,C,A\nTest,R,A,I\nRelease,D,R,A\nRetire,C,R,A\n";
    let p = bytes_preview("raci.csv", csv.as_bytes().to_vec()).unwrap();
    assert_eq!(p.sheets[0].layout, Layout::Raci, "{}", p.sheets[0].note);
    assert!(p.grants.is_empty(), "no CRUD grants: {:?}", p.grants);
}

#[test]
fn letters_that_are_only_r_and_c_are_read_as_raci_and_the_note_says_so() {
    let csv = "Activity,Maker,Checker\nBuild,R,C\nTest,C,R\nRelease,R,C\n";
    let p = bytes_preview("letters.csv", csv.as_bytes().to_vec()).unwrap();
    assert_eq!(p.sheets[0].layout, Layout::Raci);
    assert!(
        p.sheets[0]
            .note
            .contains("only R and C, which a CRUD matrix uses too"),
        "{}",
        p.sheets[0].note
    );
    // Chosen as CRUD (the wizard or a mapping naming only the layout), the same letters are
    // operations.
    let mapping = Mapping {
        sheets: vec![SheetMapping::new("letters", Layout::Crud)],
        ..Mapping::default()
    };
    let p = bytes_preview_with("letters.csv", csv.as_bytes().to_vec(), &mapping).unwrap();
    assert_eq!(p.sheets[0].layout, Layout::Crud, "{}", p.sheets[0].note);
    let read = grants(&p);
    assert!(
        read.contains(&("Checker".into(), "Build Create".into(), "letters!C2".into())),
        "{read:?}"
    );
    assert_eq!(read.len(), 6);
}

#[test]
fn a_crud_layout_chosen_for_a_sheet_without_letters_is_skipped_with_the_reason() {
    let csv = "Capability,Maker\nBuild,x\n";
    let mapping = Mapping {
        sheets: vec![SheetMapping::new("marks", Layout::Crud)],
        ..Mapping::default()
    };
    let p = bytes_preview_with("marks.csv", csv.as_bytes().to_vec(), &mapping).unwrap();
    assert_eq!(p.sheets[0].layout, Layout::Skipped);
    assert_eq!(
        p.sheets[0].note,
        "crud as chosen: no columns of C, R, U, D letters under header row 1"
    );
}
