//! Each finding code on a small model that triggers it and one that does not, and a
//! brute-force reference that the analysis must agree with on random models.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use gatehouse_core::findings::{code, is_valid_on};
use gatehouse_core::testing::arb_model;
use gatehouse_core::*;
use proptest::prelude::*;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

const AT: &str = "2026-11-27";

/// A model with no findings at all: two people, each role staffed, a gate both can pass.
fn clean() -> Model {
    Model::from_json(
        r#"{
      "meta": {"name": "Clean"},
      "people": [{"id": "ann", "name": "Ann", "kind": "citizen_developer"},
                 {"id": "bob", "name": "Bob", "kind": "it"},
                 {"id": "cy", "name": "Cy", "kind": "it"}],
      "roles": [{"id": "maker", "name": "Maker", "kind": "citizen_developer"},
                {"id": "ops", "name": "Operator", "kind": "it_administrator"},
                {"id": "approver", "name": "Approver", "kind": "approver"}],
      "capabilities": [{"id": "modify", "name": "Modify app", "action": "modify_app"},
                       {"id": "request", "name": "Request change", "action": "request_change"},
                       {"id": "approve", "name": "Approve change", "action": "approve_change"},
                       {"id": "deploy-prod", "name": "Deploy to production", "action": "deploy", "environment": "prod"}],
      "environments": [{"id": "dev", "name": "Development", "kind": "development", "order": 1},
                       {"id": "prod", "name": "Production", "kind": "production", "order": 2}],
      "grants": [{"role": "maker", "capability": "modify", "effect": "allow", "environment": "dev"},
                 {"role": "maker", "capability": "request", "effect": "allow"},
                 {"role": "maker", "capability": "deploy-prod", "effect": "deny"},
                 {"role": "ops", "capability": "deploy-prod", "effect": "allow"},
                 {"role": "approver", "capability": "approve", "effect": "allow"}],
      "assignments": [{"id": "a1", "person": "ann", "role": "maker"},
                      {"id": "a2", "person": "bob", "role": "ops"},
                      {"id": "a3", "person": "cy", "role": "approver"},
                      {"id": "a4", "person": "bob", "role": "approver", "valid_from": "2026-01-01", "valid_until": "2026-12-31"}],
      "assets": [{"id": "app", "name": "Claims", "kind": "app", "classification": "internal", "criticality": "medium",
                  "uses": ["ledger", "crm"],
                  "use_approvals": [{"asset": "ledger", "by": "cy", "on": "2026-01-01"},
                                    {"asset": "crm", "by": "bob", "on": "2026-01-01"}]},
                 {"id": "ledger", "name": "Ledger", "kind": "data_set", "classification": "confidential", "criticality": "high"},
                 {"id": "crm", "name": "CRM", "kind": "connector", "classification": "internal", "criticality": "medium", "vetting": "vetted"}],
      "ownerships": [{"asset": "app", "person": "ann", "kind": "app_owner"},
                     {"asset": "ledger", "person": "cy", "kind": "data_steward"},
                     {"asset": "crm", "person": "bob", "kind": "integration_owner"}],
      "sod_rules": [{"id": "r1", "name": "Build vs deploy", "left": {"kind": "capability", "id": "modify"},
                     "right": {"kind": "capability", "id": "deploy-prod"}, "severity": "critical"}],
      "gates": [{"id": "g", "name": "To production", "from": "dev", "to": "prod",
                 "requirements": [{"type": "approval", "roles": ["approver"], "count": 1, "condition": {"when": "always"}},
                                  {"type": "no_self_approval"}]}],
      "escalation_paths": [{"id": "e", "name": "Incidents", "kind": "incident", "steps": [{"role": "ops", "response_hours": 1}]}]
    }"#,
    )
    .expect("the clean model is valid")
}

fn codes(m: &Model, at: &str) -> Vec<String> {
    findings(m, day(at)).into_iter().map(|f| f.code).collect()
}

fn only(m: &Model, wanted: &str) -> Finding {
    let all = findings(m, day(AT));
    let matching: Vec<_> = all.iter().filter(|f| f.code == wanted).cloned().collect();
    assert_eq!(
        matching.len(),
        1,
        "expected exactly one {wanted}, got {all:#?}"
    );
    matching.into_iter().next().unwrap()
}

fn upsert(m: &mut Model, entity: Entity) {
    apply(m, Edit::Upsert { entity }).unwrap();
}

