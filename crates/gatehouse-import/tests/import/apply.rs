//! A mapping file overrides detection; the import is idempotent at the model level.

use gatehouse_core::Effect;
use gatehouse_import::{Layout, Mapping};

use crate::{import_into, sample, sample_into_template, template};

#[test]
fn a_mapping_file_overrides_detection() {
    // Read the RACI sample as a permission matrix of only two role columns, with "R"
    // meaning allow and "A" meaning approval.
    let mapping = Mapping::from_toml(
        r#"
[[sheet]]
name = "RACI"
layout = "matrix"
header_row = 4
roles_in = "columns"
label_column = "B"
columns = ["C", "D"]
environment = "Production"

[marks]
"R" = "allow"
"A/R" = "approval"
"R / A" = "approval"
"I" = "none"
"C" = "none"
"A" = "approval"

[aliases]
"Citizen Developer" = "App Owner"
"#,
    )
    .unwrap();
    let import = import_into(&sample("raci.xlsx"), &template(), &mapping).unwrap();
    let p = &import.preview;
    assert_eq!(p.sheets[0].layout, Layout::Matrix);
    assert_eq!(p.sheets[0].note, "as the mapping says");
    assert!(p.raci.is_empty());
    let g = p
        .grants
        .iter()
        .find(|g| g.capability == "Create app" && g.role == "Citizen Developer")
        .unwrap();
    assert_eq!(
        (g.effect, g.environment.as_deref()),
        (Effect::Approval, Some("Production"))
    );
    assert!(
        p.grants.iter().all(|g| g.role != "IT Approver"),
        "column E is not in the mapping"
    );
    // The alias sends "Citizen Developer" to the template's App Owner.
    assert!(import.model.grants.iter().any(|g| g.role == "app-owner"
        && g.capability == "create-app"
        && g.environment.as_deref() == Some("production")));
    assert!(
        p.mapping.contains("layout = \"matrix\""),
        "the mapping used is reported"
    );
}

#[test]
fn a_bad_mapping_says_where() {
    let e = Mapping::from_toml("[[sheet]]\nname = \"X\"\nlayout = \"matrix\"\ncolumns = [\"3\"]\n")
        .unwrap_err();
    assert!(e.contains("\"3\" is not a column letter"), "{e}");
    let e = Mapping::from_toml("[[sheet]]\nname = \"X\"\nlayout = \"pivot\"\n").unwrap_err();
    assert!(e.contains("unknown variant"), "{e}");
    let mapping = Mapping::from_toml("[[sheet]]\nname = \"Nope\"\nlayout = \"skipped\"\n").unwrap();
    let e = import_into(&sample("raci.xlsx"), &template(), &mapping)
        .err()
        .unwrap();
    assert!(
        e.to_string()
            .contains("sheet \"Nope\" is not in raci.xlsx (its sheets: RACI)"),
        "{e}"
    );
}

#[test]
fn a_mapping_that_points_past_the_sheet_or_names_unknown_fields_is_refused() {
    let refused = |toml: &str| {
        let mapping = Mapping::from_toml(toml).unwrap();
        import_into(&sample("assignments.csv"), &template(), &mapping)
            .err()
            .unwrap_or_else(|| panic!("accepted: {toml}"))
    };
    let sheet = "[[sheet]]\nname = \"assignments\"\nlayout = \"assignments\"\n";
    let e = refused(&format!("{sheet}header_row = 99\n"));
    assert_eq!(e.code(), "import_mapping_invalid");
    assert!(
        e.to_string().starts_with("mapping for assignments.csv: sheet \"assignments\": header_row = 99 is outside its rows (1 to "),
        "{e}"
    );
    for (fields, says) in [
        (
            "perzon = \"A\"\nrole = \"B\"\n",
            "assignments sheets have no field \"perzon\" (their fields: person, role,",
        ),
        (
            "person = \"XFD\"\nrole = \"B\"\n",
            "fields.person = \"XFD\" is past its last column",
        ),
    ] {
        let e = refused(&format!("{sheet}header_row = 1\n[sheet.fields]\n{fields}"));
        assert!(e.to_string().contains(says), "{fields}: {e}");
    }
}

