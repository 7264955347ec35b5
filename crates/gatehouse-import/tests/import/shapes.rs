//! The common export shapes that used to be misread (issue 9), each from its sample in
//! samples/: the exact facts read, with their cells, and what is refused and why.

use gatehouse_core::{Effect, SodTarget};
use gatehouse_import::{Layout, Preview, SideKind};

use crate::{assert_warns, empty_model, import_into, preview, sample, warnings_text};

/// (role, capability, cell) of every grant read from `sheet`.
fn grants_of<'a>(p: &'a Preview, sheet: &str) -> Vec<(&'a str, &'a str, &'a str)> {
    (p.grants.iter())
        .filter(|g| g.source.trim_start_matches('\'').starts_with(sheet))
        .map(|g| (g.role.as_str(), g.capability.as_str(), g.source.as_str()))
        .collect()
}

/// (person, role, cell) of every assignment read.
fn assignments_of(p: &Preview) -> Vec<(&str, &str, &str)> {
    (p.assignments.iter())
        .map(|a| (a.person.as_str(), a.role.as_str(), a.source.as_str()))
        .collect()
}

#[test]
fn a_role_system_level_list_is_one_grant_per_row_named_resource_then_level() {
    let p = preview(&sample("access-list.xlsx"));
    assert_eq!(p.sheets[0].layout, Layout::Matrix);
    assert!(
        p.sheets[0].note.starts_with(
            "access list: role in \"RoleName\", resource in \"System\", access level in \"Access_Level\""
        ),
        "{}",
        p.sheets[0].note
    );
    assert_eq!(
        grants_of(&p, "Role access"),
        vec![
            ("Citizen Developer", "Power Apps Write", "'Role access'!E2"),
            ("Citizen Developer", "Dataverse Read", "'Role access'!E3"),
            ("IT Administrator", "Power Apps Write", "'Role access'!E4"),
            ("IT Administrator", "Admin Center Write", "'Role access'!E5"),
        ],
        "the id (R01) and the parent column are no part of a name; the Y/N flag is a flag"
    );
    assert!(p.grants.iter().all(|g| g.effect == Effect::Allow));
    assert_warns(
        &p,
        "'Role access'!F6",
        "\"Active\" says \"N\" for \"App Owner\" on \"Power Apps Read\": not active access, not imported",
    );
    assert_warns(&p, "'Role access'!E7", "no access level given; row ignored");
    assert_eq!(
        grants_of(&p, "Screens"),
        vec![
            ("Citizen Developer", "App designer standard", "Screens!C2"),
            ("IT Administrator", "App designer admin", "Screens!C3"),
            ("Viewer", "Reports read", "Screens!C4"),
        ]
    );
    assert_eq!(p.warnings.len(), 2, "{}", warnings_text(&p));
}