#[test]
fn the_clean_model_has_no_findings() {
    assert_eq!(findings(&clean(), day(AT)), vec![]);
}

#[test]
fn sod_conflict_through_two_roles_counting_only_valid_assignments() {
    let mut m = clean();
    upsert(
        &mut m,
        Entity::Assignment(Assignment {
            id: "a5".into(),
            person: "ann".into(),
            role: "ops".into(),
            environment: None,
            valid_from: Some(day("2026-11-01")),
            valid_until: Some(day("2026-11-30")),
            justification: None,
            approver: None,
        }),
    );
    let f = only(&m, code::SOD_CONFLICT);
    assert_eq!(f.severity, Severity::Critical);
    assert_eq!(
        f.message,
        "Ann holds both Modify app and Deploy to production (through the roles Maker and Operator), which the rule \"Build vs deploy\" keeps apart."
    );
    assert!(f.entities.contains(&EntityRef {
        kind: EntityKind::Person,
        key: "ann".into()
    }));
    assert!(f.entities.contains(&EntityRef {
        kind: EntityKind::SodRule,
        key: "r1".into()
    }));
    // Outside the validity window there is no conflict.
    assert!(!codes(&m, "2026-12-01").contains(&code::SOD_CONFLICT.to_string()));
    assert!(!codes(&m, "2026-10-31").contains(&code::SOD_CONFLICT.to_string()));
}

#[test]
fn an_exception_in_force_accepts_a_conflict_until_it_expires() {
    let mut m = clean();
    upsert(
        &mut m,
        Entity::Assignment(Assignment {
            id: "a5".into(),
            person: "ann".into(),
            role: "ops".into(),
            environment: None,
            valid_from: None,
            valid_until: None,
            justification: None,
            approver: None,
        }),
    );
    upsert(
        &mut m,
        Entity::Exception(Exception {
            id: "x1".into(),
            waives: Waiver::SodRule("r1".into()),
            person: "ann".into(),
            justification: "Covering for Bob".into(),
            approver: "cy".into(),
            start: day("2026-11-01"),
            end: day("2026-11-30"),
            review: None,
        }),
    );
    assert!(!codes(&m, AT).contains(&code::SOD_CONFLICT.to_string()));
    assert!(codes(&m, "2026-12-01").contains(&code::SOD_CONFLICT.to_string()));
}

#[test]
fn assets_without_owner_and_sensitive_data_without_steward() {
    let mut m = clean();
    apply(
        &mut m,
        Edit::Delete {
            kind: EntityKind::Ownership,
            key: "app|app_owner|ann".into(),
        },
    )
    .unwrap();
    let f = only(&m, code::ASSET_WITHOUT_OWNER);
    assert_eq!(f.message, "Nobody owns the app \"Claims\".");
    assert_eq!(f.severity, Severity::Medium);

    let mut m = clean();
    // Swap the steward for a mere owner: the use approval no longer counts either.
    apply(
        &mut m,
        Edit::Delete {
            kind: EntityKind::Ownership,
            key: "ledger|data_steward|cy".into(),
        },
    )
    .unwrap();
    upsert(
        &mut m,
        Entity::Ownership(Ownership {
            asset: "ledger".into(),
            person: "cy".into(),
            kind: OwnershipKind::AppOwner,
        }),
    );
    let f = only(&m, code::DATA_SET_WITHOUT_STEWARD);
    assert_eq!(
        f.message,
        "The confidential data set \"Ledger\" has no data steward."
    );
    // An internal data set needs no steward.
    let mut m2 = m.clone();
    let Some(Entity::Asset(mut ledger)) = m2.get(EntityKind::Asset, "ledger") else {
        panic!()
    };
    ledger.classification = Classification::Internal;
    upsert(&mut m2, Entity::Asset(ledger));
    assert!(!codes(&m2, AT).contains(&code::DATA_SET_WITHOUT_STEWARD.to_string()));
}

