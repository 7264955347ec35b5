//! The generic template's documented gate behaviour, and the simulation agreeing with the
//! lint on random models.

use chrono::{DateTime, NaiveTime, Utc};
use gatehouse_core::simulate::{Exclusion, Outcome};
use gatehouse_core::testing::arb_model;
use gatehouse_core::*;
use proptest::prelude::*;

use crate::assignment;

fn template() -> Model {
    Model::from_json(include_str!(
        "../../../../templates/generic-nocode/model.json"
    ))
    .unwrap()
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn request(requester: &str, asset: &str) -> SimulationRequest {
    SimulationRequest {
        requester: requester.into(),
        asset: asset.into(),
        from: None,
        to: "production".into(),
        attributes: vec![],
        // Tuesday, inside office hours and Hugo's temporary assignment.
        at: at("2026-12-01T10:00:00Z"),
    }
}

#[test]
fn a_citizen_developer_needs_it_sign_off_business_validation_and_the_data_steward() {
    let m = template();
    let s = simulate(&m, &request("ana-lima", "expense-claims")).unwrap();
    assert_eq!(s.verdict, Verdict::NeedsApprovals, "{:#?}", s.sentences);
    let gate = &s.gates[0];
    assert_eq!(gate.gate, "gate-test-prod");
    let needing: Vec<(&str, Vec<&str>)> = gate
        .requirements
        .iter()
        .filter(|r| r.outcome == Outcome::NeedsApprovals)
        .map(|r| {
            (
                r.rule.name.as_str(),
                r.groups
                    .iter()
                    .flat_map(|g| g.eligible.iter().map(String::as_str))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        needing,
        [
            ("IT sign-off", vec!["eva-novak"]),
            ("Business validation", vec!["farid-haddad"]),
            ("Data steward approval", vec!["dev-patel"]),
        ]
    );
    // Hugo covers business validation in test only, and requesting changes while
    // approving them is what an SoD rule keeps apart: he is not counted.
    let validation = &gate.requirements[1];
    assert!(validation.groups[0]
        .excluded
        .iter()
        .any(|x| x.person == "hugo-silva"));
    // The 24-hour wait runs on office hours: three working days after 10:00 Tuesday.
    assert_eq!(s.earliest, Some(at("2026-12-04T10:00:00Z")));
}

#[test]
fn a_citizen_developer_cannot_approve_their_own_request() {
    let mut m = template();
    apply(
        &mut m,
        Edit::Upsert {
            entity: Entity::Assignment(assignment("asg-ana-itap", "ana-lima", "it-approver")),
        },
    )
    .unwrap();
    let s = simulate(&m, &request("ana-lima", "expense-claims")).unwrap();
    let sign_off = &s.gates[0].requirements[0];
    assert!(sign_off.groups[0]
        .excluded
        .iter()
        .any(|x| x.person == "ana-lima" && x.reason == Exclusion::Requester));
    assert!(!sign_off.groups[0]
        .eligible
        .contains(&"ana-lima".to_string()));
}

#[test]
fn without_steward_the_confidential_app_is_blocked_naming_the_data_set() {
    let mut m = template();
    apply(
        &mut m,
        Edit::Delete {
            kind: EntityKind::Ownership,
            key: "expense-ledger|data_steward|dev-patel".into(),
        },
    )
    .unwrap();
    let s = simulate(&m, &request("ana-lima", "expense-claims")).unwrap();
    assert_eq!(s.verdict, Verdict::Blocked);
    let steward = &s.gates[0].requirements[2];
    assert!(
        steward
            .sentence
            .contains("no eligible data steward of \"Expense Ledger\""),
        "{}",
        steward.sentence
    );
}

fn arb_case() -> impl Strategy<Value = (Model, usize, usize, usize, u32)> {
    (
        arb_model(),
        any::<usize>(),
        any::<usize>(),
        any::<usize>(),
        0u32..2000,
    )
}

/// Whether the single approval requirement of a generated gate applies to the asset of a
/// change without attributes (generated models use only these four conditions).
fn applies(c: &Condition, a: &Asset) -> bool {
    match c {
        Condition::Always => true,
        Condition::UserFacing => a.user_facing,
        Condition::ClassificationAtLeast(x) => a.classification >= *x,
        Condition::CriticalityAtLeast(x) => a.criticality >= *x,
        other => panic!("generated models do not use {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn allowed_now_never_holds_where_the_lint_finds_the_gate_unsatisfiable(
        (m, g, p, a, days) in arb_case()
    ) {
        prop_assume!(!m.gates.is_empty() && !m.people.is_empty() && !m.assets.is_empty());
        let gate = &m.gates[g % m.gates.len()];
        let person = &m.people[p % m.people.len()];
        let asset = &m.assets[a % m.assets.len()];
        let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(u64::from(days));
        let moment = day.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap()).and_utc();
        let Requirement::Approval { condition, .. } = &gate.requirements[0] else {
            unreachable!("generated gates start with an approval")
        };
        prop_assume!(applies(condition, asset));
        let unsatisfiable = findings(&m, day).into_iter().any(|f| {
            matches!(f.code, FindingCode::GateUnsatisfiable | FindingCode::QuorumUnreachable)
                && f.entities.iter().any(|e| e.kind == EntityKind::Gate && e.key == gate.id)
                && f.entities
                    .iter()
                    .filter(|e| e.kind == EntityKind::Person)
                    .all(|e| e.key == person.id)
        });
        prop_assume!(unsatisfiable);
        let s = simulate(&m, &SimulationRequest {
            requester: person.id.clone(),
            asset: asset.id.clone(),
            from: Some(gate.from.clone()),
            to: gate.to.clone(),
            attributes: vec![],
            at: moment,
        }).unwrap();
        let step = s.gates.iter().find(|x| x.gate == gate.id);
        prop_assert!(step.is_some(), "the gate is on the way");
        prop_assert_ne!(step.unwrap().verdict, Verdict::Allowed, "{:#?}", s.sentences);
        prop_assert_ne!(s.verdict, Verdict::Allowed);
    }
}
