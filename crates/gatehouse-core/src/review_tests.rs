use super::*;
use crate::edit::apply;
use crate::findings::{findings, FindingCode};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn now(text: &str) -> DateTime<Utc> {
    format!("{text}T10:00:00Z").parse().unwrap()
}

/// Ann and Bob build apps; Cat is the app owner of Payroll; Dan administers; Eve steward
/// of the HR data set that admins reach.
fn model() -> Model {
    let mut m: Model = serde_json::from_value(serde_json::json!({
        "meta": {"name": "Reviews"},
        "people": [
            {"id": "ann", "name": "Ann", "kind": "citizen_developer"},
            {"id": "bob", "name": "Bob", "kind": "citizen_developer"},
            {"id": "cat", "name": "Cat", "kind": "business"},
            {"id": "dan", "name": "Dan", "kind": "it"},
            {"id": "eve", "name": "Eve", "kind": "business"}
        ],
        "roles": [
            {"id": "maker", "name": "Maker", "kind": "citizen_developer"},
            {"id": "admin", "name": "Admin", "kind": "it_administrator"}
        ],
        "capabilities": [
            {"id": "modify", "name": "Modify apps", "action": "modify_app"},
            {"id": "data", "name": "Access confidential data", "action": "access_data", "classification": "confidential"}
        ],
        "environments": [
            {"id": "dev", "name": "Dev", "kind": "development", "order": 1},
            {"id": "prod", "name": "Prod", "kind": "production", "order": 2}
        ],
        "grants": [
            {"role": "maker", "capability": "modify", "environment": "dev", "effect": "allow"},
            {"role": "admin", "capability": "data", "effect": "allow"}
        ],
        "assignments": [
            {"id": "a-ann", "person": "ann", "role": "maker", "environment": "dev"},
            {"id": "a-bob", "person": "bob", "role": "maker", "environment": "dev"},
            {"id": "a-cat", "person": "cat", "role": "maker", "environment": "dev"},
            {"id": "a-dan", "person": "dan", "role": "admin", "environment": "prod"},
            {"id": "a-eve", "person": "eve", "role": "admin", "environment": "prod"},
            {"id": "a-old", "person": "ann", "role": "admin", "valid_until": "2026-01-31"}
        ],
        "assets": [
            {"id": "payroll", "name": "Payroll", "kind": "app", "classification": "internal", "criticality": "high"},
            {"id": "hr", "name": "HR data", "kind": "data_set", "classification": "confidential", "criticality": "medium"}
        ],
        "ownerships": [
            {"asset": "payroll", "person": "cat", "kind": "app_owner"},
            {"asset": "hr", "person": "eve", "kind": "data_steward"}
        ]
    }))
    .unwrap();
    m.canonicalize();
    m
}

fn campaign(from: ReviewerSource) -> AccessReview {
    AccessReview {
        id: "q1".into(),
        name: "Q1 review".into(),
        reviewer: "dan".into(),
        roles: vec![],
        environments: Box::default(),
        assets: Box::default(),
        reviewers_from: from,
        due: day("2026-03-31"),
        recurrence_days: Some(91),
        status: ReviewStatus::Scheduled,
        started: None,
        items: Box::default(),
        decisions: vec![],
        closed: None,
    }
}

fn started(m: &mut Model, review: AccessReview) -> AccessReview {
    let edit = start(m, review, now("2026-03-01")).unwrap();
    apply(m, edit).unwrap();
    m.access_reviews[0].clone()
}

fn decision(assignment: &str, kind: ReviewDecisionKind, by: &str) -> DecisionInput {
    DecisionInput {
        assignment: assignment.into(),
        decision: kind,
        end_date: None,
        comment: Some("checked".into()),
        by: by.into(),
    }
}

fn chains(r: &AccessReview) -> Vec<(&str, Vec<&str>)> {
    r.items
        .iter()
        .map(|i| {
            let chain = i.reviewers.iter().map(String::as_str).collect();
            (i.assignment.as_str(), chain)
        })
        .collect()
}

#[test]
fn items_are_the_assignments_in_scope_with_reviewers_from_ownership() {
    let mut m = model();
    let r = started(&mut m, campaign(ReviewerSource::Ownership));
    assert_eq!(r.status, ReviewStatus::Open);
    // The expired a-old is not reviewed; Cat owns what makers reach, Eve stewards what
    // admins reach; each chain ends with the named reviewer, never the person themselves.
    assert_eq!(
        chains(&r),
        vec![
            ("a-ann", vec!["cat", "dan"]),
            ("a-bob", vec!["cat", "dan"]),
            ("a-cat", vec!["dan"]),
            ("a-dan", vec!["eve"]),
            ("a-eve", vec!["dan"]),
        ]
    );
}