#[test]
fn sod_rules_between_entitlements_are_rules_between_capabilities_in_their_systems() {
    let p = preview(&sample("sod-entitlements.xlsx"));
    let rules: Vec<(&str, &str, &str, Option<&str>, &str)> = (p.sod_rules.iter())
        .map(|r| {
            (
                r.left.as_str(),
                r.right.as_str(),
                r.severity.as_str(),
                r.name.as_deref(),
                r.source.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        vec![
            (
                "SAP Create vendor",
                "SAP Pay vendor",
                "High",
                Some("Vendor and payment"),
                "'Entitlement rules'!B2"
            ),
            (
                "Power Platform Publish app",
                "ServiceNow Approve change",
                "Critical",
                Some("Build and approve"),
                "'Entitlement rules'!B3"
            ),
            (
                "Post journal",
                "Approve journal",
                "High",
                None,
                "Functions!A2"
            ),
        ],
        "RiskLevel and Risk-Level are the risk level; RuleName the rule's name"
    );
    assert!(p
        .sod_rules
        .iter()
        .all(|r| r.sides == Some(SideKind::Capability)));
    assert_eq!(
        p.sod_rules[0].description.as_deref(),
        Some("One person could pay a vendor they created")
    );
    assert_eq!(
        p.sod_rules[0].severity_source.as_deref(),
        Some("'Entitlement rules'!F2"),
        "the risk level's own cell"
    );
    assert_warns(
        &p,
        "'Entitlement rules'!D4",
        "\"<any>\" stands for any entitlement",
    );
    assert_warns(&p, "Functions!B3", "\"*\" stands for any entitlement");
    assert_eq!(p.warnings.len(), 2, "{}", warnings_text(&p));
    assert!(
        !p.new_entities.contains_key("role"),
        "entitlements are capabilities, no role is made: {:?}",
        p.new_entities
    );
    let import = import_into(
        &sample("sod-entitlements.xlsx"),
        &empty_model(),
        &Default::default(),
    )
    .unwrap();
    let rule = (import.model.sod_rules.iter())
        .find(|r| r.name.starts_with("Vendor and payment"))
        .expect("the rule keeps its name");
    assert!(
        matches!(
            (&rule.left, &rule.right),
            (SodTarget::Capability(_), SodTarget::Capability(_))
        ),
        "{rule:?}"
    );
    assert_eq!(
        rule.description,
        "One person could pay a vendor they created"
    );
}

#[test]
fn several_roles_in_one_cell_are_one_assignment_each_and_disabled_accounts_none() {
    let p = preview(&sample("user-roles.csv"));
    assert!(
        p.sheets[0].note.contains("several roles in a cell"),
        "{}",
        p.sheets[0].note
    );
    assert_eq!(
        assignments_of(&p),
        vec![
            ("Ana Lima", "Citizen Developer", "'user-roles'!A2"),
            ("Ana Lima", "IT Administrator", "'user-roles'!A2"),
            ("Ben Okafor", "App Owner", "'user-roles'!A3"),
            ("Ben Okafor", "Viewer", "'user-roles'!A3"),
            ("Chloé Martin", "IT Approver", "'user-roles'!A4"),
            ("Chloé Martin", "Security Reviewer", "'user-roles'!A4"),
        ],
        "`;`, `,` and `|` part the roles"
    );
    assert_warns(&p, "'user-roles'!D5", "says \"Disabled\" for \"Dev Patel\"");
    assert_warns(
        &p,
        "'user-roles'!D6",
        "says \"Terminated\" for \"Eve Adams\"",
    );
    assert_eq!(p.warnings.len(), 2, "{}", warnings_text(&p));
}

#[test]
fn an_access_review_honours_its_decisions_and_its_flags_are_no_roles() {
    let p = preview(&sample("access-review.xlsx"));
    assert_eq!(
        assignments_of(&p),
        vec![
            ("Ana Lima", "Citizen Developer", "Certification!B2"),
            ("Ben Okafor", "App Owner", "Certification!B4"),
            ("Grace Kim", "IT Approver", "Certification!B5"),
        ],
        "REVOKE is not active access; CERT-001 is an id, InBaseline and SoD_Violation flags"
    );
    assert_warns(
        &p,
        "Certification!D3",
        "says \"REVOKE\" for \"Ana Lima\" as \"IT Administrator\": not active access",
    );
    assert_warns(&p, "Certification!D4", "says \"EXCEPTION\" for \"Ben Okafor\" as \"App Owner\": imported as active access, kept as an exception");
    let flags = &p.sheets[1];
    assert_eq!(
        (flags.name.as_str(), flags.layout),
        ("Flags", Layout::Skipped)
    );
    assert!(
        flags.note.starts_with(
            "the only columns of marks under header row 1 are flags or metrics (\"InBaseline\", \"SoD_Sensitive\")"
        ),
        "{}",
        flags.note
    );
    assert!(
        !p.new_entities["role"]
            .iter()
            .any(|r| r.contains("Baseline") || r.contains("SoD")),
        "no role is invented from a flag header: {:?}",
        p.new_entities
    );
}

/// (activity, role, letters, cell) of every RACI entry read.
fn raci_of(p: &Preview) -> Vec<(&str, &str, &str, &str)> {
    (p.raci.iter())
        .map(|r| {
            (
                r.activity.as_str(),
                r.role.as_str(),
                r.letters.as_str(),
                r.source.as_str(),
            )
        })
        .collect()
}

#[test]
fn a_raci_chart_whose_blank_cells_say_n_stays_a_raci_chart_of_its_activities() {
    let p = preview(&sample("raci-sections.xlsx"));
    assert_eq!(p.sheets[0].layout, Layout::Raci, "{}", p.sheets[0].note);
    assert_eq!(
        raci_of(&p),
        vec![
            ("Create app", "Citizen Developer", "R", "RACI!C3"),
            ("Create app", "App Owner", "A", "RACI!D3"),
            ("Test app", "Citizen Developer", "R", "RACI!C4"),
            ("Test app", "App Owner", "A", "RACI!D4"),
            (
                "Publish app Release notes",
                "Citizen Developer",
                "R",
                "RACI!C6"
            ),
            ("Publish app Release notes", "App Owner", "A", "RACI!D6"),
            ("Publish app Release notes", "IT Approver", "C", "RACI!E6"),
            ("Publish app Change record", "App Owner", "C", "RACI!D7"),
            ("Publish app Change record", "IT Approver", "A", "RACI!E7"),
            ("Retire app", "App Owner", "R", "RACI!D8"),
        ],
        "N, - and n/a are blank; bullets are no part of a name; the deliverable joins only \
         the activity that repeats; Build and Release are sections"
    );
    assert_warns(
        &p,
        "RACI!A8",
        "no role is accountable (A) for \"Retire app\"",
    );
    assert_eq!(
        p.warnings.len(),
        1,
        "no warning for the section rows nor for N cells: {}",
        warnings_text(&p)
    );
}

#[test]
fn marks_written_as_the_numbers_1_and_0_are_marks_on_every_environment_sheet() {
    let p = preview(&sample("numeric-marks.xlsx"));
    let read: Vec<(&str, &str, Option<&str>, &str)> = (p.grants.iter())
        .filter(|g| g.role == "Citizen Developer")
        .map(|g| {
            (
                g.capability.as_str(),
                g.role.as_str(),
                g.environment.as_deref(),
                g.source.as_str(),
            )
        })
        .collect();
    assert_eq!(
        read,
        vec![
            (
                "Create app",
                "Citizen Developer",
                Some("Development"),
                "Development!B2"
            ),
            (
                "Publish app",
                "Citizen Developer",
                Some("Development"),
                "Development!B3"
            ),
            (
                "Create app",
                "Citizen Developer",
                Some("Production"),
                "Production!B2"
            ),
        ],
        "1 grants, 0 does not"
    );
    assert_eq!(p.grants.len(), 9);
    assert!(p.warnings.is_empty(), "{}", warnings_text(&p));
}

#[test]
fn a_merged_first_row_of_environments_groups_the_header_under_it() {
    let p = preview(&sample("environment-groups.xlsx"));
    assert_eq!(p.sheets[0].header_row, Some(2), "{}", p.sheets[0].note);
    let app_owner: Vec<(&str, Option<&str>, &str)> = (p.grants.iter())
        .filter(|g| g.role == "App Owner")
        .map(|g| {
            (
                g.capability.as_str(),
                g.environment.as_deref(),
                g.source.as_str(),
            )
        })
        .collect();
    assert_eq!(
        app_owner,
        vec![
            ("Publish app", Some("Test"), "Access!E5"),
            ("Publish app", Some("Production"), "Access!G5"),
        ]
    );
    assert_eq!(p.grants.len(), 11);
    assert!(p.warnings.is_empty(), "{}", warnings_text(&p));
}
