//! Each requirement kind allowing and blocking on a small model; exclusions; time.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::*;

/// Ann builds (citizen developer, may request); Cy approves; Dee stewards the ledger.
fn base() -> Value {
    json!({
      "meta": {"name": "Sim"},
      "people": [{"id": "ann", "name": "Ann", "kind": "citizen_developer"},
                 {"id": "cy", "name": "Cy", "kind": "it"},
                 {"id": "dee", "name": "Dee", "kind": "business"}],
      "roles": [{"id": "maker", "name": "Maker", "kind": "citizen_developer"},
                {"id": "approver", "name": "Approver", "kind": "approver"},
                {"id": "admin", "name": "Admin", "kind": "it_administrator"}],
      "capabilities": [{"id": "request", "name": "Request change", "action": "request_change"},
                       {"id": "approve", "name": "Approve change", "action": "approve_change"},
                       {"id": "roles", "name": "Manage roles", "action": "manage_roles"}],
      "environments": [{"id": "dev", "name": "Development", "kind": "development", "order": 1},
                       {"id": "test", "name": "Test", "kind": "test", "order": 2},
                       {"id": "prod", "name": "Production", "kind": "production", "order": 3}],
      "grants": [{"role": "maker", "capability": "request", "effect": "allow"},
                 {"role": "approver", "capability": "approve", "effect": "allow"},
                 {"role": "admin", "capability": "roles", "effect": "allow"}],
      "assignments": [{"id": "a1", "person": "ann", "role": "maker"},
                      {"id": "a2", "person": "cy", "role": "approver"}],
      "assets": [{"id": "app", "name": "Claims", "kind": "app", "classification": "internal",
                  "criticality": "medium", "user_facing": true, "uses": ["ledger"]},
                 {"id": "ledger", "name": "Ledger", "kind": "data_set", "classification": "confidential",
                  "criticality": "high"}],
      "ownerships": [{"asset": "ledger", "person": "dee", "kind": "data_steward"}],
      "sod_rules": [{"id": "r-admin", "name": "Admin vs approver", "left": {"kind": "capability", "id": "roles"},
                     "right": {"kind": "capability", "id": "approve"}, "severity": "high"}],
      "gates": [{"id": "g1", "name": "Dev to test", "from": "dev", "to": "test", "requirements": []},
                {"id": "g2", "name": "Test to prod", "from": "test", "to": "prod",
                 "requirements": [{"type": "approval", "name": "IT sign-off", "roles": ["approver"], "count": 1,
                                   "condition": {"when": "always"}},
                                  {"type": "no_self_approval"}]}]
    })
}

fn model(v: &Value) -> Model {
    Model::from_json(&v.to_string()).expect("test model is valid")
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn run(m: &Model, requester: &str, to: &str, moment: &str) -> Simulation {
    simulate(
        m,
        &SimulationRequest {
            requester: requester.into(),
            asset: "app".into(),
            from: None,
            to: to.into(),
            attributes: vec![],
            at: at(moment),
        },
    )
    .unwrap()
}

fn gate<'s>(s: &'s Simulation, id: &str) -> &'s GateStep {
    s.gates.iter().find(|g| g.gate == id).expect("gate walked")
}

const NOW: &str = "2026-12-01T10:00:00Z";

#[test]
fn a_gate_without_requirements_allows_now() {
    let s = run(&model(&base()), "ann", "test", NOW);
    assert_eq!(s.verdict, Verdict::Allowed, "{:#?}", s.sentences);
    assert_eq!(s.earliest, Some(at(NOW)));
}

#[test]
fn role_approval_needs_the_eligible_approver_and_blocks_without_one() {
    let m = model(&base());
    let s = run(&m, "ann", "prod", NOW);
    assert_eq!(s.verdict, Verdict::NeedsApprovals);
    let step = &gate(&s, "g2").requirements[0];
    assert_eq!(step.outcome, Outcome::NeedsApprovals);
    assert_eq!(step.groups[0].eligible, ["cy"]);
    assert!(
        step.sentence.contains("IT sign-off") && step.sentence.contains("Cy"),
        "{}",
        step.sentence
    );

    let mut v = base();
    v["assignments"] = json!([{"id": "a1", "person": "ann", "role": "maker"}]);
    let s = run(&model(&v), "ann", "prod", NOW);
    assert_eq!(s.verdict, Verdict::Blocked);
    assert_eq!(s.earliest, None, "a blocked request has no earliest time");
    let text = &gate(&s, "g2").requirements[0].sentence;
    assert!(text.contains("no eligible Approver"), "{text}");
}

