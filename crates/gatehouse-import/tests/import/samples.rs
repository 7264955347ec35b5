//! The project's own legacy spreadsheets in samples/, one per layout.

use gatehouse_core::Effect;
use gatehouse_import::{GrantRow, Layout, Preview};

use crate::{assert_warns, preview, sample, sample_into_template};

/// The grant read for `role` and `capability` in `environment`; a failure lists those read.
#[track_caller]
fn grant_read<'a>(p: &'a Preview, role: &str, capability: &str, environment: &str) -> &'a GrantRow {
    p.grants
        .iter()
        .find(|g| {
            g.role == role
                && g.capability == capability
                && g.environment.as_deref() == Some(environment)
        })
        .unwrap_or_else(|| {
            panic!(
                "no grant of {capability} to {role} in {environment}: {:?}",
                p.grants
            )
        })
}

#[test]
fn permission_matrix_reads_merged_environment_groups_and_the_legend() {
    let p = preview(&sample("permission-matrix.xlsx"));
    let layouts: Vec<(&str, Layout)> = p
        .sheets
        .iter()
        .map(|s| (s.name.as_str(), s.layout))
        .collect();
    assert_eq!(
        layouts,
        vec![
            ("Cover", Layout::Skipped),
            ("Legend", Layout::Skipped),
            ("Matrix", Layout::Matrix)
        ]
    );
    assert!(
        p.sheets[1].note.starts_with("legend"),
        "{}",
        p.sheets[1].note
    );
    assert_eq!(
        p.sheets[2].header_row,
        Some(5),
        "title, note, blank, environment group row above"
    );
    let publish_prod = grant_read(&p, "Citizen Developer", "Publish app", "Production");
    assert_eq!(
        publish_prod.effect,
        Effect::Approval,
        "the legend says A = allowed with approval"
    );
    assert_eq!(publish_prod.source, "Matrix!F6");
    assert!(
        !p.grants
            .iter()
            .any(|g| g.role == "Citizen Developer" && g.capability == "Manage connectors"),
        "'-' grants nothing"
    );
    assert_warns(&p, "Matrix!E9", "unknown mark \"?\"");
}

#[test]
fn permission_matrix_matches_the_templates_roles_despite_spacing_and_case() {
    let import = sample_into_template("permission-matrix.xlsx");
    let p = &import.preview;
    assert!(
        !p.new_entities.contains_key("role"),
        "'IT   administrator' is the template's IT Administrator: {:?}",
        p.new_entities
    );
    assert!(!p.new_entities.contains_key("capability"));
    assert!(!p.new_entities.contains_key("environment"));
    let g = import
        .model
        .grants
        .iter()
        .find(|g| {
            g.role == "it-administrator"
                && g.capability == "manage-connectors"
                && g.environment.as_deref() == Some("production")
        })
        .expect("IT Administrator manages connectors in production");
    assert_eq!(g.effect, Effect::Allow);
}

#[test]
fn one_sheet_per_environment_scopes_each_sheets_grants() {
    let p = preview(&sample("matrix-per-environment.xlsx"));
    assert!(p.sheets.iter().all(|s| s.layout == Layout::Matrix));
    let publish: Vec<_> = p
        .grants
        .iter()
        .filter(|g| g.role == "Citizen Developer" && g.capability == "Publish app")
        .map(|g| g.environment.clone().unwrap())
        .collect();
    assert_eq!(
        publish,
        vec!["Development"],
        "'n' in Production grants nothing"
    );
    let formula = grant_read(&p, "IT Administrator", "Deploy to production", "Production");
    assert_eq!(
        formula.source, "Production!C5",
        "a formula's cached 'oui' is a mark"
    );
}

#[test]
fn raci_sample_reads_every_written_form_of_letters() {
    let p = preview(&sample("raci.xlsx"));
    assert_eq!(p.sheets[0].layout, Layout::Raci);
    assert_eq!(p.sheets[0].header_row, Some(4));
    // Each as written in the sheet, read as the set of letters it means.
    for (activity, role, letters, written) in [
        ("Create app", "Citizen Developer", "AR", "A/R"),
        ("Publish app", "App Owner", "AR", "R / A"),
        (
            "Approve change",
            "IT Approver",
            "R",
            "(R) with a stray space",
        ),
        ("Approve change", "IT Administrator", "AR", "R (A)"),
    ] {
        let read = p
            .raci
            .iter()
            .find(|r| r.activity == activity && r.role == role);
        assert_eq!(
            read.map(|r| r.letters.as_str()),
            Some(letters),
            "{written} for {role} in {activity:?}"
        );
    }
    assert_warns(&p, "RACI!B8", "no role is accountable");
    assert_warns(&p, "RACI!B9", "2 roles are accountable");
    assert_warns(&p, "RACI!F9", "\"x\" is not RACI letters");
}

