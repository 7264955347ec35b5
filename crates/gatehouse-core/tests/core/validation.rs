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

fn tier(id: &str, rank: u32, when: Condition) -> RiskTier {
    RiskTier {
        id: id.into(),
        name: id.to_uppercase(),
        description: String::new(),
        rank,
        when,
    }
}

fn office() -> Calendar {
    Calendar {
        id: "office".into(),
        name: "Office".into(),
        working_days: vec![Weekday::Mon],
        opens: chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        closes: chrono::NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
        utc_offset_minutes: 0,
        holidays: vec![],
    }
}

fn invalid(kind: EntityKind, key: &str, message: &str) -> ValidationError {
    ValidationError::Invalid {
        kind,
        key: key.into(),
        message: message.into(),
    }
}

#[test]
fn risk_tiers_rank_uniquely_and_do_not_refer_to_tiers() {
    let mut m = small_model();
    m.risk_tiers = vec![
        tier("high", 2, Condition::TierAtLeast("low".into())),
        tier("low", 2, Condition::Always),
    ];
    assert_eq!(
        errors(&m),
        vec![
            invalid(
                EntityKind::RiskTier,
                "high",
                "a risk tier's criteria cannot refer to a tier"
            ),
            invalid(
                EntityKind::RiskTier,
                "low",
                "shares rank 2 with the tier \"high\""
            ),
        ]
    );
}

#[test]
fn gate_conditions_refer_to_existing_tiers_and_calendars() {
    let mut m = small_model();
    m.gates[0].calendar = Some("weekend".into());
    m.gates[0].requirements.push(Requirement::OwnerApproval {
        owner: OwnershipKind::DataSteward,
        count: 0,
        condition: Condition::AnyOf(vec![Condition::TierAtLeast("nope".into())]),
        all: false,
        name: None,
    });
    let unknown = |field, target_kind, target: &str| ValidationError::UnknownReference {
        kind: EntityKind::Gate,
        key: "g1".into(),
        field,
        target_kind,
        target: target.into(),
    };
    assert_eq!(
        errors(&m),
        vec![
            unknown("calendar", EntityKind::Calendar, "weekend"),
            invalid(
                EntityKind::Gate,
                "g1",
                "an ownership approval asks for 0 approvals"
            ),
            unknown("condition tier", EntityKind::RiskTier, "nope"),
        ]
    );
}

#[test]
fn calendars_open_before_they_close_on_some_day() {
    let mut m = small_model();
    let mut c = office();
    c.working_days.clear();
    c.closes = c.opens;
    c.utc_offset_minutes = 19 * 60;
    m.calendars = vec![c];
    assert_eq!(
        errors(&m),
        vec![
            invalid(
                EntityKind::Calendar,
                "office",
                "a calendar needs at least one working day"
            ),
            invalid(
                EntityKind::Calendar,
                "office",
                "the working day closes before it opens"
            ),
            invalid(
                EntityKind::Calendar,
                "office",
                "the UTC offset is beyond ±18 hours"
            ),
        ]
    );
    m.calendars = vec![office()];
    m.gates[0].calendar = Some("office".into());
    assert_eq!(errors(&m), vec![]);
}

#[test]
fn a_model_without_the_new_fields_serialises_as_before() {
    // Gates, requirements and the model gain fields with defaults; a model that uses none
    // of them must write the same JSON as before they existed.
    let m = small_model();
    let json = m.to_canonical_json();
    for key in [
        "\"all\"",
        "\"name\": null",
        "\"calendar\"",
        "\"risk_tiers\"",
        "\"calendars\"",
    ] {
        assert!(!json.contains(key), "{key} appears in {json}");
    }
    assert_eq!(Model::from_json(&json).unwrap(), m);
}