#[test]
fn walks_every_gate_from_development_to_production() {
    let s = run(&model(&base()), "ann", "prod", NOW);
    let walked: Vec<&str> = s.gates.iter().map(|g| g.gate.as_str()).collect();
    assert_eq!(
        s.request.from.as_deref(),
        Some("test"),
        "default: the stage before"
    );
    assert_eq!(walked, ["g2"]);
    let mut r = s.request.clone();
    r.from = Some("dev".into());
    let s = simulate(&model(&base()), &r).unwrap();
    let walked: Vec<&str> = s.gates.iter().map(|g| g.gate.as_str()).collect();
    assert_eq!(walked, ["g1", "g2"]);
}

#[test]
fn the_requester_cannot_approve_their_own_change() {
    let mut v = base();
    v["assignments"] = json!([{"id": "a1", "person": "ann", "role": "maker"},
                              {"id": "a2", "person": "ann", "role": "approver"}]);
    let s = run(&model(&v), "ann", "prod", NOW);
    let group = &gate(&s, "g2").requirements[0].groups[0];
    assert!(group.eligible.is_empty());
    assert_eq!(group.excluded[0].reason, Exclusion::Requester);
    assert_eq!(s.verdict, Verdict::Blocked);
}

#[test]
fn an_approver_in_sod_conflict_is_excluded_unless_an_exception_is_in_force() {
    let mut v = base();
    v["assignments"] = json!([{"id": "a1", "person": "ann", "role": "maker"},
                              {"id": "a2", "person": "cy", "role": "approver"},
                              {"id": "a3", "person": "cy", "role": "admin"}]);
    let s = run(&model(&v), "ann", "prod", NOW);
    let group = &gate(&s, "g2").requirements[0].groups[0];
    assert_eq!(group.excluded[0].reason, Exclusion::SodConflict);
    assert_eq!(group.excluded[0].rule.as_deref(), Some("r-admin"));
    assert_eq!(s.verdict, Verdict::Blocked);

    v["exceptions"] = json!([{"id": "x1", "waives": {"kind": "sod_rule", "id": "r-admin"}, "person": "cy",
        "justification": "Covering", "approver": "dee", "start": "2026-11-01", "end": "2026-12-15"}]);
    let s = run(&model(&v), "ann", "prod", NOW);
    assert_eq!(gate(&s, "g2").requirements[0].groups[0].eligible, ["cy"]);
    // After the exception ends, the conflict is back.
    let s = run(&model(&v), "ann", "prod", "2026-12-16T10:00:00Z");
    assert_eq!(s.verdict, Verdict::Blocked);
}

#[test]
fn validity_windows_and_environment_scope_count_at_the_moment() {
    let mut v = base();
    v["assignments"] = json!([{"id": "a1", "person": "ann", "role": "maker"},
        {"id": "a2", "person": "cy", "role": "approver", "valid_from": "2026-12-10"},
        {"id": "a3", "person": "dee", "role": "approver", "environment": "test"}]);
    let m = model(&v);
    let s = run(&m, "ann", "prod", NOW);
    let group = &gate(&s, "g2").requirements[0].groups[0];
    let reasons: Vec<(&str, Exclusion)> = group
        .excluded
        .iter()
        .map(|x| (x.person.as_str(), x.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            ("cy", Exclusion::OutsideValidity),
            ("dee", Exclusion::OtherEnvironment)
        ]
    );
    let s = run(&m, "ann", "prod", "2026-12-10T10:00:00Z");
    assert_eq!(
        s.verdict,
        Verdict::NeedsApprovals,
        "Cy's assignment has started"
    );
}

#[test]
fn a_gate_exception_waives_its_approvals_for_the_requester() {
    let mut v = base();
    v["assignments"] = json!([{"id": "a1", "person": "ann", "role": "maker"}]);
    v["exceptions"] = json!([{"id": "x1", "waives": {"kind": "gate", "id": "g2"}, "person": "ann",
        "justification": "Emergency fix", "approver": "cy", "start": "2026-12-01", "end": "2026-12-01"}]);
    let s = run(&model(&v), "ann", "prod", NOW);
    assert_eq!(s.verdict, Verdict::Allowed);
    assert_eq!(gate(&s, "g2").waived_by.as_deref(), Some("x1"));
}

fn with_requirements(requirements: Value) -> Value {
    let mut v = base();
    v["gates"][1]["requirements"] = requirements;
    v
}