#[test]
fn the_detected_mapping_read_back_gives_the_same_preview() {
    let first = sample_into_template("permission-matrix.xlsx");
    let mapping = Mapping::from_toml(&first.preview.mapping).unwrap();
    let second = import_into(&sample("permission-matrix.xlsx"), &template(), &mapping).unwrap();
    assert_eq!(first.preview.grants, second.preview.grants);
    assert_eq!(first.model, second.model);
}

#[test]
fn importing_into_the_imported_model_changes_nothing() {
    for file in [
        "permission-matrix.xlsx",
        "raci.xlsx",
        "sod-rules.xlsx",
        "assignments.csv",
        "matrix-per-environment.xlsx",
    ] {
        let first = sample_into_template(file);
        assert!(
            first.edit().is_some(),
            "{file} adds something to the template"
        );
        let again = import_into(&sample(file), &first.model, &Mapping::default()).unwrap();
        assert_eq!(
            (again.preview.changes.new, again.preview.changes.changed),
            (0, 0),
            "{file}"
        );
        assert!(again.edit().is_none(), "{file}: nothing to apply");
    }
}

/// A sheet of people and roles with yes/no "Publish" and "Share" columns: two flag columns
/// make it look like a permission matrix, so it is not detected as an assignment list.
fn people_with_flags() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Team").unwrap();
    for (c, h) in ["Person", "Role", "Publish", "Share"].iter().enumerate() {
        ws.write(0, c as u16, *h).unwrap();
    }
    let rows = [
        ("Ana Lima", "Maker", "yes"),
        ("Bo Chen", "Environment Admin", "no"),
        ("Cy Park", "Maker", "yes"),
    ];
    for (r, (p, role, flag)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write(r, 0, *p).unwrap();
        ws.write(r, 1, *role).unwrap();
        ws.write(r, 2, *flag).unwrap();
        ws.write(r, 3, *flag).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_layout_chosen_alone_is_detected_as_that_layout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.xlsx");
    fs_err::write(&path, people_with_flags()).unwrap();
    let detected = import_into(&path, &template(), &Mapping::default()).unwrap();
    assert_ne!(detected.preview.sheets[0].layout, Layout::Assignments);
    assert!(detected.preview.assignments.is_empty());

    let chosen =
        Mapping::from_toml("[[sheet]]\nname = \"Team\"\nlayout = \"assignments\"\n").unwrap();
    let p = import_into(&path, &template(), &chosen).unwrap().preview;
    assert_eq!(p.sheets[0].layout, Layout::Assignments);
    assert_eq!(p.sheets[0].header_row, Some(1));
    assert!(
        p.sheets[0]
            .note
            .starts_with("assignments as chosen: assignment list: person in \"Person\""),
        "{}",
        p.sheets[0].note
    );
    let people: Vec<&str> = p.assignments.iter().map(|a| a.person.as_str()).collect();
    assert_eq!(people, ["Ana Lima", "Bo Chen", "Cy Park"]);
    assert_eq!(p.assignments[1].source, "Team!A3");
    // The mapping it reports is the full one, so the next import reads the same columns.
    let used = Mapping::from_toml(&p.mapping).unwrap();
    assert_eq!(used.sheets[0].fields["role"], "B");

    // A layout the sheet cannot be read as: skipped, saying why; no rows.
    let raci = Mapping::from_toml("[[sheet]]\nname = \"Team\"\nlayout = \"raci\"\n").unwrap();
    let p = import_into(&path, &template(), &raci).unwrap().preview;
    assert_eq!(p.sheets[0].layout, Layout::Skipped);
    assert_eq!(
        p.sheets[0].note,
        "raci as chosen: no columns of R, A, C, I letters under header row 1"
    );
    assert!(p.grants.is_empty() && p.raci.is_empty() && p.assignments.is_empty());

    let skip = Mapping::from_toml("[[sheet]]\nname = \"Team\"\nlayout = \"skipped\"\n").unwrap();
    let p = import_into(&path, &template(), &skip).unwrap().preview;
    assert_eq!(p.sheets[0].layout, Layout::Skipped);
    assert_eq!(p.sheets[0].note, "not read, as chosen");
    assert!(p.grants.is_empty() && p.assignments.is_empty());
}
