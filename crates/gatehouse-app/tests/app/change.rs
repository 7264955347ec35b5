//! Change requests through the session, on the demo model: Ana Lima asks to promote
//! "Expense Claims" to production (IT sign-off, business validation, data steward, 24
//! working hours of office time after the last approval). The clock is moved on to pass
//! the wait timer; each step is one audited, undoable edit.

use chrono::Duration;
use gatehouse_app::change::{ChangeInput, SignChange};
use gatehouse_app::core::change::Hold;
use gatehouse_app::core::{ChangeStatus, Decision};
use gatehouse_app::{ErrorCode, FixedClock, Session};

fn input() -> ChangeInput {
    ChangeInput {
        requester: "Ana Lima".into(),
        asset: "Expense Claims".into(),
        from: None,
        to: "Production".into(),
        attributes: vec![],
        title: None,
        description: "Receipt upload field".into(),
    }
}

fn sign(person: &str) -> SignChange {
    SignChange {
        change: "chg-1".into(),
        person: person.into(),
        decision: Decision::Approved,
        comment: Some("checked".into()),
    }
}

#[test]
fn a_change_goes_through_the_gates_one_audited_step_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    // Wednesday 2 December 2026, 09:00 UTC (office hours 09:00–17:00, Monday to Friday).
    let clock = std::sync::Arc::new(FixedClock::at("2026-12-02T09:00:00Z"));
    let mut s = Session::demo(dir.path().join("id.age"), "facilitator", clock.clone()).unwrap();
    let events = s.summary().unwrap().events;

    let dry = s.request_change(input(), true).unwrap();
    assert!(!dry.recorded && dry.summary.is_none());
    assert_eq!(
        s.summary().unwrap().events,
        events,
        "a dry run records nothing"
    );
    let e = s
        .request_change(
            ChangeInput {
                description: " ".into(),
                ..input()
            },
            false,
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ChangeInvalid);

    let requested = s.request_change(input(), false).unwrap();
    assert_eq!(requested.change.id, "chg-1");
    assert_eq!(requested.change.title, "Expense Claims to Production");
    assert_eq!(requested.summary.unwrap().events, events + 1);

    let e = s.sign_change(sign("Ines Berg")).unwrap_err();
    assert_eq!(e.code, ErrorCode::ChangeIneligibleSigner);
    let e = s.sign_change(SignChange {
        change: "chg-7".into(),
        ..sign("Eva Novák")
    });
    assert_eq!(e.unwrap_err().code, ErrorCode::ChangeUnknown);

    for who in ["Eva Novák", "Farid Haddad", "Dev Patel"] {
        clock.advance(Duration::minutes(30));
        s.sign_change(sign(who)).unwrap();
    }
    // The last approval at 10:30: 24 working hours run to Monday 7 December, 10:30.
    let list = s.changes().unwrap();
    let row = list.rows.iter().find(|r| r.entry.id == "chg-1").unwrap();
    assert_eq!(row.entry.status, ChangeStatus::Approved);
    assert_eq!(row.entry.seconds_to_approval, Some(90 * 60));
    let refusal = row.standing.as_ref().unwrap().refusal.as_ref().unwrap();
    assert_eq!(refusal.hold, Hold::WaitTimer);
    assert_eq!(
        refusal.until.map(|t| t.to_rfc3339()),
        Some("2026-12-07T10:30:00+00:00".into())
    );
    let e = s.promote_change("chg-1", "Eva Novák").unwrap_err();
    assert_eq!(e.code, ErrorCode::ChangeGateUnsatisfied);
    assert!(e.message.contains("wait timer"), "{}", e.message);
    // The refused attempt is on the record, as its own audited, undoable step.
    let after = s.summary().unwrap();
    assert_eq!(after.events, events + 5);
    assert_eq!(
        after.undo_label.as_deref(),
        Some("refused promotion of change request \"chg-1\" by Eva Novák")
    );
    let refused = &s.changes().unwrap().rows[0].entry.refused;
    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].hold, Hold::WaitTimer);

    clock.advance(Duration::days(5)); // Monday 7 December, 10:30.
    let summary = s.promote_change("chg-1", "Eva Novák").unwrap();
    assert_eq!(
        summary.events,
        events + 6,
        "request, three sign-offs, a refused attempt, promotion"
    );
    let promoted = s.changes().unwrap();
    let e = &promoted
        .rows
        .iter()
        .find(|r| r.entry.id == "chg-1")
        .unwrap()
        .entry;
    assert_eq!(e.status, ChangeStatus::Deployed);
    assert_eq!(e.promoted_by_name.as_deref(), Some("Eva Novák"));

    // One undo takes the promotion back, and the change is approved again.
    s.undo().unwrap();
    let again = s.changes().unwrap();
    let row = again.rows.iter().find(|r| r.entry.id == "chg-1").unwrap();
    assert_eq!(row.entry.status, ChangeStatus::Approved);
    assert!(
        row.standing.as_ref().unwrap().refusal.is_none(),
        "promotable now"
    );
}