#[test]
fn ownership_approval_asks_the_data_steward_and_blocks_when_the_steward_is_the_requester() {
    let v = with_requirements(json!([
        {"type": "owner_approval", "owner": "data_steward", "count": 1,
         "condition": {"when": "data_sensitivity_at_least", "value": "confidential"}},
        {"type": "no_self_approval"}]));
    let s = run(&model(&v), "ann", "prod", NOW);
    let step = &gate(&s, "g2").requirements[0];
    assert!(
        step.applies,
        "the ledger it uses is confidential: {}",
        step.why
    );
    assert_eq!(step.groups[0].eligible, ["dee"]);
    assert_eq!(s.verdict, Verdict::NeedsApprovals);

    let mut v = v;
    v["assignments"] = json!([{"id": "a1", "person": "dee", "role": "maker"}]);
    let s = run(&model(&v), "dee", "prod", NOW);
    let step = &gate(&s, "g2").requirements[0];
    assert_eq!(step.outcome, Outcome::Blocked);
    assert!(
        step.sentence
            .contains("no eligible data steward of \"Ledger\": the only one is the requester, Dee"),
        "{}",
        step.sentence
    );
}

#[test]
fn conditions_on_tier_and_attributes_combine() {
    let mut v = with_requirements(json!([
        {"type": "approval", "name": "Security review", "roles": ["approver"], "count": 1,
         "condition": {"when": "all_of", "value": [
            {"when": "tier_at_least", "value": "high"},
            {"when": "any_of", "value": [{"when": "attribute", "value": "touches_integration"},
                                         {"when": "attribute", "value": "new_asset"}]}]}}]));
    v["risk_tiers"] = json!([
        {"id": "low", "name": "Low", "rank": 1, "when": {"when": "always"}},
        {"id": "high", "name": "High", "rank": 3, "when": {"when": "data_sensitivity_at_least", "value": "confidential"}}]);
    let m = model(&v);
    let mut r = run(&m, "ann", "prod", NOW).request;
    let s = simulate(&m, &r).unwrap();
    assert_eq!(s.tier.as_ref().map(|t| t.tier.as_str()), Some("high"));
    assert_eq!(
        s.verdict,
        Verdict::Allowed,
        "no integration, not new: {:#?}",
        s.sentences
    );
    r.attributes = vec![ChangeAttribute::TouchesIntegration];
    let s = simulate(&m, &r).unwrap();
    assert_eq!(s.verdict, Verdict::NeedsApprovals);
}

fn calendar_model(offset: i32, requirements: Value) -> Model {
    let mut v = with_requirements(requirements);
    v["calendars"] = json!([{"id": "office", "name": "Office", "working_days": ["mon", "tue", "wed", "thu", "fri"],
        "opens": "09:00:00", "closes": "17:00:00", "utc_offset_minutes": offset, "holidays": ["2026-12-25"]}]);
    v["gates"][1]["calendar"] = json!("office");
    model(&v)
}

#[test]
fn a_wait_timer_runs_on_working_hours_across_a_weekend() {
    // Friday 2026-12-04 15:00; 8 working hours: 2 on Friday, 6 on Monday → Mon 15:00.
    let m = calendar_model(0, json!([{"type": "wait_timer", "hours": 8}]));
    let s = run(&m, "ann", "prod", "2026-12-04T15:00:00Z");
    assert_eq!(s.verdict, Verdict::Waiting);
    assert_eq!(s.earliest, Some(at("2026-12-07T15:00:00Z")));
}

#[test]
fn a_holiday_and_a_freeze_window_move_the_earliest_time() {
    // Thursday 24 December 16:00 + 4 working hours: 1 on Thursday, Friday is a holiday,
    // 3 on Monday 28th → 12:00; the freeze to the 31st moves it to the next opening,
    // Friday 1 January 09:00 (a working day in this calendar).
    let m = calendar_model(
        0,
        json!([{"type": "wait_timer", "hours": 4},
               {"type": "freeze_window", "start": "2026-12-28", "end": "2026-12-31", "reason": "Year end"}]),
    );
    let s = run(&m, "ann", "prod", "2026-12-24T16:00:00Z");
    assert_eq!(
        s.earliest,
        Some(at("2027-01-01T09:00:00Z")),
        "{:#?}",
        s.sentences
    );
    let freeze = &gate(&s, "g2").requirements[1];
    assert_eq!(freeze.outcome, Outcome::Delays);
}