#[test]
fn a_gate_nobody_can_approve_and_one_the_requester_would_block() {
    let mut m = clean();
    // Bob's temporary approver role ends; Cy stays: one approver is still enough.
    let later = "2027-01-15";
    assert!(!codes(&m, later).contains(&code::GATE_UNSATISFIABLE.to_string()));
    // Remove Cy: nobody approves in January.
    apply(
        &mut m,
        Edit::Delete {
            kind: EntityKind::Assignment,
            key: "a3".into(),
        },
    )
    .unwrap();
    let all = findings(&m, day(later));
    let f = all
        .iter()
        .find(|f| f.code == code::GATE_UNSATISFIABLE)
        .expect("unsatisfiable");
    assert_eq!(f.severity, Severity::Critical);
    assert!(
        f.message
            .contains("needs 1 approval(s) from Approver, but nobody hold"),
        "{}",
        f.message
    );

    // Only Bob can approve, and Bob could request: excluding the requester blocks it.
    let mut m = clean();
    apply(
        &mut m,
        Edit::Delete {
            kind: EntityKind::Assignment,
            key: "a3".into(),
        },
    )
    .unwrap();
    upsert(
        &mut m,
        Entity::Grant(Grant {
            role: "ops".into(),
            capability: "request".into(),
            environment: None,
            effect: Effect::Allow,
        }),
    );
    let f = only(&m, code::GATE_UNSATISFIABLE);
    assert_eq!(f.severity, Severity::High);
    assert!(
        f.message.contains("a change that Bob requests cannot pass"),
        "{}",
        f.message
    );
}

#[test]
fn a_self_approval_path_without_the_no_self_approval_rule() {
    let mut m = clean();
    upsert(
        &mut m,
        Entity::Grant(Grant {
            role: "approver".into(),
            capability: "request".into(),
            environment: None,
            effect: Effect::Allow,
        }),
    );
    assert!(
        !codes(&m, AT).contains(&code::SELF_APPROVAL_PATH.to_string()),
        "no-self-approval is on"
    );
    let Some(Entity::Gate(mut gate)) = m.get(EntityKind::Gate, "g") else {
        panic!()
    };
    gate.requirements
        .retain(|r| r != &Requirement::NoSelfApproval);
    upsert(&mut m, Entity::Gate(gate));
    let f = only(&m, code::SELF_APPROVAL_PATH);
    assert_eq!(
        f.message,
        "At the gate \"To production\", Bob and Cy could both request a change and approve it."
    );
}

#[test]
fn any_one_of_a_list_at_production_for_sensitive_assets() {
    let mut m = clean();
    let Some(Entity::Gate(mut gate)) = m.get(EntityKind::Gate, "g") else {
        panic!()
    };
    gate.requirements[0] = Requirement::Approval {
        roles: vec!["approver".into(), "ops".into()],
        count: 1,
        condition: Condition::Always,
    };
    upsert(&mut m, Entity::Gate(gate.clone()));
    let f = only(&m, code::WEAK_PRODUCTION_QUORUM);
    assert!(f.entities.contains(&EntityRef {
        kind: EntityKind::Asset,
        key: "ledger".into()
    }));
    // Two approvals from the list, or a condition no sensitive asset meets: no finding.
    gate.requirements[0] = Requirement::Approval {
        roles: vec!["approver".into(), "ops".into()],
        count: 2,
        condition: Condition::Always,
    };
    upsert(&mut m, Entity::Gate(gate.clone()));
    assert!(!codes(&m, AT).contains(&code::WEAK_PRODUCTION_QUORUM.to_string()));
    gate.requirements[0] = Requirement::Approval {
        roles: vec!["approver".into(), "ops".into()],
        count: 1,
        condition: Condition::UserFacing,
    };
    upsert(&mut m, Entity::Gate(gate));
    assert!(!codes(&m, AT).contains(&code::WEAK_PRODUCTION_QUORUM.to_string()));
}

#[test]
fn citizen_developers_may_not_deploy_to_production() {
    let mut m = clean();
    upsert(
        &mut m,
        Entity::Grant(Grant {
            role: "maker".into(),
            capability: "deploy-prod".into(),
            environment: None,
            effect: Effect::Approval,
        }),
    );
    let f = only(&m, code::CITIZEN_DEVELOPER_DEPLOYS_TO_PRODUCTION);
    assert_eq!(
        f.message,
        "The citizen-developer role Maker holds \"Deploy to production\" (with approval): citizen developers must not reach production themselves."
    );
    assert!(f.entities.contains(&EntityRef {
        kind: EntityKind::Grant,
        key: "maker|deploy-prod|*".into()
    }));
    // The same capability for the IT role is expected.
    assert!(codes(&clean(), AT).is_empty());
}

