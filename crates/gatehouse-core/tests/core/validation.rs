use gatehouse_core::*;

use crate::small_model;

fn errors(model: &Model) -> Vec<ValidationError> {
    validate(model).err().map(|e| e.0).unwrap_or_default()
}

#[test]
fn the_small_model_is_valid() {
    assert_eq!(errors(&small_model()), vec![]);
}

#[test]
fn names_must_be_unique_ignoring_case_spacing_and_line_breaks() {
    let mut m = small_model();
    m.roles[1].name = " DEVELOPER\n".into();
    assert_eq!(
        errors(&m),
        vec![ValidationError::DuplicateName {
            kind: EntityKind::Role,
            name: " DEVELOPER\n".into(),
            first: "dev".into(),
            second: "ops".into()
        }]
    );
}

#[test]
fn ids_must_be_unique_and_well_formed() {
    let mut m = small_model();
    m.roles[1].id = "dev".into();
    m.roles[1].name = "Other".into();
    assert!(errors(&m).contains(&ValidationError::DuplicateKey {
        kind: EntityKind::Role,
        key: "dev".into()
    }));

    let mut m = small_model();
    m.people[0].id = "has space".into();
    m.assignments.clear();
    assert_eq!(
        errors(&m),
        vec![ValidationError::InvalidId {
            kind: EntityKind::Person,
            id: "has space".into()
        }]
    );
}

#[test]
fn every_reference_must_resolve() {
    let mut m = small_model();
    m.assignments[0].role = "ghost".into();
    assert_eq!(
        errors(&m),
        vec![ValidationError::UnknownReference {
            kind: EntityKind::Assignment,
            key: "a1".into(),
            field: "role",
            target_kind: EntityKind::Role,
            target: "ghost".into()
        }]
    );
    let mut m = small_model();
    m.grants[0].environment = Some("staging".into());
    let e = errors(&m);
    assert!(
        matches!(
            &e[..],
            [ValidationError::UnknownReference {
                field: "environment",
                ..
            }]
        ),
        "{e:?}"
    );
}

#[test]
fn validity_windows_must_be_ordered() {
    let mut m = small_model();
    m.assignments[0].valid_from = chrono::NaiveDate::from_ymd_opt(2026, 5, 1);
    m.assignments[0].valid_until = chrono::NaiveDate::from_ymd_opt(2026, 4, 30);
    let e = errors(&m);
    assert!(
        matches!(&e[..], [ValidationError::WindowOrder { key, .. }] if key == "a1"),
        "{e:?}"
    );
    // A one-day window is fine.
    m.assignments[0].valid_until = chrono::NaiveDate::from_ymd_opt(2026, 5, 1);
    assert_eq!(errors(&m), vec![]);
}

#[test]
fn gates_go_forward_between_existing_environments() {
    let mut m = small_model();
    m.gates[0].from = "prod".into();
    m.gates[0].to = "dev-env".into();
    assert_eq!(
        errors(&m),
        vec![ValidationError::GateOrder {
            gate: "g1".into(),
            from: "prod".into(),
            to: "dev-env".into()
        }]
    );
    let mut m = small_model();
    m.gates[0].to = "nowhere".into();
    assert!(matches!(
        &errors(&m)[..],
        [ValidationError::UnknownReference { field: "to", .. }]
    ));
    let mut m = small_model();
    m.environments[1].order = 1;
    assert!(matches!(
        &errors(&m)[..],
        [
            ValidationError::DuplicateEnvironmentOrder { order: 1, .. },
            ..
        ]
    ));
}

#[test]
fn approval_requirements_need_roles_and_a_positive_count() {
    let mut m = small_model();
    m.gates[0].requirements = vec![Requirement::Approval {
        roles: vec![],
        count: 0,
        condition: Condition::Always,
        all: false,
        name: None,
    }];
    assert_eq!(errors(&m).len(), 2);
}

#[test]
fn the_error_message_says_what_and_where() {
    let mut m = small_model();
    m.assignments[0].person = "bob".into();
    let message = validate(&m).unwrap_err().to_string();
    assert_eq!(
        message,
        "assignment \"a1\": person refers to person \"bob\", which does not exist"
    );
}
