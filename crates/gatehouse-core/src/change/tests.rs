//! Requests, sign-offs and promotion on a small model with a calendar, a wait timer and a
//! freeze window.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::*;

/// Ann builds; Cy approves; Eve approves but administers roles too (SoD); Bob is business.
/// Test to prod: IT sign-off, no self-approval, 8 working hours of the office calendar
/// after the last approval, frozen from 24 to 31 December.
fn base() -> Value {
    json!({
      "meta": {"name": "Changes"},
      "people": [{"id": "ann", "name": "Ann", "kind": "citizen_developer"},
                 {"id": "bob", "name": "Bob", "kind": "business"},
                 {"id": "cy", "name": "Cy", "kind": "it"},
                 {"id": "eve", "name": "Eve", "kind": "it"}],
      "roles": [{"id": "maker", "name": "Maker", "kind": "citizen_developer"},
                {"id": "approver", "name": "Approver", "kind": "approver"},
                {"id": "admin", "name": "Admin", "kind": "it_administrator"}],
      "capabilities": [{"id": "approve", "name": "Approve change", "action": "approve_change"},
                       {"id": "roles", "name": "Manage roles", "action": "manage_roles"}],
      "environments": [{"id": "test", "name": "Test", "kind": "test", "order": 2},
                       {"id": "prod", "name": "Production", "kind": "production", "order": 3}],
      "grants": [{"role": "approver", "capability": "approve", "effect": "allow"},
                 {"role": "admin", "capability": "roles", "effect": "allow"}],
      "assignments": [{"id": "a1", "person": "ann", "role": "maker"},
                      {"id": "a2", "person": "cy", "role": "approver"},
                      {"id": "a3", "person": "eve", "role": "approver"},
                      {"id": "a4", "person": "eve", "role": "admin"},
                      {"id": "a5", "person": "bob", "role": "approver", "valid_until": "2026-11-30"}],
      "assets": [{"id": "app", "name": "Claims", "kind": "app", "classification": "internal",
                  "criticality": "medium", "user_facing": true}],
      "sod_rules": [{"id": "r-admin", "name": "Admin vs approver", "left": {"kind": "capability", "id": "roles"},
                     "right": {"kind": "capability", "id": "approve"}, "severity": "high"}],
      "calendars": [{"id": "office", "name": "Office", "working_days": ["mon", "tue", "wed", "thu", "fri"],
                     "opens": "09:00:00", "closes": "17:00:00"}],
      "gates": [{"id": "g2", "name": "Test to prod", "from": "test", "to": "prod", "calendar": "office",
                 "requirements": [{"type": "approval", "name": "IT sign-off", "roles": ["approver"], "count": 1,
                                   "condition": {"when": "always"}},
                                  {"type": "no_self_approval"},
                                  {"type": "wait_timer", "hours": 8},
                                  {"type": "freeze_window", "start": "2026-12-24", "end": "2026-12-31",
                                   "reason": "Year end"}]}]
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

fn proposal() -> Proposal {
    Proposal {
        id: "chg-1".into(),
        title: "New claim form".into(),
        asset: "app".into(),
        requester: "ann".into(),
        from: None,
        to: "prod".into(),
        attributes: vec![ChangeAttribute::ChangesDataMapping],
        description: "Adds a field".into(),
    }
}

/// The model with `cr` recorded.
fn with(m: &Model, cr: ChangeRequest) -> Model {
    let mut m = m.clone();
    m.change_requests.retain(|c| c.id != cr.id);
    m.change_requests.push(cr);
    m.change_requests.sort_by(|a, b| a.id.cmp(&b.id));
    m
}

fn sign_as(person: &str, decision: Decision) -> SignInput {
    SignInput {
        person: person.into(),
        decision,
        comment: Some("looked at it".into()),
        answers: None,
    }
}

/// Requested Tuesday 1 December 10:00 UTC.
fn requested() -> Model {
    let m = model(&base());
    let (cr, sim) = request(&m, &proposal(), at("2026-12-01T10:00:00Z")).unwrap();
    assert_eq!(cr.status, ChangeStatus::Submitted);
    assert_eq!(cr.from, "test", "from resolved to the stage before");
    let eval = cr.track.evaluation.as_ref().unwrap();
    assert_eq!(eval.verdict, sim.verdict);
    assert!(!eval.trace.is_empty(), "the trace summary is kept");
    with(&m, cr)
}

#[test]
fn an_ineligible_person_cannot_sign() {
    let m = requested();
    let t = at("2026-12-01T11:00:00Z");
    for (who, says) in [
        ("ann", "requested it"),
        ("eve", "SoD rule \"Admin vs approver\""),
        ("bob", "not valid at the moment"),
    ] {
        let err = sign(&m, "chg-1", &sign_as(who, Decision::Approved), t).unwrap_err();
        assert!(
            matches!(err, ChangeError::Ineligible { .. }) && err.to_string().contains(says),
            "{who}: {err}"
        );
    }
    let err = sign(&m, "chg-9", &sign_as("cy", Decision::Approved), t).unwrap_err();
    assert_eq!(err, ChangeError::Unknown("chg-9".into()));
}

#[test]
fn an_eligible_sign_off_approves_with_its_role_and_requirement() {
    let m = requested();
    let cr = sign(
        &m,
        "chg-1",
        &sign_as("cy", Decision::Approved),
        at("2026-12-01T11:00:00Z"),
    )
    .unwrap();
    assert_eq!(cr.status, ChangeStatus::Approved);
    assert_eq!(cr.track.approved_at, Some(at("2026-12-01T11:00:00Z")));
    let s = &cr.sign_offs[0];
    assert_eq!((s.person.as_str(), s.role.as_str()), ("cy", "approver"));
    assert_eq!(
        s.answers,
        Some(SignedFor {
            gate: "g2".into(),
            requirement: 0,
            about: None
        })
    );
    let again = sign(
        &with(&m, cr),
        "chg-1",
        &sign_as("cy", Decision::Approved),
        at("2026-12-01T12:00:00Z"),
    )
    .unwrap_err();
    assert!(
        matches!(again, ChangeError::AlreadySigned { .. }),
        "{again}"
    );
}

#[test]
fn promotion_waits_for_approvals_and_the_wait_timer_then_is_allowed() {
    let m = requested();
    let err = promote(&m, "chg-1", "ann", at("2026-12-01T12:00:00Z")).unwrap_err();
    let ChangeError::NotSatisfied { refusal, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(refusal.hold, Hold::Approvals);
    assert!(refusal.message.contains("IT sign-off") && refusal.message.contains("Cy"));

    let m = with(
        &m,
        sign(
            &m,
            "chg-1",
            &sign_as("cy", Decision::Approved),
            at("2026-12-01T11:00:00Z"),
        )
        .unwrap(),
    );
    // 8 working hours from Tuesday 11:00 (09:00 to 17:00): Wednesday 11:00.
    let err = promote(&m, "chg-1", "ann", at("2026-12-02T10:59:00Z")).unwrap_err();
    let ChangeError::NotSatisfied { refusal, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(refusal.hold, Hold::WaitTimer);
    assert_eq!(refusal.until, Some(at("2026-12-02T11:00:00Z")));
    assert!(
        refusal.message.contains("Test to prod"),
        "{}",
        refusal.message
    );

    let err = promote(&m, "chg-1", "ann", at("2026-12-02T18:00:00Z")).unwrap_err();
    assert!(
        matches!(&err, ChangeError::NotSatisfied { refusal, .. } if refusal.hold == Hold::OutsideHours),
        "{err}"
    );

    let done = promote(&m, "chg-1", "ann", at("2026-12-02T11:00:00Z")).unwrap();
    assert_eq!(done.status, ChangeStatus::Deployed);
    assert_eq!(
        done.track.promotion.as_ref().map(|p| p.by.as_str()),
        Some("ann")
    );
    let m = with(&m, done);
    let err = promote(&m, "chg-1", "ann", at("2026-12-02T12:00:00Z")).unwrap_err();
    assert!(matches!(err, ChangeError::Closed { .. }), "{err}");
}

#[test]
fn promotion_is_refused_during_a_freeze_and_allowed_after() {
    let m = requested();
    let m = with(
        &m,
        sign(
            &m,
            "chg-1",
            &sign_as("cy", Decision::Approved),
            at("2026-12-01T11:00:00Z"),
        )
        .unwrap(),
    );
    let err = promote(&m, "chg-1", "ann", at("2026-12-28T10:00:00Z")).unwrap_err();
    let ChangeError::NotSatisfied { refusal, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(refusal.hold, Hold::FreezeWindow);
    assert!(refusal.message.contains("Year end"), "{}", refusal.message);
    assert_eq!(refusal.until, Some(at("2027-01-01T09:00:00Z")));
    let done = promote(&m, "chg-1", "ann", at("2027-01-04T09:30:00Z")).unwrap();
    assert_eq!(done.status, ChangeStatus::Deployed);
}

#[test]
fn a_rejection_closes_the_request() {
    let m = requested();
    let cr = sign(
        &m,
        "chg-1",
        &sign_as("cy", Decision::Rejected),
        at("2026-12-01T11:00:00Z"),
    )
    .unwrap();
    assert_eq!(cr.status, ChangeStatus::Rejected);
    let m = with(&m, cr);
    let err = sign(
        &m,
        "chg-1",
        &sign_as("cy", Decision::Approved),
        at("2026-12-01T12:00:00Z"),
    )
    .unwrap_err();
    assert!(matches!(err, ChangeError::Closed { .. }), "{err}");
    let err = promote(&m, "chg-1", "ann", at("2026-12-03T10:00:00Z")).unwrap_err();
    assert!(matches!(err, ChangeError::Closed { .. }), "{err}");
}

#[test]
fn time_to_approval_and_to_promotion_are_exact() {
    let m = requested();
    let m = with(
        &m,
        sign(
            &m,
            "chg-1",
            &sign_as("cy", Decision::Approved),
            at("2026-12-01T11:30:15Z"),
        )
        .unwrap(),
    );
    let m = with(
        &m,
        promote(&m, "chg-1", "cy", at("2026-12-02T13:00:00Z")).unwrap(),
    );
    let log = change_log(&m);
    assert_eq!(log.len(), 1);
    let e = &log[0];
    assert_eq!(e.seconds_to_approval, Some(3600 + 30 * 60 + 15));
    assert_eq!(e.seconds_to_promotion, Some(27 * 3600));
    assert_eq!(e.requester_name, "Ann");
    assert_eq!(e.promoted_by_name.as_deref(), Some("Cy"));
    assert_eq!(
        e.sign_offs[0].answers.as_deref(),
        Some("IT sign-off at Test to prod")
    );
}

#[test]
fn a_change_no_gate_asks_approval_for_is_approved_at_request() {
    let mut v = base();
    v["gates"][0]["requirements"] = json!([]);
    let m = model(&v);
    let (cr, _) = request(&m, &proposal(), at("2026-12-01T10:00:00Z")).unwrap();
    assert_eq!(cr.status, ChangeStatus::Approved);
    assert_eq!(cr.track.approved_at, Some(cr.created));
    let m = with(&m, cr);
    let err = sign(
        &m,
        "chg-1",
        &sign_as("cy", Decision::Approved),
        at("2026-12-01T11:00:00Z"),
    )
    .unwrap_err();
    assert!(matches!(err, ChangeError::Ineligible { .. }), "{err}");
}

#[test]
fn old_change_requests_read_unchanged() {
    let json = r#"{"id":"cr1","title":"t","asset":"app","requester":"ann","from":"test","to":"prod",
        "status":"submitted","created":"2026-01-01T00:00:00Z",
        "sign_offs":[{"person":"cy","role":"approver","decision":"approved","at":"2026-01-01T01:00:00Z"}]}"#;
    let cr: ChangeRequest = serde_json::from_str(json).unwrap();
    assert!(
        cr.track.attributes.is_empty()
            && cr.track.evaluation.is_none()
            && cr.track.promotion.is_none()
    );
    let back = serde_json::to_value(&cr).unwrap();
    assert!(back.get("evaluation").is_none() && back.get("promotion").is_none());
    assert!(back["sign_offs"][0].get("answers").is_none());
}

#[test]
fn a_sign_off_recorded_before_requirements_were_named_counts_once() {
    let mut m = requested();
    m.change_requests[0].sign_offs.push(SignOff {
        person: "cy".into(),
        role: "approver".into(),
        decision: Decision::Approved,
        at: at("2026-12-01T10:30:00Z"),
        comment: None,
        answers: None,
        near_miss: None,
    });
    let st = standing(&m, &m.change_requests[0], at("2026-12-01T11:00:00Z")).unwrap();
    assert!(st.approved, "the old approval counts for IT sign-off");
    let again = sign(
        &m,
        "chg-1",
        &sign_as("cy", Decision::Approved),
        at("2026-12-01T11:00:00Z"),
    )
    .unwrap_err();
    assert!(
        matches!(again, ChangeError::AlreadySigned { .. }),
        "{again}"
    );
}

/// `base()` with Bob's approver assignment running to the end of the year and Eve's SoD
/// conflict waived by an exception.
fn with_temporary_and_waiver() -> Model {
    let mut v = base();
    v["assignments"][4]["valid_until"] = json!("2026-12-31");
    v["exceptions"] = json!([{"id": "x1", "waives": {"kind": "sod_rule", "id": "r-admin"},
        "person": "eve", "approver": "cy", "justification": "Year-end cover",
        "start": "2026-11-01", "end": "2026-12-31"}]);
    let m = model(&v);
    let (cr, _) = request(&m, &proposal(), at("2026-12-01T10:00:00Z")).unwrap();
    with(&m, cr)
}

#[test]
fn an_approval_through_temporary_access_or_an_sod_waiver_makes_the_promotion_a_near_miss() {
    let m = with_temporary_and_waiver();
    let t = at("2026-12-01T11:00:00Z");
    for (who, why) in [
        (
            "bob",
            "Bob approved through a temporary assignment of Approver (until 2026-12-31)",
        ),
        (
            "eve",
            "Eve approved under the exception x1 waiving the SoD rule \"Admin vs approver\"",
        ),
    ] {
        let signed = sign(&m, "chg-1", &sign_as(who, Decision::Approved), t).unwrap();
        assert_eq!(signed.sign_offs[0].near_miss.as_deref(), Some(why), "{who}");
        let m = with(&m, signed);
        let done = promote(&m, "chg-1", "ann", at("2026-12-02T11:00:00Z")).unwrap();
        let promotion = done.track.promotion.as_ref().unwrap();
        assert_eq!(promotion.near_miss, vec![why.to_string()], "{who}");
        let figures = crate::metrics::metrics(&with(&m, done), t.date_naive()).approvals;
        assert_eq!(figures.near_misses, 1, "{who}");
    }
    // Cy approves on standing access: a plain promotion, and a rejection is never one.
    let signed = sign(&m, "chg-1", &sign_as("cy", Decision::Approved), t).unwrap();
    assert_eq!(signed.sign_offs[0].near_miss, None);
    let m2 = with(&m, signed);
    let done = promote(&m2, "chg-1", "ann", at("2026-12-02T11:00:00Z")).unwrap();
    assert!(done.track.promotion.unwrap().near_miss.is_empty());
    let rejected = sign(&m, "chg-1", &sign_as("bob", Decision::Rejected), t).unwrap();
    assert_eq!(rejected.sign_offs[0].near_miss, None);
}

#[test]
fn a_refused_promotion_is_recorded_and_counted_as_a_deployment_avoided() {
    let m = requested();
    let t = at("2026-12-01T12:00:00Z");
    let Err(ChangeError::NotSatisfied { refusal, .. }) = promote(&m, "chg-1", "ann", t) else {
        panic!("promotion before any sign-off is refused")
    };
    let recorded = record_refusal(&m, "chg-1", "ann", t, &refusal).unwrap();
    assert_eq!(recorded.status, ChangeStatus::Submitted, "still open");
    assert_eq!(
        recorded.track.refused,
        vec![RefusedPromotion {
            at: t,
            by: "ann".into(),
            hold: Hold::Approvals,
            message: refusal.message.clone(),
        }]
    );
    let m = with(&m, recorded);
    // The record reads back, and a second refusal adds to it.
    let back = Model::from_json(&m.to_canonical_json()).unwrap();
    assert_eq!(back.change_requests[0].track.refused.len(), 1);
    let again = record_refusal(&m, "chg-1", "cy", t, &refusal).unwrap();
    let m = with(&m, again);
    let figures = crate::metrics::metrics(&m, t.date_naive()).approvals;
    assert_eq!(
        (
            figures.promotions_refused,
            figures.rejected,
            figures.deployments_avoided
        ),
        (2, 0, 2)
    );
    // A rejection counts as one more avoided.
    let rejected = sign(&m, "chg-1", &sign_as("cy", Decision::Rejected), t).unwrap();
    let figures = crate::metrics::metrics(&with(&m, rejected), t.date_naive()).approvals;
    assert_eq!((figures.rejected, figures.deployments_avoided), (1, 3));
}