#[test]
fn expired_temporary_access_still_present() {
    let m = clean();
    let f = findings(&m, day("2027-01-05"))
        .into_iter()
        .find(|f| f.code == code::EXPIRED_ACCESS)
        .expect("expired");
    assert_eq!(
        f.message,
        "Bob's temporary access as Approver ended on 2026-12-31 but is still recorded."
    );
    assert!(
        !codes(&m, "2026-12-31").contains(&code::EXPIRED_ACCESS.to_string()),
        "the last day still counts"
    );
}

#[test]
fn roles_without_members_and_people_without_roles() {
    let mut m = clean();
    upsert(
        &mut m,
        Entity::Role(Role {
            id: "idle".into(),
            name: "Idle".into(),
            description: String::new(),
            kind: RoleKind::Other,
        }),
    );
    upsert(
        &mut m,
        Entity::Person(Person {
            id: "dee".into(),
            name: "Dee".into(),
            email: None,
            department: None,
            kind: PersonKind::Business,
        }),
    );
    assert_eq!(
        only(&m, code::ROLE_WITHOUT_MEMBERS).message,
        "Nobody holds the role Idle."
    );
    assert_eq!(
        only(&m, code::PERSON_WITHOUT_ROLE).message,
        "Dee holds no role."
    );
}

#[test]
fn apps_using_unvetted_or_retired_connectors() {
    for (vetting, severity) in [
        (Some(Vetting::Pending), Severity::Medium),
        (Some(Vetting::Retired), Severity::High),
        (None, Severity::Medium),
    ] {
        let mut m = clean();
        let Some(Entity::Asset(mut crm)) = m.get(EntityKind::Asset, "crm") else {
            panic!()
        };
        crm.vetting = vetting;
        upsert(&mut m, Entity::Asset(crm));
        let f = only(&m, code::UNVETTED_DEPENDENCY);
        assert_eq!(f.severity, severity, "{vetting:?}");
        assert!(
            f.message
                .starts_with("The app \"Claims\" uses the connector \"CRM\""),
            "{}",
            f.message
        );
    }
}

#[test]
fn sensitive_data_and_integrations_need_the_owners_approval_of_the_use() {
    let mut m = clean();
    let Some(Entity::Asset(mut app)) = m.get(EntityKind::Asset, "app") else {
        panic!()
    };
    app.use_approvals.clear();
    upsert(&mut m, Entity::Asset(app.clone()));
    let messages: BTreeSet<String> = findings(&m, day(AT))
        .into_iter()
        .filter(|f| f.code == code::UNAPPROVED_USE)
        .map(|f| f.message)
        .collect();
    assert_eq!(
        messages,
        BTreeSet::from([
            "The app \"Claims\" uses the confidential data set \"Ledger\" without the approval of its data steward.".to_string(),
            "The app \"Claims\" uses the integration \"CRM\" without the approval of its integration owner.".to_string(),
        ])
    );
    // An approval by someone who is not the steward does not count.
    app.use_approvals = vec![
        UseApproval {
            asset: "ledger".into(),
            by: "ann".into(),
            on: day("2026-01-01"),
        },
        UseApproval {
            asset: "crm".into(),
            by: "bob".into(),
            on: day("2026-01-01"),
        },
    ];
    upsert(&mut m, Entity::Asset(app));
    assert_eq!(
        only(&m, code::UNAPPROVED_USE).entities[1],
        EntityRef {
            kind: EntityKind::Asset,
            key: "ledger".into()
        }
    );
}

#[test]
fn escalation_steps_nobody_holds() {
    let mut m = clean();
    let Some(Entity::EscalationPath(mut path)) = m.get(EntityKind::EscalationPath, "e") else {
        panic!()
    };
    path.steps.push(EscalationStep {
        role: "idle".into(),
        response_hours: 4,
    });
    upsert(
        &mut m,
        Entity::Role(Role {
            id: "idle".into(),
            name: "Idle".into(),
            description: String::new(),
            kind: RoleKind::Other,
        }),
    );
    upsert(&mut m, Entity::EscalationPath(path));
    assert_eq!(
        only(&m, code::ESCALATION_STEP_UNSTAFFED).message,
        "Step 2 of the incident escalation path \"Incidents\" goes to Idle, which nobody holds."
    );
}

#[test]
fn every_code_is_exercised_by_a_test_above() {
    // Keeps this file honest when a code is added: each must appear in a test here.
    let source = include_str!("findings.rs");
    for c in code::ALL {
        let constant = format!("code::{}", c.to_uppercase());
        assert!(
            source.matches(&constant).count() >= 1,
            "no test uses {constant}"
        );
    }
}

