//! The exception register: expiring soon, ending, and the approver rules on a date.

use chrono::NaiveDate;
use gatehouse_core::exceptions::{approval_problem, end, expiring, ApprovalProblem, EndError};
use gatehouse_core::*;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// Ann builds and, temporarily until 15 November, also operates: the rule keeps them apart.
fn model(exceptions: serde_json::Value) -> Model {
    let mut v = serde_json::json!({
      "meta": {"name": "Register"},
      "people": [{"id": "ann", "name": "Ann", "kind": "citizen_developer"},
                 {"id": "bob", "name": "Bob", "kind": "it"},
                 {"id": "cy", "name": "Cy", "kind": "it"}],
      "roles": [{"id": "maker", "name": "Maker", "kind": "citizen_developer"},
                {"id": "ops", "name": "Operator", "kind": "it_administrator"}],
      "assignments": [{"id": "a1", "person": "ann", "role": "maker"},
                      {"id": "a2", "person": "ann", "role": "ops", "valid_until": "2026-11-15"},
                      {"id": "a3", "person": "bob", "role": "ops"}],
      "sod_rules": [{"id": "r1", "name": "Build vs operate", "left": {"kind": "role", "id": "maker"},
                     "right": {"kind": "role", "id": "ops"}, "severity": "high"}]
    });
    v["exceptions"] = exceptions;
    Model::from_json(&v.to_string()).unwrap()
}

fn exception(id: &str, approver: &str, start: &str, end: &str) -> serde_json::Value {
    serde_json::json!({"id": id, "waives": {"kind": "sod_rule", "id": "r1"}, "person": "ann",
        "justification": "Cover", "approver": approver, "start": start, "end": end})
}

#[test]
fn expiring_lists_those_in_force_that_end_within_the_horizon_soonest_first() {
    let m = model(serde_json::json!([
        exception("late", "cy", "2026-11-01", "2027-03-01"),
        exception("soon", "cy", "2026-11-01", "2026-12-10"),
        exception("sooner", "cy", "2026-11-01", "2026-12-01"),
        exception("future", "cy", "2026-12-05", "2026-12-06"),
        exception("gone", "cy", "2026-10-01", "2026-11-01"),
    ]));
    let ids = |days| -> Vec<String> {
        expiring(&m, day("2026-11-27"), days)
            .iter()
            .map(|e| e.id.clone())
            .collect()
    };
    assert_eq!(ids(30), ["sooner", "soon"]);
    // The horizon's last day counts.
    assert_eq!(ids(13), ["sooner", "soon"]);
    assert_eq!(ids(12), ["sooner"]);
}

#[test]
fn ending_an_exception_makes_yesterday_its_last_day_or_removes_one_not_started() {
    let m = model(serde_json::json!([
        exception("x", "cy", "2026-11-01", "2026-12-31"),
        exception("later", "cy", "2026-12-01", "2026-12-31"),
    ]));
    let today = day("2026-11-27");
    let Edit::Upsert {
        entity: Entity::Exception(e),
    } = end(&m, "x", today).unwrap()
    else {
        panic!("an exception in force is kept, with an earlier end")
    };
    assert_eq!(e.end, day("2026-11-26"));
    assert!(!e.in_force(today));
    assert_eq!(
        end(&m, "later", today).unwrap(),
        Edit::Delete {
            kind: EntityKind::Exception,
            key: "later".into()
        }
    );
    assert_eq!(
        end(&m, "x", day("2027-01-01")),
        Err(EndError::AlreadyEnded {
            id: "x".into(),
            end: day("2026-12-31")
        })
    );
    assert_eq!(
        end(&m, "nope", today),
        Err(EndError::NotFound("nope".into()))
    );
}

#[test]
fn the_approver_rule_is_judged_on_the_date() {
    let m = model(serde_json::json!([
        exception("own", "ann", "2026-11-01", "2026-11-30"),
        exception("bob", "bob", "2026-11-01", "2026-11-30"),
    ]));
    let [own, bob] = [&m.exceptions[1], &m.exceptions[0]];
    assert_eq!(
        approval_problem(&m, own, day("2026-11-10")),
        Some(ApprovalProblem::OwnException {
            approver: "Ann".into()
        })
    );
    // Bob operates, Ann builds (and operates until the 15th): in conflict under r1.
    assert_eq!(
        approval_problem(&m, bob, day("2026-11-10")),
        Some(ApprovalProblem::InConflict {
            approver: "Bob".into(),
            person: "Ann".into(),
            rule: "Build vs operate".into(),
            on: day("2026-11-10")
        })
    );
    // Bob holds the right side, Ann still the left one: the conflict lasts.
    assert!(approval_problem(&m, bob, day("2026-11-20")).is_some());
}
