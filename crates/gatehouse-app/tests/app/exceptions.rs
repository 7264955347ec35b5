//! The exception register through the session, on the demo model: Hugo Silva both requests
//! changes (citizen developer) and approves them (business validator).

use chrono::NaiveDate;
use gatehouse_app::core::{ExceptionStatus, FindingCode, Waiver};
use gatehouse_app::exceptions::ExceptionInput;
use gatehouse_app::{ErrorCode, FixedClock, Session};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn input(approver: &str, until: &str) -> ExceptionInput {
    ExceptionInput {
        waives: Waiver::SodRule("Requester vs approver".into()),
        person: "Hugo Silva".into(),
        approver: approver.into(),
        justification: "Only validator of the pilot; every approval is reviewed by the CAB".into(),
        start: None,
        end: day(until),
        review: None,
    }
}

fn open_hugo_conflicts(s: &Session, at: &str) -> (usize, usize) {
    let findings = s.findings(Some(at)).unwrap();
    let hugo = findings.iter().filter(|f| {
        f.code == FindingCode::SodConflict && f.entities.iter().any(|e| e.key == "hugo-silva")
    });
    let (open, accepted): (Vec<_>, Vec<_>) = hugo.partition(|f| f.is_open());
    (open.len(), accepted.len())
}

#[test]
fn an_exception_is_refused_to_its_beneficiary_and_to_approvers_in_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let clock = std::sync::Arc::new(FixedClock::at("2026-11-27T09:00:00Z"));
    let mut s = Session::demo(dir.path().join("id.age"), "facilitator", clock).unwrap();
    let events = s.summary().unwrap().events;

    let e = s
        .add_exception(input("hugo-silva", "2026-12-15"))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ExceptionSelfApproval);
    assert!(
        e.message
            .starts_with("Hugo Silva is the person the exception is for"),
        "{}",
        e.message
    );
    // Ana requests changes too: she holds the side of the rule Hugo's approving conflicts with.
    let e = s
        .add_exception(input("Ana Lima", "2026-12-15"))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::ExceptionApproverConflict);
    assert!(
        e.message.contains(
            "Ana Lima is in SoD conflict with Hugo Silva under the rule \"Requester vs approver\""
        ),
        "{}",
        e.message
    );
    let mut no_reason = input("Ines Berg", "2026-12-15");
    no_reason.justification = "  ".into();
    assert_eq!(
        s.add_exception(no_reason).unwrap_err().code,
        ErrorCode::ExceptionInvalid
    );
    assert_eq!(
        s.summary().unwrap().events,
        events,
        "refusals change nothing"
    );
}

#[test]
fn an_exception_accepts_the_conflict_while_in_force_and_ending_it_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let clock = std::sync::Arc::new(FixedClock::at("2026-11-27T09:00:00Z"));
    let mut s = Session::demo(dir.path().join("id.age"), "facilitator", clock).unwrap();
    assert_eq!(open_hugo_conflicts(&s, "2026-11-27"), (1, 0));

    let started = ExceptionInput {
        start: Some(day("2026-11-20")),
        ..input("Ines Berg", "2026-12-15")
    };
    s.add_exception(started).unwrap();
    assert_eq!(
        open_hugo_conflicts(&s, "2026-11-19"),
        (1, 0),
        "not yet in force"
    );
    assert_eq!(open_hugo_conflicts(&s, "2026-11-27"), (0, 1));
    assert_eq!(open_hugo_conflicts(&s, "2026-12-15"), (0, 1));
    assert_eq!(
        open_hugo_conflicts(&s, "2026-12-16"),
        (1, 0),
        "expired: open again"
    );

    let register = s.exceptions(None, None).unwrap();
    assert_eq!(register.within_days, 30);
    let [row] = &register.rows[..] else {
        panic!("one exception: {register:#?}")
    };
    assert_eq!(row.exception.id, "exc-hugo-silva-sod-request-approve");
    assert_eq!(row.exception.approver, "ines-berg");
    assert_eq!(row.status, ExceptionStatus::InForce);
    assert_eq!(row.days_left, Some(19));
    assert!(row.expiring);
    assert_eq!(register.expiring, vec![row.exception.id.clone()]);
    assert_eq!(row.accepts.len(), 1);
    assert_eq!(row.waives_label, "SoD rule Requester vs approver");
    // Seen from a date where it ends beyond a 10-day horizon: not expiring.
    let later = s.exceptions(Some("2026-11-27"), Some(10)).unwrap();
    assert!(later.expiring.is_empty() && !later.rows[0].expiring);

    let summary = s
        .end_exception("exc-hugo-silva-sod-request-approve")
        .unwrap();
    assert_eq!(
        summary.undo_label.as_deref(),
        Some("set exception \"exc-hugo-silva-sod-request-approve\"")
    );
    assert_eq!(
        open_hugo_conflicts(&s, "2026-11-27"),
        (1, 0),
        "ended: open again today"
    );
    let row = &s.exceptions(None, None).unwrap().rows[0];
    assert_eq!(
        (row.status, row.exception.end),
        (ExceptionStatus::Expired, day("2026-11-26"))
    );
    assert_eq!(
        s.end_exception("exc-hugo-silva-sod-request-approve")
            .unwrap_err()
            .code,
        ErrorCode::ExceptionEnded
    );
    s.undo().unwrap();
    assert_eq!(
        open_hugo_conflicts(&s, "2026-11-27"),
        (0, 1),
        "undo puts it back in force"
    );
}

