//! The dashboard's figures on a small model, each checked against a value worked out by
//! hand from the model below.

use chrono::NaiveDate;
use gatehouse_core::metrics::{findings_point, metrics, SeverityCounts};
use gatehouse_core::*;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

const AT: &str = "2026-11-27";

fn deck(blocked: u32, near: u32, mean: f64) -> String {
    serde_json::json!({
        "name": "deck", "timeline": [],
        "metrics": {"requests": 3, "promotions": 2, "time_to_approval": [],
                    "mean_hours_to_promotion": mean, "blocked_attempts": blocked,
                    "near_misses": near, "policy_adherence": 0.5, "stuck": []}
    })
    .to_string()
}

/// Grants that give access: maker→modify, maker→deploy-prod (a citizen developer reaching
/// production: a finding on that grant), ops→deploy-prod, approver→approve (the deny does
/// not count): 3 of 4 clean. Assignments: Ann's maker (her SoD conflict is accepted by an
/// exception, so clean), Bob's ops, Cy's approver, and Bob's expired approver (expired
/// access: a finding on it): 3 of 4 clean. Adherence 6 / 8.
fn model() -> Model {
    let mut m = Model::from_json(
        r#"{
      "meta": {"name": "Metrics"},
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
                 {"role": "maker", "capability": "request", "effect": "deny"},
                 {"role": "maker", "capability": "deploy-prod", "effect": "allow"},
                 {"role": "ops", "capability": "deploy-prod", "effect": "allow"},
                 {"role": "approver", "capability": "approve", "effect": "allow"}],
      "assignments": [{"id": "a1", "person": "ann", "role": "maker"},
                      {"id": "a2", "person": "bob", "role": "ops"},
                      {"id": "a3", "person": "cy", "role": "approver"},
                      {"id": "a4", "person": "bob", "role": "approver", "valid_until": "2026-01-31"}],
      "sod_rules": [{"id": "r1", "name": "Build vs deploy", "left": {"kind": "capability", "id": "modify"},
                     "right": {"kind": "capability", "id": "deploy-prod"}, "severity": "high"}],
      "exceptions": [{"id": "x1", "waives": {"kind": "sod_rule", "id": "r1"}, "person": "ann",
                      "justification": "Sole maker during the migration", "approver": "cy",
                      "start": "2026-11-01", "end": "2026-12-10"},
                     {"id": "x2", "waives": {"kind": "sod_rule", "id": "r1"}, "person": "bob",
                      "justification": "Cover", "approver": "cy",
                      "start": "2026-11-01", "end": "2027-02-01"}],
      "assets": [{"id": "app", "name": "Claims", "kind": "app", "classification": "internal", "criticality": "medium"}],
      "ownerships": [{"asset": "app", "person": "ann", "kind": "app_owner"}],
      "change_requests": [
        {"id": "c1", "title": "New form", "asset": "app", "requester": "ann", "from": "dev", "to": "prod",
         "status": "approved", "created": "2026-11-02T09:00:00Z",
         "sign_offs": [{"person": "cy", "role": "approver", "decision": "approved", "at": "2026-11-02T13:00:00Z"},
                       {"person": "bob", "role": "ops", "decision": "approved", "at": "2026-11-03T09:00:00Z"}]},
        {"id": "c2", "title": "Fix", "asset": "app", "requester": "ann", "from": "dev", "to": "prod",
         "status": "deployed", "created": "2026-11-10T10:00:00Z",
         "sign_offs": [{"person": "cy", "role": "approver", "decision": "approved", "at": "2026-11-10T12:00:00Z"}]},
        {"id": "c3", "title": "Risky", "asset": "app", "requester": "ann", "from": "dev", "to": "prod",
         "status": "rejected", "created": "2026-11-11T10:00:00Z",
         "sign_offs": [{"person": "cy", "role": "approver", "decision": "rejected", "at": "2026-11-11T11:00:00Z"}]},
        {"id": "c4", "title": "Later", "asset": "app", "requester": "ann", "from": "dev", "to": "prod",
         "status": "submitted", "created": "2026-11-20T10:00:00Z"}],
      "access_reviews": [{"id": "q3", "name": "Q3 review", "reviewer": "cy", "due": "2026-11-20"},
                         {"id": "q4", "name": "Q4 review", "reviewer": "cy", "due": "2026-12-31"}]
    }"#,
    )
    .expect("the metrics model is valid");
    for (i, (blocked, near, mean)) in [(2, 1, 6.0), (1, 0, 10.0)].into_iter().enumerate() {
        m.pinned_simulations.push(PinnedSimulation {
            id: format!("p{i}"),
            name: format!("Deck {i}"),
            kind: SimulationKind::Deck,
            fingerprint: String::new(),
            seed: None,
            pinned_at: "2026-11-20T10:00:00Z".parse().unwrap(),
            pinned_by: "cy".into(),
            summary: String::new(),
            result: deck(blocked, near, mean),
        });
    }
    m
}