#[test]
fn raci_activities_that_are_known_capabilities_become_grants() {
    let import = sample_into_template("raci.xlsx");
    let m = &import.model;
    let resp = m
        .responsibilities
        .iter()
        .find(|r| r.role == "citizen-developer" && r.activity == "Create app")
        .unwrap();
    assert_eq!(resp.letters, "AR");
    let grant = m
        .grants
        .iter()
        .find(|g| g.role == "app-owner" && g.capability == "publish-app" && g.environment.is_none())
        .expect("App Owner is R/A for Publish app, a capability of the template");
    assert_eq!(grant.effect, Effect::Allow);
    // The preview lists the grants the chart makes, at the cells of their letters: five,
    // of which the template already holds one.
    let listed = import
        .preview
        .grants
        .iter()
        .find(|g| g.role == "App Owner" && g.capability == "Publish app")
        .unwrap_or_else(|| panic!("{:?}", import.preview.grants));
    assert_eq!(listed.effect, Effect::Allow);
    assert!(listed.source.starts_with("RACI!"), "{}", listed.source);
    assert_eq!(import.preview.grants.len(), 5);
    assert_eq!(import.preview.changes_by_kind["grant"].new, 4);
    assert!(
        !m.grants.iter().any(|g| g.role == "app-owner"
            && g.capability == "create-app"
            && g.environment.is_none()),
        "I (informed) grants nothing"
    );
    assert!(
        !m.capabilities.iter().any(|c| c.name == "Review access"),
        "activities that are not capabilities stay responsibilities only"
    );
}

#[test]
fn sod_rules_sample_reads_functions_roles_and_risk() {
    let import = sample_into_template("sod-rules.xlsx");
    let p = &import.preview;
    assert_eq!(p.sheets[0].layout, Layout::SodRules);
    assert_eq!(p.sheets[0].header_row, Some(3));
    assert_eq!(p.sod_rules.len(), 4);
    let rule = |id: &str| {
        import
            .model
            .sod_rules
            .iter()
            .find(|r| r.id == id)
            .unwrap_or_else(|| panic!("no rule {id} in {:?}", import.model.sod_rules))
    };
    let second = rule("sod-sod-02");
    assert_eq!(
        second.left,
        gatehouse_core::SodTarget::Capability("publish-app".into())
    );
    assert_eq!(second.severity, gatehouse_core::Severity::Critical);
    let first = rule("sod-sod-01");
    assert_eq!(
        first.left,
        gatehouse_core::SodTarget::Role("citizen-developer".into())
    );
    assert_eq!(
        first.mitigation.as_deref(),
        Some("Approvals by a second IT approver")
    );
    assert_warns(p, "'SoD rules'!D7", "\"extreme\"");
}

#[test]
fn assignments_csv_in_windows_1252_with_semicolons() {
    let import = sample_into_template("assignments.csv");
    let p = &import.preview;
    assert_eq!(p.sheets[0].layout, Layout::Assignments);
    let jose = p
        .assignments
        .iter()
        .find(|a| a.person == "José Müller")
        .expect("Windows-1252 decoded");
    assert_eq!(
        jose.valid_until,
        chrono::NaiveDate::from_ymd_opt(2024, 6, 30)
    );
    assert_eq!(jose.source, "assignments!A5");
    let formula = p.assignments.iter().find(|a| a.role == "Viewer").unwrap();
    assert_eq!(
        formula.person, "=HYPERLINK(\"http://x\")",
        "text that looks like a formula stays text"
    );
    assert_warns(p, "assignments!F7", "\"someday\" is not a date");
    // Existing people are matched despite case, double spaces and a line break.
    assert_eq!(
        p.new_entities["person"],
        vec!["José Müller", "=HYPERLINK(\"http://x\")"]
    );
    let ben = import
        .model
        .assignments
        .iter()
        .find(|a| a.person == "ben-okafor" && a.environment.as_deref() == Some("production"))
        .expect("Ben's production assignment, matched to the template's people and environments");
    assert_eq!(ben.approver.as_deref(), Some("farid-haddad"));
    let chloe = import
        .model
        .assignments
        .iter()
        .find(|a| a.role == "app-owner")
        .unwrap();
    assert_eq!(
        chloe.id, "asg-chloe-ao",
        "the template's assignment is updated, not duplicated"
    );
    assert_eq!(chloe.person, "chloe-martin");
    assert_eq!(
        chloe.valid_until,
        chrono::NaiveDate::from_ymd_opt(2024, 12, 31)
    );
}