/// A gate's requirement is waived by its position (`gate#N`, the gate by name or id): the
/// simulation shows that requirement waived and the gate's others standing; a rule of time
/// or a position the gate does not have is refused, and nothing is recorded.
#[test]
fn one_requirement_of_a_gate_is_waived_by_its_position() {
    use gatehouse_app::simulate::SimulateInput;
    let dir = tempfile::tempdir().unwrap();
    let clock = std::sync::Arc::new(FixedClock::at("2026-11-27T09:00:00Z"));
    let mut s = Session::demo(dir.path().join("id.age"), "facilitator", clock).unwrap();
    let waiving = |gate: &str| ExceptionInput {
        waives: Waiver::Gate(gate.into()),
        person: "Ana Lima".into(),
        approver: "Ines Berg".into(),
        justification: "Emergency fix; the CAB reviews it afterwards".into(),
        start: None,
        end: day("2026-12-15"),
        review: None,
    };
    let events = s.summary().unwrap().events;
    for (gate, says) in [
        (
            "Test to production#7",
            "is a rule of time, which no exception waives",
        ),
        (
            "Test to production#8",
            "has no requirement #8: give its position from 1 to 7",
        ),
        ("Test to production#x", "has no requirement #x"),
    ] {
        let e = s.add_exception(waiving(gate)).unwrap_err();
        assert_eq!(e.code, ErrorCode::ExceptionInvalid, "{gate}");
        assert!(e.message.contains(says), "{gate}: {}", e.message);
    }
    assert_eq!(s.summary().unwrap().events, events, "nothing recorded");

    s.add_exception(waiving("Test to production#1")).unwrap();
    let register = s.exceptions(None, None).unwrap();
    let row = &register.rows[0];
    assert_eq!(row.exception.id, "exc-ana-lima-gate-test-prod.r1");
    assert_eq!(
        row.exception.waives,
        Waiver::Gate("gate-test-prod#1".into())
    );
    let sim = s
        .simulate(&SimulateInput {
            requester: "Ana Lima".into(),
            asset: "expense-claims".into(),
            from: None,
            to: "production".into(),
            attributes: Vec::new(),
            at: None,
        })
        .unwrap();
    let gate = sim
        .gates
        .iter()
        .find(|g| g.gate == "gate-test-prod")
        .unwrap();
    assert_eq!(gate.waived_by, None, "not the whole gate");
    let waived: Vec<Option<&str>> = (gate.requirements.iter())
        .map(|r| r.waived_by.as_deref())
        .collect();
    assert_eq!(waived[0], Some("exc-ana-lima-gate-test-prod.r1"));
    assert!(waived[1..].iter().all(Option::is_none), "{waived:?}");
}
