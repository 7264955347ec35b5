//! Each finding code on a small model that triggers it and one that does not, and a
//! brute-force reference that the analysis must agree with on random models.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use gatehouse_core::findings::is_valid_on;
use gatehouse_core::testing::arb_model;
use gatehouse_core::*;
use proptest::prelude::*;

use crate::assignment;

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

fn codes(m: &Model, at: &str) -> Vec<FindingCode> {
    findings(m, day(at)).into_iter().map(|f| f.code).collect()
}

fn only(m: &Model, wanted: FindingCode) -> Finding {
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

fn delete(m: &mut Model, kind: EntityKind, key: &str) {
    apply(
        m,
        Edit::Delete {
            kind,
            key: key.into(),
        },
    )
    .unwrap();
}

/// A grant in every environment.
fn grant(m: &mut Model, role: &str, capability: &str, effect: Effect) {
    upsert(
        m,
        Entity::Grant(Grant {
            role: role.into(),
            capability: capability.into(),
            environment: None,
            effect,
        }),
    );
}

/// Changes the clean model's one gate, `g`.
fn edit_gate(m: &mut Model, change: impl FnOnce(&mut Gate)) {
    let Some(Entity::Gate(mut gate)) = m.get(EntityKind::Gate, "g") else {
        panic!("the clean model has gate g")
    };
    change(&mut gate);
    upsert(m, Entity::Gate(gate));
}

/// Replaces the gate's first requirement, the clean model's approval.
fn set_first_requirement(m: &mut Model, requirement: Requirement) {
    edit_gate(m, |gate| gate.requirements[0] = requirement);
}

#[test]
fn the_clean_model_has_no_findings() {
    assert_eq!(findings(&clean(), day(AT)), vec![]);
}

#[test]
fn sod_conflict_through_two_roles_counting_only_valid_assignments() {
    let m = ann_also_operator_in_november();
    let f = only(&m, FindingCode::SodConflict);
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
    assert!(!codes(&m, "2026-12-01").contains(&FindingCode::SodConflict));
    assert!(!codes(&m, "2026-10-31").contains(&FindingCode::SodConflict));
}

fn covering_exception(approver: &str, review: Option<&str>) -> Entity {
    Entity::Exception(Exception {
        id: "x1".into(),
        waives: Waiver::SodRule("r1".into()),
        person: "ann".into(),
        justification: "Covering for Bob".into(),
        approver: approver.into(),
        start: day("2026-11-01"),
        end: day("2026-11-30"),
        review: review.map(day),
    })
}

#[test]
fn an_exception_in_force_accepts_a_conflict_until_it_expires() {
    let mut m = clean();
    upsert(&mut m, Entity::Assignment(assignment("a5", "ann", "ops")));
    upsert(&mut m, covering_exception("cy", None));
    // Before, on its first and last day, and after.
    for (date, accepted) in [
        ("2026-10-31", false),
        ("2026-11-01", true),
        ("2026-11-30", true),
        ("2026-12-01", false),
    ] {
        let all = findings(&m, day(date));
        let sod: Vec<_> = all
            .iter()
            .filter(|f| f.code == FindingCode::SodConflict)
            .collect();
        assert_eq!(
            sod.len(),
            1,
            "the conflict is listed on {date}, accepted or not"
        );
        assert_eq!(
            sod[0]
                .accepted
                .as_ref()
                .map(|a| (a.exception.as_str(), a.until)),
            accepted.then(|| ("x1", day("2026-11-30"))),
            "accepted by x1 only while it is in force ({date})"
        );
        assert!(all
            .iter()
            .all(|f| f.code != FindingCode::ExceptionApproverInvalid));
    }
    // An accepted finding names its exception in JSON; an open one has no such field.
    let json = serde_json::to_value(findings(&m, day(AT))).unwrap();
    assert_eq!(json[0]["accepted"]["exception"], "x1");
    let json = serde_json::to_value(findings(&m, day("2026-12-01"))).unwrap();
    assert!(json[0].get("accepted").is_none(), "{json}");
}

#[test]
fn an_exception_accepts_only_the_findings_of_its_rule_and_person() {
    let mut m = clean();
    upsert(&mut m, Entity::Assignment(assignment("a5", "ann", "ops")));
    upsert(&mut m, Entity::Assignment(assignment("a6", "cy", "maker")));
    upsert(&mut m, Entity::Assignment(assignment("a7", "cy", "ops")));
    upsert(&mut m, covering_exception("bob", None));
    let sod: Vec<_> = findings(&m, day(AT))
        .into_iter()
        .filter(|f| f.code == FindingCode::SodConflict)
        .map(|f| (f.entities[0].key.clone(), f.accepted.is_some()))
        .collect();
    assert_eq!(sod, vec![("ann".into(), true), ("cy".into(), false)]);
}

/// A grant finding names a role, not a person: an exception waiving the grant for a person
/// accepts it only while everyone holding the role on the date has one (the one ending
/// first is named), never for a role nobody or somebody else holds.
#[test]
fn exceptions_waiving_a_roles_grant_accept_its_finding_when_every_holder_has_one() {
    let mut m = maker_deploys_to_production_with_approval();
    let waiver = |id: &str, person: &str, end: &str| {
        Entity::Exception(Exception {
            id: id.into(),
            waives: Waiver::Grant("maker|deploy-prod|*".into()),
            person: person.into(),
            justification: "Release weekend".into(),
            approver: "bob".into(),
            start: day("2026-11-01"),
            end: day(end),
            review: None,
        })
    };
    let accepted = |m: &Model, date: &str| {
        let all = findings(m, day(date));
        let mut of_grant = all
            .into_iter()
            .filter(|f| f.code == FindingCode::CitizenDeveloperDeploysToProduction);
        let f = of_grant
            .next()
            .expect("the grant is a finding, accepted or not");
        assert!(of_grant.next().is_none());
        f.accepted.map(|a| (a.exception, a.until))
    };
    // Ann is the only maker.
    upsert(&mut m, waiver("x-ann", "ann", "2026-12-15"));
    assert_eq!(
        accepted(&m, AT),
        Some(("x-ann".to_string(), day("2026-12-15")))
    );
    assert_eq!(accepted(&m, "2026-12-16"), None, "expired: open again");
    // Cy becomes a maker too: open until Cy has an exception as well.
    upsert(&mut m, Entity::Assignment(assignment("a6", "cy", "maker")));
    assert_eq!(accepted(&m, AT), None);
    upsert(&mut m, waiver("x-cy", "cy", "2026-11-30"));
    assert_eq!(
        accepted(&m, AT),
        Some(("x-cy".to_string(), day("2026-11-30"))),
        "named: the exception that ends first"
    );
    // An exception for someone who does not hold the role accepts nothing.
    let mut m = maker_deploys_to_production_with_approval();
    upsert(&mut m, waiver("x-bob", "bob", "2026-12-15"));
    assert_eq!(accepted(&m, AT), None);
}

#[test]
fn an_exception_approved_by_its_beneficiary_or_a_conflicted_person_is_a_finding() {
    let mut m = exception_self_approved_past_review();
    let f = only(&m, FindingCode::ExceptionApproverInvalid);
    assert_eq!(
        f.message,
        "The exception x1 for Ann stands on an approval that does not count: Ann is the person the exception is for: nobody approves their own exception."
    );
    assert_eq!(f.severity, Severity::High);
    // Bob holds one side of the rule (Operator deploys to production), Ann both.
    upsert(&mut m, covering_exception("bob", None));
    let f = only(&m, FindingCode::ExceptionApproverInvalid);
    assert!(
        f.message
            .contains("Bob is in SoD conflict with Ann under the rule \"Build vs deploy\""),
        "{}",
        f.message
    );
    // Cy holds neither side.
    upsert(&mut m, covering_exception("cy", None));
    assert!(!codes(&m, AT).contains(&FindingCode::ExceptionApproverInvalid));
}

#[test]
fn an_exception_past_its_review_date_is_due_for_review() {
    let mut m = clean();
    upsert(&mut m, Entity::Assignment(assignment("a5", "ann", "ops")));
    upsert(&mut m, covering_exception("cy", Some("2026-11-15")));
    assert!(!codes(&m, "2026-11-15").contains(&FindingCode::ExceptionReviewDue));
    let f = only(&m, FindingCode::ExceptionReviewDue);
    assert_eq!(
        f.message,
        "The exception x1 for Ann was due for review on 2026-11-15 and is still in force until 2026-11-30."
    );
    // Once it expires it is no longer reviewed; the conflict is open again instead.
    assert!(!codes(&m, "2026-12-01").contains(&FindingCode::ExceptionReviewDue));
}

#[test]
fn assets_without_owner_and_sensitive_data_without_steward() {
    let f = only(&app_without_owner(), FindingCode::AssetWithoutOwner);
    assert_eq!(f.message, "Nobody owns the app \"Claims\".");
    assert_eq!(f.severity, Severity::Medium);

    let m = ledger_steward_made_owner();
    let f = only(&m, FindingCode::DataSetWithoutSteward);
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
    assert!(!codes(&m2, AT).contains(&FindingCode::DataSetWithoutSteward));
}

#[test]
fn a_gate_nobody_can_approve_and_one_the_requester_would_block() {
    let mut m = clean();
    // Bob's temporary approver role ends; Cy stays: one approver is still enough.
    let later = "2027-01-15";
    assert!(!codes(&m, later).contains(&FindingCode::GateUnsatisfiable));
    // Remove Cy: nobody approves in January.
    without_cy_as_approver(&mut m);
    let all = findings(&m, day(later));
    let f = all
        .iter()
        .find(|f| f.code == FindingCode::GateUnsatisfiable)
        .expect("unsatisfiable");
    assert_eq!(f.severity, Severity::Critical);
    assert!(
        f.message
            .contains("needs 1 approval(s) from Approver, but nobody hold"),
        "{}",
        f.message
    );

    // Only Bob can approve, and Bob could request: excluding the requester blocks it.
    let f = only(
        &only_bob_approves_and_may_request(),
        FindingCode::GateUnsatisfiable,
    );
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
    approvers_may_request(&mut m);
    assert!(
        !codes(&m, AT).contains(&FindingCode::SelfApprovalPath),
        "no-self-approval is on"
    );
    let f = only(
        &approvers_may_request_and_approve_their_own(),
        FindingCode::SelfApprovalPath,
    );
    assert_eq!(
        f.message,
        "At the gate \"To production\", Bob and Cy could both request a change and approve it."
    );
}

#[test]
fn any_one_of_a_list_at_production_for_sensitive_assets() {
    let mut m = any_one_of_two_roles_approves_production();
    let f = only(&m, FindingCode::WeakProductionQuorum);
    assert!(f.entities.contains(&EntityRef {
        kind: EntityKind::Asset,
        key: "ledger".into()
    }));
    // Two approvals from the list, or a condition no sensitive asset meets: no finding.
    for (count, condition) in [(2, Condition::Always), (1, Condition::UserFacing)] {
        set_first_requirement(
            &mut m,
            Requirement::Approval {
                roles: vec!["approver".into(), "ops".into()],
                count,
                condition: condition.clone(),
                all: false,
                name: None,
            },
        );
        assert!(
            !codes(&m, AT).contains(&FindingCode::WeakProductionQuorum),
            "{count} of the list, {condition:?}"
        );
    }
}

#[test]
fn citizen_developers_may_not_deploy_to_production() {
    let f = only(
        &maker_deploys_to_production_with_approval(),
        FindingCode::CitizenDeveloperDeploysToProduction,
    );
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
    let f = findings(&m, day(AFTER_BOBS_TEMPORARY_ACCESS))
        .into_iter()
        .find(|f| f.code == FindingCode::ExpiredAccess)
        .expect("expired");
    assert_eq!(
        f.message,
        "Bob's temporary access as Approver ended on 2026-12-31 but is still recorded."
    );
    assert!(
        !codes(&m, "2026-12-31").contains(&FindingCode::ExpiredAccess),
        "the last day still counts"
    );
}

#[test]
fn roles_without_members_and_people_without_roles() {
    let m = with_idle_role_and_dee_without_role();
    assert_eq!(
        only(&m, FindingCode::RoleWithoutMembers).message,
        "Nobody holds the role Idle."
    );
    assert_eq!(
        only(&m, FindingCode::PersonWithoutRole).message,
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
        let f = only(&crm_vetting(vetting), FindingCode::UnvettedDependency);
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
    let mut m = app_without_use_approvals();
    let Some(Entity::Asset(mut app)) = m.get(EntityKind::Asset, "app") else {
        panic!()
    };
    let messages: BTreeSet<String> = findings(&m, day(AT))
        .into_iter()
        .filter(|f| f.code == FindingCode::UnapprovedUse)
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
        only(&m, FindingCode::UnapprovedUse).entities[1],
        EntityRef {
            kind: EntityKind::Asset,
            key: "ledger".into()
        }
    );
}

#[test]
fn escalation_steps_nobody_holds() {
    let m = escalation_to_a_role_nobody_holds();
    assert_eq!(
        only(&m, FindingCode::EscalationStepUnstaffed).message,
        "Step 2 of the incident escalation path \"Incidents\" goes to Idle (target 4 hours, around the clock): nobody has ever been assigned Idle."
    );
}

// The models the tests above are about: each is the clean model with one thing wrong.

fn ann_also_operator_in_november() -> Model {
    let mut m = clean();
    upsert(
        &mut m,
        Entity::Assignment(Assignment {
            valid_from: Some(day("2026-11-01")),
            valid_until: Some(day("2026-11-30")),
            ..assignment("a5", "ann", "ops")
        }),
    );
    m
}

fn app_without_owner() -> Model {
    let mut m = clean();
    delete(&mut m, EntityKind::Ownership, "app|app_owner|ann");
    m
}

/// The ledger's steward becomes a mere owner: the use approval no longer counts either.
fn ledger_steward_made_owner() -> Model {
    let mut m = clean();
    delete(&mut m, EntityKind::Ownership, "ledger|data_steward|cy");
    upsert(
        &mut m,
        Entity::Ownership(Ownership {
            asset: "ledger".into(),
            person: "cy".into(),
            kind: OwnershipKind::AppOwner,
        }),
    );
    m
}

fn without_cy_as_approver(m: &mut Model) {
    delete(m, EntityKind::Assignment, "a3");
}

fn only_bob_approves_and_may_request() -> Model {
    let mut m = clean();
    without_cy_as_approver(&mut m);
    grant(&mut m, "ops", "request", Effect::Allow);
    m
}

fn approvers_may_request(m: &mut Model) {
    grant(m, "approver", "request", Effect::Allow);
}

fn approvers_may_request_and_approve_their_own() -> Model {
    let mut m = clean();
    approvers_may_request(&mut m);
    edit_gate(&mut m, |gate| {
        gate.requirements
            .retain(|r| r != &Requirement::NoSelfApproval)
    });
    m
}

fn any_one_of_two_roles_approves_production() -> Model {
    let mut m = clean();
    set_first_requirement(
        &mut m,
        Requirement::Approval {
            roles: vec!["approver".into(), "ops".into()],
            count: 1,
            condition: Condition::Always,
            all: false,
            name: None,
        },
    );
    m
}

fn maker_deploys_to_production_with_approval() -> Model {
    let mut m = clean();
    grant(&mut m, "maker", "deploy-prod", Effect::Approval);
    m
}

/// Bob's temporary approver assignment in the clean model ends on 2026-12-31.
const AFTER_BOBS_TEMPORARY_ACCESS: &str = "2027-01-05";

fn idle_role() -> Entity {
    Entity::Role(Role {
        id: "idle".into(),
        name: "Idle".into(),
        description: String::new(),
        kind: RoleKind::Other,
    })
}

fn with_idle_role_and_dee_without_role() -> Model {
    let mut m = clean();
    upsert(&mut m, idle_role());
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
    m
}

fn crm_vetting(vetting: Option<Vetting>) -> Model {
    let mut m = clean();
    let Some(Entity::Asset(mut crm)) = m.get(EntityKind::Asset, "crm") else {
        panic!()
    };
    crm.vetting = vetting;
    upsert(&mut m, Entity::Asset(crm));
    m
}

fn app_without_use_approvals() -> Model {
    let mut m = clean();
    let Some(Entity::Asset(mut app)) = m.get(EntityKind::Asset, "app") else {
        panic!()
    };
    app.use_approvals.clear();
    upsert(&mut m, Entity::Asset(app));
    m
}

fn escalation_to_a_role_nobody_holds() -> Model {
    let mut m = clean();
    let Some(Entity::EscalationPath(mut path)) = m.get(EntityKind::EscalationPath, "e") else {
        panic!()
    };
    path.steps.push(EscalationStep {
        role: "idle".into(),
        response_hours: 4,
    });
    upsert(&mut m, idle_role());
    upsert(&mut m, Entity::EscalationPath(path));
    m
}

/// Every model above with the date it is analysed on.
fn examples() -> Vec<(&'static str, Model, &'static str)> {
    let mut nobody_approves_in_january = clean();
    without_cy_as_approver(&mut nobody_approves_in_january);
    vec![
        (
            "ann_also_operator_in_november",
            ann_also_operator_in_november(),
            AT,
        ),
        ("app_without_owner", app_without_owner(), AT),
        ("ledger_steward_made_owner", ledger_steward_made_owner(), AT),
        (
            "nobody_approves_in_january",
            nobody_approves_in_january,
            "2027-01-15",
        ),
        (
            "only_bob_approves_and_may_request",
            only_bob_approves_and_may_request(),
            AT,
        ),
        (
            "approvers_may_request_and_approve_their_own",
            approvers_may_request_and_approve_their_own(),
            AT,
        ),
        (
            "any_one_of_two_roles_approves_production",
            any_one_of_two_roles_approves_production(),
            AT,
        ),
        (
            "maker_deploys_to_production_with_approval",
            maker_deploys_to_production_with_approval(),
            AT,
        ),
        (
            "clean, after Bob's temporary access",
            clean(),
            AFTER_BOBS_TEMPORARY_ACCESS,
        ),
        (
            "with_idle_role_and_dee_without_role",
            with_idle_role_and_dee_without_role(),
            AT,
        ),
        (
            "crm_vetting(pending)",
            crm_vetting(Some(Vetting::Pending)),
            AT,
        ),
        ("app_without_use_approvals", app_without_use_approvals(), AT),
        (
            "escalation_to_a_role_nobody_holds",
            escalation_to_a_role_nobody_holds(),
            AT,
        ),
        ("approver_in_sod_conflict", approver_in_sod_conflict(), AT),
        (
            "exception_self_approved_past_review",
            exception_self_approved_past_review(),
            AT,
        ),
        ("a_raci_chart_with_gaps", a_raci_chart_with_gaps(), AT),
        (
            "a_review_of_ann_by_ann_overdue",
            a_review_of_ann_by_ann_overdue(),
            AT,
        ),
    ]
}

/// An open access review of the makers, named reviewer Ann, due before `AT`: Ann's own
/// assignment has nobody to review it.
fn a_review_of_ann_by_ann_overdue() -> Model {
    let mut m = clean();
    let review = serde_json::from_value(serde_json::json!({
        "id": "q4", "name": "Q4 review", "reviewer": "ann", "roles": ["maker"],
        "due": "2026-11-20", "status": "open", "started": "2026-11-01T09:00:00Z",
        "items": [{"assignment": "a1", "person": "ann", "role": "maker", "reviewers": []}],
        "decisions": []
    }))
    .unwrap();
    upsert(&mut m, Entity::AccessReview(review));
    m
}

#[test]
fn an_overdue_review_and_an_item_nobody_may_review() {
    let found: Vec<(FindingCode, String)> = findings(&a_review_of_ann_by_ann_overdue(), day(AT))
        .into_iter()
        .filter(|f| f.code.as_str().starts_with("review_"))
        .map(|f| (f.code, f.message))
        .collect();
    assert_eq!(
        found,
        [
            (
                FindingCode::ReviewItemUnreviewable,
                "Nobody may review Ann's assignment to Maker in Q4 review: the only reviewer would be Ann themselves.".to_string()
            ),
            (
                FindingCode::ReviewOverdue,
                "The access review Q4 review was due on 2026-11-20 and has 0 of 1 item(s) decided.".to_string()
            ),
        ]
    );
}

fn exception_self_approved_past_review() -> Model {
    let mut m = clean();
    upsert(&mut m, Entity::Assignment(assignment("a5", "ann", "ops")));
    upsert(&mut m, covering_exception("ann", Some("2026-11-15")));
    m
}

/// A RACI chart over the clean model: "Publish app" has no A, "Retire app" two, and the
/// chart names two teams nobody is given as roles.
fn a_raci_chart_with_gaps() -> Model {
    use gatehouse_core::{Responsibility, Role, RoleKind};
    let mut m = clean();
    for (id, name) in [("cab", "Change board"), ("sec", "Security team")] {
        m.roles.push(Role {
            id: id.into(),
            name: name.into(),
            description: String::new(),
            kind: RoleKind::Other,
        });
    }
    let entry = |role: &str, activity: &str, letters: &str| Responsibility {
        role: role.into(),
        activity: activity.into(),
        letters: letters.into(),
    };
    m.responsibilities = vec![
        entry("maker", "Create app", "AR"),
        entry("maker", "Publish app", "R"),
        entry("cab", "Publish app", "C"),
        entry("approver", "Retire app", "A"),
        entry("sec", "Retire app", "A"),
    ];
    m.roles.sort_by(|a, b| a.id.cmp(&b.id));
    m
}

#[test]
fn raci_gaps_are_findings_and_chart_only_roles_one_finding_together() {
    let m = a_raci_chart_with_gaps();
    let none = only(&m, FindingCode::ActivityWithoutAccountable);
    assert_eq!(
        none.message,
        "No role is accountable (A) for the activity \"Publish app\" (the chart names Change board, Maker)."
    );
    let several = only(&m, FindingCode::ActivitySeveralAccountable);
    assert_eq!(
        several.message,
        "2 roles are accountable (A) for the activity \"Retire app\": Approver, Security team; there should be one."
    );
    let idle = only(&m, FindingCode::RoleWithoutMembers);
    assert_eq!(
        idle.message,
        "Nobody holds the 2 roles that only a RACI chart names: Change board, Security team.",
        "one finding for the chart's columns, not one each"
    );
    assert_eq!(idle.entities.len(), 2);
}

/// Two approvals needed from the approvers Bob and Cy; Cy also requests changes, which a
/// rule keeps apart from approving.
fn approver_in_sod_conflict() -> Model {
    let mut m = clean();
    edit_gate(&mut m, |gate| {
        if let Requirement::Approval { count, .. } = &mut gate.requirements[0] {
            *count = 2;
        }
    });
    upsert(
        &mut m,
        Entity::SodRule(SodRule {
            id: "r2".into(),
            name: "Request vs approve".into(),
            description: String::new(),
            left: SodTarget::Capability("request".into()),
            right: SodTarget::Capability("approve".into()),
            severity: Severity::High,
            mitigation: None,
        }),
    );
    upsert(&mut m, Entity::Assignment(assignment("a5", "cy", "maker")));
    m
}

#[test]
fn a_quorum_thinned_by_sod_conflicts_is_unreachable() {
    let f = only(&approver_in_sod_conflict(), FindingCode::QuorumUnreachable);
    assert_eq!(
        f.message,
        "The gate \"To production\" needs 2 approval(s) from Approver (Approval, for every change), but once people in SoD conflict are excluded only Bob remain(s)."
    );
    assert!(f.entities.contains(&EntityRef {
        kind: EntityKind::SodRule,
        key: "r2".into()
    }));
    // An exception waiving the rule for Cy lets Cy approve: the quorum is reachable again.
    let mut m = approver_in_sod_conflict();
    upsert(
        &mut m,
        Entity::Exception(Exception {
            id: "x".into(),
            waives: Waiver::SodRule("r2".into()),
            person: "cy".into(),
            justification: "Small team".into(),
            approver: "bob".into(),
            start: day("2026-01-01"),
            end: day("2026-12-31"),
            review: None,
        }),
    );
    assert!(!codes(&m, AT).contains(&FindingCode::QuorumUnreachable));
}

#[test]
fn an_ownership_approval_without_an_eligible_owner_is_unreachable_for_that_asset() {
    // The data steward of the ledger Claims uses is Cy; Cy also requests changes.
    let mut m = approver_in_sod_conflict();
    set_first_requirement(
        &mut m,
        Requirement::OwnerApproval {
            owner: OwnershipKind::DataSteward,
            count: 1,
            condition: Condition::DataSensitivityAtLeast(Classification::Confidential),
            all: false,
            name: Some("Data steward approval".into()),
        },
    );
    // One finding for changes of the app, one for changes of the ledger itself.
    let found: Vec<Finding> = findings(&m, day(AT))
        .into_iter()
        .filter(|f| f.code == FindingCode::QuorumUnreachable)
        .collect();
    assert_eq!(found.len(), 2, "{found:#?}");
    let f = found
        .iter()
        .find(|f| f.entities[1].key == "app")
        .expect("a finding about the app");
    assert_eq!(
        f.entities,
        [
            EntityRef {
                kind: EntityKind::Gate,
                key: "g".into()
            },
            EntityRef {
                kind: EntityKind::Asset,
                key: "app".into()
            },
            EntityRef {
                kind: EntityKind::Asset,
                key: "ledger".into()
            },
            EntityRef {
                kind: EntityKind::SodRule,
                key: "r2".into()
            },
        ],
        "the gate, the app, the data set and the rule that excludes its steward"
    );
    assert!(
        f.message
            .contains("the data steward of \"Ledger\" for changes of \"Claims\""),
        "{}",
        f.message
    );
}

#[test]
fn a_quorum_of_all_is_judged_on_whether_anyone_is_eligible() {
    let mut m = clean();
    set_first_requirement(
        &mut m,
        Requirement::Approval {
            roles: vec!["approver".into()],
            count: 5,
            condition: Condition::Always,
            all: true,
            name: None,
        },
    );
    assert_eq!(
        codes(&m, AT),
        Vec::<FindingCode>::new(),
        "count is ignored with all"
    );
}

#[test]
fn every_code_is_produced_by_one_of_the_test_models() {
    // Keeps this file honest when a code is added: some model here must make the analysis
    // report it, so the tests above can pin its message.
    // Drift's codes come from comparing a model with an export, not from the model alone.
    let produced: BTreeSet<FindingCode> = examples()
        .iter()
        .flat_map(|(_, m, at)| codes(m, at))
        .chain(crate::drift::example_codes())
        .collect();
    let missing: Vec<&str> = FindingCode::ALL
        .iter()
        .filter(|c| !produced.contains(c))
        .map(|c| c.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "no test model produces {missing:?}; add a model with that problem to examples()"
    );
}

#[test]
fn every_code_with_its_meaning() {
    // The list of codes a consumer of `gatehouse check --json` may see; a new code must be
    // added here with its meaning (and to the TypeScript union, by regenerating bindings).
    let listed: Vec<(&str, &str)> = FindingCode::ALL
        .iter()
        .map(|c| (c.as_str(), c.meaning()))
        .collect();
    assert_eq!(
        listed,
        [
            ("sod_conflict", "a person holds two roles or capabilities that an SoD rule keeps apart"),
            ("asset_without_owner", "an asset has no app owner"),
            ("data_set_without_steward", "a data set has no data steward"),
            ("gate_unsatisfiable", "a gate needs more approvals than the people holding its roles can give"),
            ("self_approval_path", "at a gate that allows self-approval, someone could request a change and approve it"),
            ("weak_production_quorum", "a production gate accepts any one of several roles' approval for sensitive assets"),
            ("citizen_developer_deploys_to_production", "a citizen-developer role may deploy or publish to production"),
            ("expired_access", "a temporary assignment has ended but is still recorded"),
            ("role_without_members", "nobody holds the role on the date"),
            ("person_without_role", "a person holds no role on the date"),
            ("unvetted_dependency", "an app uses a connector or component that is not vetted (pending, retired or unknown)"),
            ("unapproved_use", "an app uses a confidential data set or a connector without its owner's approval"),
            ("escalation_step_unstaffed", "a step of an escalation path has nobody validly assigned to its role on the date, or only temporary access"),
            ("quorum_unreachable", "a gate's approval quorum cannot be reached once the requester and people in SoD conflict are excluded"),
            ("exception_approver_invalid", "an exception in force was approved by its beneficiary or by someone in SoD conflict with them"),
            ("exception_review_due", "an exception in force has passed its review date"),
            ("activity_without_accountable", "no role is accountable (A) for an activity of a RACI chart"),
            ("activity_several_accountable", "several roles are accountable (A) for one activity of a RACI chart"),
            ("drift_unauthorised", "an actual access export shows an assignment that the model does not give"),
            ("drift_missing", "an assignment of the model valid on the date is not in the actual access export"),
            ("drift_expired_present", "an actual access export shows an assignment that the model has outside its validity window"),
            ("drift_unmatched", "a row of an actual access export names a person, role or environment the model does not have"),
            ("review_overdue", "an access review campaign is past its due date and not closed"),
            ("review_item_unreviewable", "an item of an open access review has no reviewer but the person whose access it is"),
        ]
    );
    for c in FindingCode::ALL {
        let json = serde_json::to_string(c).unwrap();
        assert_eq!(
            json,
            format!("\"{c}\""),
            "serialised as its snake_case text"
        );
        let back: FindingCode = serde_json::from_str(&json).unwrap();
        assert_eq!(back, *c, "reads back");
    }
}

/// Brute force: for every person, rule and pair of that person's valid assignments, the
/// conflicts open (or, with `waived`, those an exception in force accepts).
fn reference_sod(m: &Model, at: NaiveDate, waived: bool) -> BTreeSet<(String, String)> {
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
            let excepted = m.exceptions.iter().any(|e| {
                e.person == p.id
                    && e.waives == Waiver::SodRule(rule.id.clone())
                    && e.start <= at
                    && at <= e.end
            });
            if conflict && excepted == waived {
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

        let sod: BTreeSet<_> = all.iter().filter(|f| f.code == FindingCode::SodConflict && f.is_open())
            .map(|f| (key(f, EntityKind::Person), key(f, EntityKind::SodRule))).collect();
        prop_assert_eq!(sod, reference_sod(&model, at, false));
        let accepted: BTreeSet<_> = all.iter().filter(|f| f.code == FindingCode::SodConflict && !f.is_open())
            .map(|f| (key(f, EntityKind::Person), key(f, EntityKind::SodRule))).collect();
        prop_assert_eq!(accepted, reference_sod(&model, at, true));

        let empty_roles: BTreeSet<_> = all.iter().filter(|f| f.code == FindingCode::RoleWithoutMembers).map(|f| key(f, EntityKind::Role)).collect();
        let expected: BTreeSet<_> = model.roles.iter().filter(|r| reference_members(&model, at, &r.id).is_empty()).map(|r| r.id.clone()).collect();
        prop_assert_eq!(empty_roles, expected);

        let idle: BTreeSet<_> = all.iter().filter(|f| f.code == FindingCode::PersonWithoutRole).map(|f| key(f, EntityKind::Person)).collect();
        let expected: BTreeSet<_> = model.people.iter()
            .filter(|p| !model.assignments.iter().any(|a| a.person == p.id && is_valid_on(a, at)))
            .map(|p| p.id.clone()).collect();
        prop_assert_eq!(idle, expected);

        let expired: BTreeSet<_> = all.iter().filter(|f| f.code == FindingCode::ExpiredAccess).map(|f| key(f, EntityKind::Assignment)).collect();
        let expected: BTreeSet<_> = model.assignments.iter().filter(|a| a.valid_until.is_some_and(|u| u < at)).map(|a| a.id.clone()).collect();
        prop_assert_eq!(expired, expected);

        // A gate requirement nobody (or too few) can meet, by counting eligible people directly.
        let short: BTreeSet<_> = all.iter().filter(|f| f.code == FindingCode::GateUnsatisfiable && f.severity == Severity::Critical)
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
