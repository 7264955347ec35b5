//! Drift: a model against the rows of an actual access export, with exact entries.

use chrono::NaiveDate;
use gatehouse_core::drift::{Lapsed, Missing};
use gatehouse_core::*;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Ann makes apps; Bob operates production only and also makes apps; Cy approved until the
/// end of June; Ann approves from September.
fn model() -> Model {
    Model::from_json(
        r#"{
      "meta": {"name": "Drift"},
      "people": [{"id": "ann", "name": "Ann Smith", "email": "Ann@Example.org", "kind": "citizen_developer"},
                 {"id": "bob", "name": "Bob", "kind": "it"},
                 {"id": "cy", "name": "Chloé Yu", "kind": "business"}],
      "roles": [{"id": "maker", "name": "Maker", "kind": "citizen_developer"},
                {"id": "ops", "name": "Operator", "kind": "it_administrator"},
                {"id": "approver", "name": "Approver", "kind": "approver"}],
      "environments": [{"id": "dev-env", "name": "Development", "kind": "development", "order": 1},
                       {"id": "prod", "name": "Production", "kind": "production", "order": 2}],
      "assignments": [
        {"id": "a-ann-maker", "person": "ann", "role": "maker"},
        {"id": "a-bob-ops", "person": "bob", "role": "ops", "environment": "prod"},
        {"id": "a-bob-maker", "person": "bob", "role": "maker"},
        {"id": "a-cy-approver", "person": "cy", "role": "approver", "valid_until": "2026-06-30"},
        {"id": "a-ann-approver", "person": "ann", "role": "approver", "valid_from": "2026-09-01"}
      ]
    }"#,
    )
    .expect("the drift model is valid")
}

fn row(person: &str, role: &str, env: Option<&str>, source: &str) -> ActualAssignment {
    ActualAssignment {
        person: person.into(),
        role: role.into(),
        environment: env.map(str::to_string),
        email: None,
        source: Some(source.into()),
    }
}

fn entry(person: &str, role: &str, env: Option<&str>, source: Option<&str>) -> DriftEntry {
    DriftEntry {
        person: person.into(),
        role: role.into(),
        environment: env.map(str::to_string),
        source: source.map(str::to_string),
    }
}

/// One export with a row of every kind.
fn export() -> Vec<ActualAssignment> {
    let mut by_email = row("A. Smith", "maker", None, "Users!A10");
    by_email.email = Some(" ann@example.ORG".into());
    vec![
        row("ANN  SMITH", "Maker", None, "Users!A2"),
        row("ann", "ops", Some("Development"), "Users!A3"),
        row("Bob", "Operator", Some("prod"), "Users!A4"),
        row("bob", "OPS", Some("development"), "Users!A5"),
        row("Chloé Yu", "Approver", None, "Users!A6"),
        row("ann", "approver", None, "Users!A7"),
        row("Zed", "Maker", None, "Users!A8"),
        row("bob", "Auditor", Some("UAT"), "Users!A9"),
        by_email,
        row(" ann smith ", "maker", Some("Production"), "Users!A11"),
        row("Chloe Yu", "Maker", None, "Users!A12"),
    ]
}