#[test]
fn policy_adherence_counts_grants_and_assignments_without_open_findings() {
    let a = metrics(&model(), day(AT)).adherence;
    assert_eq!(
        (a.grants, a.grants_clean, a.assignments, a.assignments_clean),
        (4, 3, 4, 3)
    );
    assert_eq!(a.rate, Some(0.75));
    // Once Ann's exception has ended, her conflict is open again and her assignment counts
    // against adherence: 5 / 8.
    let later = metrics(&model(), day("2026-12-11")).adherence;
    assert_eq!(later.assignments_clean, 2);
    assert_eq!(later.rate, Some(0.625));
}

#[test]
fn time_to_approve_changes_from_created_to_the_last_approving_sign_off() {
    let a = metrics(&model(), day(AT)).approvals;
    assert_eq!((a.requests, a.approved, a.rejected, a.open), (4, 2, 1, 1));
    // c1: 09:00 to 09:00 the next day, 24 h; c2: 2 h.
    assert_eq!(a.mean_hours, Some(13.0));
    assert_eq!(a.median_hours, Some(13.0));
}

#[test]
fn simulated_figures_add_up_the_pinned_decks() {
    let s = metrics(&model(), day(AT)).simulated;
    assert_eq!((s.decks, s.monte_carlo_runs), (2, 0));
    assert_eq!((s.deployments_avoided, s.near_misses), (3, 1));
    assert_eq!(s.deck_mean_hours, Some(8.0));
    assert_eq!((s.p50_hours, s.p90_hours), (None, None));
}

#[test]
fn expiring_exceptions_overdue_reviews_and_open_findings() {
    let m = metrics(&model(), day(AT));
    let expiring: Vec<(&str, i64)> = (m.exceptions_expiring.iter())
        .map(|e| (e.id.as_str(), e.days_left))
        .collect();
    assert_eq!(expiring, [("x1", 13)]);
    let overdue: Vec<(&str, i64)> = (m.reviews_overdue.iter())
        .map(|r| (r.id.as_str(), r.days_overdue))
        .collect();
    assert_eq!(overdue, [("q3", 7)]);
    let open: Vec<FindingCode> = (findings(&model(), day(AT)).into_iter())
        .filter(|f| f.is_open())
        .map(|f| f.code)
        .collect();
    // The citizen developer's production grant (critical), Bob's expired approver
    // assignment (medium) and the overdue campaign q3 (medium); Ann's conflict is accepted.
    assert_eq!(
        open,
        [
            FindingCode::CitizenDeveloperDeploysToProduction,
            FindingCode::ExpiredAccess,
            FindingCode::ReviewOverdue
        ]
    );
    assert_eq!(
        m.open_findings,
        SeverityCounts {
            critical: 1,
            high: 0,
            medium: 2,
            low: 0
        }
    );
    let point = findings_point("now", &model(), day("2026-12-11"));
    assert_eq!(
        point.counts.high, 1,
        "the conflict is open again once x1 ends"
    );
}