#[test]
fn scope_by_role_environment_and_asset() {
    let m = model();
    let at = day("2026-03-01");
    let mut r = campaign(ReviewerSource::Named);
    r.roles = vec!["admin".into()];
    let ids = |r: &AccessReview| -> Vec<String> {
        items_in_scope(&m, r, at)
            .into_iter()
            .map(|i| i.assignment)
            .collect()
    };
    assert_eq!(ids(&r), ["a-dan", "a-eve"]);
    r.roles.clear();
    *r.environments = vec!["dev".into()];
    assert_eq!(ids(&r), ["a-ann", "a-bob", "a-cat"]);
    r.environments.clear();
    *r.assets = vec!["hr".into()];
    assert_eq!(ids(&r), ["a-dan", "a-eve"]);
    // Dan reviews by name, but not his own access: that item has nobody.
    let items = items_in_scope(&m, &r, at);
    assert!(items[0].reviewers.is_empty());
    assert_eq!(items[1].reviewers, ["dan"]);
}

#[test]
fn a_reviewer_may_not_decide_on_their_own_assignment() {
    let mut m = model();
    started(&mut m, campaign(ReviewerSource::Named));
    let err = decide(
        &m,
        "q1",
        decision("a-dan", ReviewDecisionKind::Keep, "dan"),
        now("2026-03-02"),
    )
    .unwrap_err();
    assert_eq!(
        err,
        ReviewError::SelfDecision {
            person: "dan".into(),
            assignment: "a-dan".into()
        }
    );
    // Dan's own item has nobody to review it: it stays open with a finding.
    let f: Vec<_> = findings(&m, day("2026-03-02"))
        .into_iter()
        .filter(|f| f.code == FindingCode::ReviewItemUnreviewable)
        .collect();
    assert_eq!(f.len(), 1);
    assert!(f[0].message.contains("Dan"), "{}", f[0].message);
    // Someone who is not a reviewer of the item is refused too.
    let err = decide(
        &m,
        "q1",
        decision("a-ann", ReviewDecisionKind::Keep, "bob"),
        now("2026-03-02"),
    )
    .unwrap_err();
    assert!(matches!(err, ReviewError::NotReviewer { .. }), "{err:?}");
}

#[test]
fn closing_revokes_exactly_the_revoked_items_in_one_batch() {
    let mut m = model();
    started(&mut m, campaign(ReviewerSource::Ownership));
    let t = now("2026-03-10");
    let mut change = decision("a-bob", ReviewDecisionKind::Change, "cat");
    change.end_date = Some(day("2026-06-30"));
    for input in [
        decision("a-ann", ReviewDecisionKind::Revoke, "cat"),
        change,
        decision("a-cat", ReviewDecisionKind::Keep, "dan"),
        decision("a-eve", ReviewDecisionKind::Revoke, "dan"),
    ] {
        let edit = decide(&m, "q1", input, t).unwrap();
        apply(&mut m, edit).unwrap();
    }
    let before = m.clone();
    let edit = close(&m, "q1", "dan", now("2026-03-20")).unwrap();
    let Edit::Batch { edits } = &edit else {
        panic!("closing is one batch: {edit:?}")
    };
    assert_eq!(edits.len(), 5, "two deletes, one end date, next, campaign");
    let undo = apply(&mut m, edit).unwrap();
    let ids: Vec<&str> = m.assignments.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a-bob", "a-cat", "a-dan", "a-old"]);
    let bob = m.assignments.iter().find(|a| a.id == "a-bob").unwrap();
    assert_eq!(bob.valid_until, Some(day("2026-06-30")));
    let closed = m.access_reviews.iter().find(|r| r.id == "q1").unwrap();
    assert_eq!(closed.status, ReviewStatus::Closed);
    assert_eq!(
        closed.decisions.len(),
        4,
        "the decisions are kept as evidence"
    );
    let c = closed.closed.as_ref().unwrap();
    assert_eq!(c.revoked, ["a-ann", "a-eve"]);
    assert_eq!(c.changed, ["a-bob"]);
    assert_eq!(c.kept, ["a-cat"]);
    assert_eq!(c.undecided, ["a-dan"]);
    assert_eq!(c.next.as_deref(), Some("q1-2026-06-30"));
    let next = m
        .access_reviews
        .iter()
        .find(|r| r.id == "q1-2026-06-30")
        .unwrap();
    assert_eq!(
        (next.status, next.due, next.items.len()),
        (ReviewStatus::Scheduled, day("2026-06-30"), 0)
    );
    assert_eq!(next.name, "Q1 review (2026-06-30)");
    // One undo step gives the model back.
    apply(&mut m, undo).unwrap();
    assert_eq!(m, before);
    // A closed campaign takes no more decisions and cannot close twice.
    let edit = close(&m, "q1", "dan", now("2026-03-20")).unwrap();
    apply(&mut m, edit).unwrap();
    assert_eq!(
        close(&m, "q1", "dan", now("2026-03-21")).unwrap_err(),
        ReviewError::Closed("q1".into())
    );
    let late = decide(
        &m,
        "q1",
        decision("a-dan", ReviewDecisionKind::Keep, "eve"),
        now("2026-03-21"),
    );
    assert_eq!(late.unwrap_err(), ReviewError::Closed("q1".into()));
    // The next one of the recurrence starts with its own settings and the revoked access
    // is no longer in it.
    let edit = start_scheduled(&m, "q1-2026-06-30", now("2026-06-01")).unwrap();
    apply(&mut m, edit).unwrap();
    let next = m
        .access_reviews
        .iter()
        .find(|r| r.id == "q1-2026-06-30")
        .unwrap();
    let items: Vec<&str> = next.items.iter().map(|i| i.assignment.as_str()).collect();
    assert_eq!(items, ["a-bob", "a-cat", "a-dan"]);
    assert_eq!(next.id, "q1-2026-06-30");
    let edit = close(&m, "q1-2026-06-30", "dan", now("2026-06-02")).unwrap();
    apply(&mut m, edit).unwrap();
    assert!(m.access_reviews.iter().any(|r| r.id == "q1-2026-09-29"));
}

