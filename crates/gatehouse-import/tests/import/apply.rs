//! A mapping file overrides detection; the import is idempotent at the model level.

use gatehouse_core::Effect;
use gatehouse_import::{Layout, Mapping};

use crate::{import_into, sample, template};

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
fn the_detected_mapping_read_back_gives_the_same_preview() {
    let first = import_into(
        &sample("permission-matrix.xlsx"),
        &template(),
        &Mapping::default(),
    )
    .unwrap();
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
        let first = import_into(&sample(file), &template(), &Mapping::default()).unwrap();
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