#[test]
fn every_kind_of_difference_with_its_row() {
    let d = drift(&model(), &export(), day("2026-07-15"));
    assert_eq!(
        d.unauthorised,
        [
            entry("ann", "ops", Some("dev-env"), Some("Users!A3")),
            entry("bob", "ops", Some("dev-env"), Some("Users!A5")),
        ],
        "Ann holds no Operator assignment; Bob's is for production only"
    );
    assert_eq!(
        d.expired_present,
        [
            Lapsed {
                entry: entry("cy", "approver", None, Some("Users!A6")),
                assignment: "a-cy-approver".into(),
                valid_from: None,
                valid_until: Some(day("2026-06-30")),
            },
            Lapsed {
                entry: entry("ann", "approver", None, Some("Users!A7")),
                assignment: "a-ann-approver".into(),
                valid_from: Some(day("2026-09-01")),
                valid_until: None,
            },
        ],
        "ended in June, or not started until September"
    );
    assert_eq!(
        d.missing,
        [Missing {
            entry: entry("bob", "maker", None, None),
            assignment: "a-bob-maker".into(),
        }],
        "the only assignment valid in July that no row shows"
    );
    assert_eq!(
        d.unmatched,
        [
            UnmatchedEntry {
                person: "Zed".into(),
                role: "Maker".into(),
                environment: None,
                source: Some("Users!A8".into()),
                unknown: vec![DriftPart::Person],
            },
            UnmatchedEntry {
                person: "bob".into(),
                role: "Auditor".into(),
                environment: Some("UAT".into()),
                source: Some("Users!A9".into()),
                unknown: vec![DriftPart::Role, DriftPart::Environment],
            },
            UnmatchedEntry {
                person: "Chloe Yu".into(),
                role: "Maker".into(),
                environment: None,
                source: Some("Users!A12".into()),
                unknown: vec![DriftPart::Person],
            },
        ],
        "no guessing: 'Chloe' is not 'Chloé'"
    );
    assert_eq!(
        d.compared, 7,
        "the row matched by e-mail repeats Ann's first row and counts once; A11 (production) is its own"
    );
    assert_eq!(
        d.counts(),
        DriftCounts {
            unauthorised: 2,
            missing: 1,
            expired_present: 2,
            unmatched: 3,
        }
    );
}

#[test]
fn the_same_export_on_another_date() {
    // In May Cy's approval is still valid and Ann's not yet: it is missing only in
    // September, when the export shows it.
    let may = drift(&model(), &export(), day("2026-05-01"));
    assert_eq!(
        may.expired_present
            .iter()
            .map(|l| l.assignment.as_str())
            .collect::<Vec<_>>(),
        ["a-ann-approver"]
    );
    let october = drift(&model(), &export(), day("2026-10-01"));
    assert_eq!(
        october
            .expired_present
            .iter()
            .map(|l| l.assignment.as_str())
            .collect::<Vec<_>>(),
        ["a-cy-approver"],
        "Ann's approval is valid in October"
    );
}

#[test]
fn an_export_without_environments_is_compared_on_person_and_role() {
    let rows = [
        row("ann", "maker", None, "A!A2"),
        row("bob", "ops", None, "A!A3"),
        row("bob", "maker", None, "A!A4"),
    ];
    let d = drift(&model(), &rows, day("2026-07-15"));
    assert!(
        d.unauthorised.is_empty() && d.missing.is_empty(),
        "Bob's production-only assignment is shown by a row without environment: {d:?}"
    );
}

#[test]
fn an_unmatched_row_does_not_count_as_presence() {
    let rows = [
        row("ann", "maker", None, "A!A2"),
        row("bob", "ops", Some("Staging"), "A!A3"),
        row("bob", "maker", None, "A!A4"),
    ];
    let d = drift(&model(), &rows, day("2026-07-15"));
    assert_eq!(
        d.missing
            .iter()
            .map(|m| m.entry.clone())
            .collect::<Vec<_>>(),
        [entry("bob", "ops", Some("prod"), None)]
    );
    assert_eq!(d.unmatched[0].unknown, [DriftPart::Environment]);
}

#[test]
fn an_empty_export_misses_every_valid_assignment() {
    let d = drift(&model(), &[], day("2026-07-15"));
    let missing: Vec<&str> = d.missing.iter().map(|m| m.assignment.as_str()).collect();
    assert_eq!(
        missing,
        ["a-ann-maker", "a-bob-maker", "a-bob-ops"],
        "sorted by person, role, environment"
    );
    assert!(d.unauthorised.is_empty() && d.expired_present.is_empty() && d.unmatched.is_empty());
}