#[test]
fn progress_and_overdue_findings() {
    let mut m = model();
    started(&mut m, campaign(ReviewerSource::Ownership));
    let edit = decide(
        &m,
        "q1",
        decision("a-ann", ReviewDecisionKind::Keep, "cat"),
        now("2026-03-02"),
    )
    .unwrap();
    apply(&mut m, edit).unwrap();
    let r = &m.access_reviews[0];
    assert_eq!(
        r.progress(day("2026-03-31")),
        ReviewProgress {
            decided: 1,
            total: 5,
            unreviewable: 0,
            overdue: false
        }
    );
    assert!(r.progress(day("2026-04-01")).overdue);
    let overdue = |at| {
        findings(&m, day(at))
            .into_iter()
            .filter(|f| f.code == FindingCode::ReviewOverdue)
            .count()
    };
    assert_eq!(overdue("2026-03-31"), 0);
    assert_eq!(overdue("2026-04-01"), 1);
}

#[test]
fn decisions_are_checked() {
    let mut m = model();
    let t = now("2026-03-02");
    assert_eq!(
        decide(
            &m,
            "q1",
            decision("a-ann", ReviewDecisionKind::Keep, "cat"),
            t
        )
        .unwrap_err(),
        ReviewError::NotFound("q1".into())
    );
    started(&mut m, campaign(ReviewerSource::Ownership));
    let change = decision("a-ann", ReviewDecisionKind::Change, "cat");
    assert_eq!(
        decide(&m, "q1", change.clone(), t).unwrap_err(),
        ReviewError::ChangeNeedsEndDate
    );
    let past = DecisionInput {
        end_date: Some(day("2026-03-01")),
        ..change
    };
    assert_eq!(
        decide(&m, "q1", past, t).unwrap_err(),
        ReviewError::EndDateInPast(day("2026-03-01"))
    );
    let unknown = decision("a-old", ReviewDecisionKind::Keep, "cat");
    assert!(matches!(
        decide(&m, "q1", unknown, t).unwrap_err(),
        ReviewError::UnknownItem { .. }
    ));
    // A later decision replaces the earlier one.
    for kind in [ReviewDecisionKind::Revoke, ReviewDecisionKind::Keep] {
        let edit = decide(&m, "q1", decision("a-ann", kind, "cat"), t).unwrap();
        apply(&mut m, edit).unwrap();
    }
    let r = &m.access_reviews[0];
    assert_eq!(r.decisions.len(), 1);
    assert_eq!(r.decisions[0].decision, ReviewDecisionKind::Keep);
}

#[test]
fn a_legacy_campaign_reads_as_scheduled() {
    let r: AccessReview = serde_json::from_value(serde_json::json!({
        "id": "old", "name": "Old", "reviewer": "dan", "roles": [], "due": "2026-01-31",
        "recurrence_days": null, "decisions": []
    }))
    .unwrap();
    assert_eq!(r.status, ReviewStatus::Scheduled);
    assert_eq!(r.reviewers_from, ReviewerSource::Named);
    assert!(r.items.is_empty());
}