/// Brute force: for every person, rule and pair of that person's valid assignments.
fn reference_sod(m: &Model, at: NaiveDate) -> BTreeSet<(String, String)> {
    let holds = |role: &str, t: &SodTarget| match t {
        SodTarget::Role(r) => r == role,
        SodTarget::Capability(c) => m
            .grants
            .iter()
            .any(|g| g.role == role && &g.capability == c && g.effect != Effect::Deny),
    };
    let mut out = BTreeSet::new();
    for rule in &m.sod_rules {
        for p in &m.people {
            let valid: Vec<&Assignment> = m
                .assignments
                .iter()
                .filter(|a| a.person == p.id && is_valid_on(a, at))
                .collect();
            let conflict = valid.iter().any(|a| {
                valid
                    .iter()
                    .any(|b| holds(&a.role, &rule.left) && holds(&b.role, &rule.right))
            });
            let waived = m.exceptions.iter().any(|e| {
                e.person == p.id
                    && e.waives == Waiver::SodRule(rule.id.clone())
                    && e.start <= at
                    && at <= e.end
            });
            if conflict && !waived {
                out.insert((p.id.clone(), rule.id.clone()));
            }
        }
    }
    out
}

fn reference_members(m: &Model, at: NaiveDate, role: &str) -> BTreeSet<String> {
    m.assignments
        .iter()
        .filter(|a| a.role == role && is_valid_on(a, at))
        .map(|a| a.person.clone())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn findings_agree_with_a_brute_force_reference(model in arb_model(), offset in 0u32..2400) {
        let at = day("2024-01-01") + chrono::Days::new(u64::from(offset));
        let all = findings(&model, at);
        let key = |f: &Finding, kind: EntityKind| f.entities.iter().find(|e| e.kind == kind).map(|e| e.key.clone()).unwrap();

        let sod: BTreeSet<_> = all.iter().filter(|f| f.code == code::SOD_CONFLICT)
            .map(|f| (key(f, EntityKind::Person), key(f, EntityKind::SodRule))).collect();
        prop_assert_eq!(sod, reference_sod(&model, at));

        let empty_roles: BTreeSet<_> = all.iter().filter(|f| f.code == code::ROLE_WITHOUT_MEMBERS).map(|f| key(f, EntityKind::Role)).collect();
        let expected: BTreeSet<_> = model.roles.iter().filter(|r| reference_members(&model, at, &r.id).is_empty()).map(|r| r.id.clone()).collect();
        prop_assert_eq!(empty_roles, expected);

        let idle: BTreeSet<_> = all.iter().filter(|f| f.code == code::PERSON_WITHOUT_ROLE).map(|f| key(f, EntityKind::Person)).collect();
        let expected: BTreeSet<_> = model.people.iter()
            .filter(|p| !model.assignments.iter().any(|a| a.person == p.id && is_valid_on(a, at)))
            .map(|p| p.id.clone()).collect();
        prop_assert_eq!(idle, expected);

        let expired: BTreeSet<_> = all.iter().filter(|f| f.code == code::EXPIRED_ACCESS).map(|f| key(f, EntityKind::Assignment)).collect();
        let expected: BTreeSet<_> = model.assignments.iter().filter(|a| a.valid_until.is_some_and(|u| u < at)).map(|a| a.id.clone()).collect();
        prop_assert_eq!(expired, expected);

        // A gate requirement nobody (or too few) can meet, by counting eligible people directly.
        let short: BTreeSet<_> = all.iter().filter(|f| f.code == code::GATE_UNSATISFIABLE && f.severity == Severity::Critical)
            .map(|f| key(f, EntityKind::Gate)).collect();
        let expected: BTreeSet<_> = model.gates.iter().filter(|g| g.requirements.iter().any(|r| match r {
            Requirement::Approval { roles, count, .. } => {
                let eligible: BTreeSet<String> = roles.iter().flat_map(|role| reference_members(&model, at, role)).collect();
                eligible.len() < *count as usize
            }
            _ => false,
        })).map(|g| g.id.clone()).collect();
        prop_assert_eq!(short, expected);

        // Sorted most severe first, and deterministic.
        prop_assert!(all.windows(2).all(|w| w[0].severity >= w[1].severity));
        prop_assert_eq!(findings(&model, at), all);
    }
}