#[test]
fn each_difference_is_a_finding_starting_with_its_cell() {
    let m = model();
    let d = drift(&m, &export(), day("2026-07-15"));
    let f = drift_findings(&m, &d);
    let lines: Vec<(FindingCode, Severity, &str)> = f
        .iter()
        .map(|f| (f.code, f.severity, f.message.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            (
                FindingCode::DriftUnauthorised,
                Severity::High,
                "Users!A3: Ann Smith holds Operator in Development on the platform, but no assignment of the model gives it."
            ),
            (
                FindingCode::DriftUnauthorised,
                Severity::High,
                "Users!A5: Bob holds Operator in Development on the platform, but no assignment of the model gives it."
            ),
            (
                FindingCode::DriftExpiredPresent,
                Severity::High,
                "Users!A6: Chloé Yu holds Approver on the platform, but the model's assignment ended on 2026-06-30."
            ),
            (
                FindingCode::DriftExpiredPresent,
                Severity::High,
                "Users!A7: Ann Smith holds Approver on the platform, but the model's assignment starts on 2026-09-01."
            ),
            (
                FindingCode::DriftUnmatched,
                Severity::Medium,
                "Users!A8: the export names the person \"Zed\", which the model does not have: the row (\"Zed\" as \"Maker\") is not compared."
            ),
            (
                FindingCode::DriftUnmatched,
                Severity::Medium,
                "Users!A9: the export names the role \"Auditor\" and the environment \"UAT\", which the model does not have: the row (\"bob\" as \"Auditor\" in \"UAT\") is not compared."
            ),
            (
                FindingCode::DriftUnmatched,
                Severity::Medium,
                "Users!A12: the export names the person \"Chloe Yu\", which the model does not have: the row (\"Chloe Yu\" as \"Maker\") is not compared."
            ),
            (
                FindingCode::DriftMissing,
                Severity::Low,
                "Bob holds Maker in the model, but the actual access export does not show it."
            ),
        ]
    );
    assert_eq!(
        f[2].entities,
        [
            EntityRef {
                kind: EntityKind::Assignment,
                key: "a-cy-approver".into()
            },
            EntityRef {
                kind: EntityKind::Person,
                key: "cy".into()
            },
            EntityRef {
                kind: EntityKind::Role,
                key: "approver".into()
            },
        ],
        "an expired assignment still present names the model's assignment"
    );
}

/// The codes the example above produces, for the test that every code is produced.
pub fn example_codes() -> Vec<FindingCode> {
    let m = model();
    let d = drift(&m, &export(), day("2026-07-15"));
    drift_findings(&m, &d).into_iter().map(|f| f.code).collect()
}

/// An access waiver accepts the drift's findings of that access for its person: in every
/// environment, or only in its own; not once it has ended, nor for another person.
#[test]
fn an_exception_for_access_outside_the_model_accepts_its_drift_findings() {
    let waiver = |id: &str, person: &str, access: &str, end: &str| Exception {
        id: id.into(),
        waives: Waiver::Access(access.into()),
        person: person.into(),
        justification: "Migration cover".into(),
        approver: "cy".into(),
        start: day("2026-07-01"),
        end: day(end),
        review: None,
    };
    let mut m = model();
    m.exceptions = vec![
        // Ann may operate Development; Bob may operate Production only (not his A5 row).
        waiver("x-ann", "ann", "ops", "2026-07-31"),
        waiver("x-bob", "bob", "ops|prod", "2026-12-31"),
        // Cy's lapsed approver access is covered, but the exception ended in June.
        waiver("x-cy", "cy", "approver", "2026-07-10"),
    ];
    m.exceptions.sort_by(|a, b| a.id.cmp(&b.id));
    assert!(gatehouse_core::validate(&m).is_ok());
    let d = drift(&m, &export(), day("2026-07-15"));
    let accepted: Vec<(FindingCode, Option<String>)> = drift_findings(&m, &d)
        .iter()
        .filter(|f| f.code != FindingCode::DriftUnmatched)
        .map(|f| (f.code, f.accepted.as_ref().map(|a| a.exception.clone())))
        .collect();
    assert_eq!(
        accepted,
        [
            (FindingCode::DriftUnauthorised, Some("x-ann".into())),
            (FindingCode::DriftUnauthorised, None),
            (FindingCode::DriftExpiredPresent, None),
            (FindingCode::DriftExpiredPresent, None),
            (FindingCode::DriftMissing, None),
        ]
    );
    // The model's own findings are not touched by an access waiver.
    let own = findings(&m, day("2026-07-15"));
    assert!(own.iter().all(|f| f.accepted.is_none()));
    // An access waiver names a role (and an environment) the model has.
    m.exceptions[0].waives = Waiver::Access("ops|uat".into());
    let err = gatehouse_core::validate(&m).unwrap_err().to_string();
    assert!(err.contains("uat"), "{err}");
}