#[test]
fn the_calendar_time_zone_moves_the_day_boundary() {
    // Friday 23:30 UTC is Saturday 09:30 at UTC+10: the gate opens on Monday 09:00 local,
    // Sunday 23:00 UTC; the same moment in a UTC calendar is simply Monday 09:00 UTC.
    let requirements = json!([{"type": "no_self_approval"}]);
    let s = run(
        &calendar_model(600, requirements.clone()),
        "ann",
        "prod",
        "2026-12-04T23:30:00Z",
    );
    assert_eq!(s.earliest, Some(at("2026-12-06T23:00:00Z")));
    let s = run(
        &calendar_model(0, requirements),
        "ann",
        "prod",
        "2026-12-04T23:30:00Z",
    );
    assert_eq!(s.earliest, Some(at("2026-12-07T09:00:00Z")));
}

#[test]
fn every_sentence_of_a_requirement_names_its_rule() {
    let s = run(&model(&base()), "ann", "prod", NOW);
    let rules: Vec<&str> = s
        .sentences
        .iter()
        .filter_map(|x| x.rule.as_ref().map(|r| r.name.as_str()))
        .collect();
    assert_eq!(rules, ["Test to prod", "IT sign-off", "No self-approval"]);
}

#[test]
fn unknown_names_are_errors_naming_the_kind() {
    let m = model(&base());
    let mut r = run(&m, "ann", "prod", NOW).request;
    r.requester = "zed".into();
    assert_eq!(
        simulate(&m, &r).unwrap_err(),
        SimulateError::Unknown {
            kind: EntityKind::Person,
            id: "zed".into()
        }
    );
}

#[test]
fn a_stage_without_a_gate_onwards_blocks_the_path() {
    let mut v = base();
    v["gates"] = json!([v["gates"][1].clone()]);
    let m = model(&v);
    let mut r = run(&m, "ann", "prod", NOW).request;
    r.from = Some("dev".into());
    let s = simulate(&m, &r).unwrap();
    assert_eq!(s.verdict, Verdict::Blocked);
    assert_eq!(s.gates.len(), 1, "the walk stops where no gate leads on");
    assert!(
        s.sentences.iter().any(|x| x
            .text
            .starts_with("No gate leads from Development towards Production")),
        "{:#?}",
        s.sentences
    );
}

#[test]
fn a_quorum_of_all_needs_every_eligible_approver() {
    let mut v = with_requirements(json!([
        {"type": "approval", "roles": ["approver"], "count": 1, "all": true, "condition": {"when": "always"}},
        {"type": "no_self_approval"}]));
    v["assignments"] = json!([{"id": "a1", "person": "ann", "role": "maker"},
                              {"id": "a2", "person": "cy", "role": "approver"},
                              {"id": "a3", "person": "dee", "role": "approver"},
                              {"id": "a4", "person": "ann", "role": "approver"}]);
    let s = run(&model(&v), "ann", "prod", NOW);
    let group = &gate(&s, "g2").requirements[0].groups[0];
    assert_eq!(
        group.eligible,
        ["cy", "dee"],
        "the requester is not among them"
    );
    assert_eq!(group.needed, 2, "all of the eligible");
    assert!(gate(&s, "g2").requirements[0]
        .sentence
        .contains("2 approval(s) from Approver, which Cy and Dee can give"));
}

#[test]
fn an_exception_can_waive_one_requirement_of_a_gate() {
    let mut v = base();
    v["assignments"] = json!([{"id": "a1", "person": "ann", "role": "maker"}]);
    // g2's first requirement is the IT sign-off.
    v["exceptions"] = json!([{"id": "x1", "waives": {"kind": "gate", "id": "g2#1"}, "person": "ann",
        "justification": "Emergency fix", "approver": "cy", "start": "2026-12-01", "end": "2026-12-01"}]);
    let s = run(&model(&v), "ann", "prod", NOW);
    let g = gate(&s, "g2");
    assert_eq!(g.waived_by, None, "not the whole gate");
    assert_eq!(g.requirements[0].outcome, Outcome::Waived);
    assert_eq!(g.requirements[0].waived_by.as_deref(), Some("x1"));
    assert!(
        (g.requirements[1..].iter()).all(|r| r.waived_by.is_none()),
        "the gate's other requirements stand"
    );
    // A position the gate does not have is not a waiver of anything.
    v["exceptions"][0]["waives"]["id"] = json!("g2#9");
    let err = Model::from_json(&v.to_string()).unwrap_err().to_string();
    assert!(err.contains("g2#9"), "{err}");
}
