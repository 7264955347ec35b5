//! Escalation coverage at given dates: standing, temporary, ended and future assignments,
//! a role nobody was ever given, and response targets in business hours.

use chrono::NaiveDate;
use gatehouse_core::escalation::{coverage, StepStatus};
use gatehouse_core::*;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// One incident path of four steps: Operator (Bob, standing), On call (Cy, temporary in
/// 2026), Duty manager (Dee from 2026-06-01, ended 2026-09-30; Eve from 2027-01-01) and
/// Security (nobody ever); Office hours of 8 hours a day.
fn model() -> Model {
    Model::from_json(
        r#"{
      "meta": {"name": "Escalation"},
      "people": [{"id": "bob", "name": "Bob", "kind": "it"},
                 {"id": "cy", "name": "Cy", "kind": "it"},
                 {"id": "dee", "name": "Dee", "kind": "it"},
                 {"id": "eve", "name": "Eve", "kind": "it"}],
      "roles": [{"id": "ops", "name": "Operator", "kind": "it_administrator"},
                {"id": "oncall", "name": "On call", "kind": "it_administrator"},
                {"id": "duty", "name": "Duty manager", "kind": "other"},
                {"id": "sec", "name": "Security", "kind": "other"}],
      "environments": [{"id": "dev", "name": "Development", "kind": "development", "order": 1}],
      "assignments": [{"id": "a1", "person": "bob", "role": "ops"},
                      {"id": "a2", "person": "cy", "role": "oncall", "valid_from": "2026-01-01", "valid_until": "2026-12-31"},
                      {"id": "a3", "person": "dee", "role": "duty", "valid_from": "2026-06-01", "valid_until": "2026-09-30"},
                      {"id": "a4", "person": "eve", "role": "duty", "valid_from": "2027-01-01"}],
      "calendars": [{"id": "office", "name": "Office hours", "working_days": ["mon", "tue", "wed", "thu", "fri"],
                     "opens": "09:00:00", "closes": "17:00:00"}],
      "escalation_paths": [{"id": "inc", "name": "Incidents", "kind": "incident",
                            "steps": [{"role": "ops", "response_hours": 1},
                                      {"role": "oncall", "response_hours": 4},
                                      {"role": "duty", "response_hours": 16},
                                      {"role": "sec", "response_hours": 12}]}]
    }"#,
    )
    .expect("the escalation model is valid")
}

fn statuses(at: &str) -> Vec<StepStatus> {
    let paths = coverage(&model(), day(at));
    paths[0].steps.iter().map(|s| s.status).collect()
}

#[test]
fn coverage_of_each_step_on_given_dates() {
    use StepStatus::*;
    assert_eq!(
        statuses("2026-07-01"),
        [Covered, TemporaryOnly, TemporaryOnly, Nobody]
    );
    assert_eq!(
        statuses("2026-11-27"),
        [Covered, TemporaryOnly, Expired, Nobody]
    );
    assert_eq!(statuses("2027-02-01"), [Covered, Expired, Covered, Nobody]);
    assert_eq!(
        statuses("2025-12-01"),
        [Covered, NotYetStarted, NotYetStarted, Nobody]
    );
}

#[test]
fn each_step_says_who_covers_it_or_why_nobody_does() {
    let paths = coverage(&model(), day("2026-11-27"));
    let p = &paths[0];
    assert_eq!(p.calendar.as_deref(), Some("Office hours"));
    assert!(!p.covered);
    let notes: Vec<(&str, &str)> = (p.steps.iter())
        .map(|s| (s.response.as_str(), s.note.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            ("1 business hour", "covered by Bob"),
            (
                "4 business hours (half a working day on Office hours)",
                "covered only by temporary access (Cy) until 2026-12-31"
            ),
            (
                "16 business hours (2 working days on Office hours)",
                "nobody: every assignment to Duty manager has ended, the last on 2026-09-30"
            ),
            (
                "12 business hours (1.5 working days on Office hours)",
                "nobody has ever been assigned Security"
            ),
        ]
    );
    let holders: Vec<(&str, Option<NaiveDate>)> = (p.steps[1].holders.iter())
        .map(|h| (h.person.as_str(), h.until))
        .collect();
    assert_eq!(holders, [("cy", Some(day("2026-12-31")))]);
    assert!(p.steps[2].holders.is_empty());
}

#[test]
fn findings_name_path_step_and_why() {
    let found: Vec<(Severity, String)> = findings(&model(), day("2026-11-27"))
        .into_iter()
        .filter(|f| f.code == FindingCode::EscalationStepUnstaffed)
        .map(|f| (f.severity, f.message))
        .collect();
    assert_eq!(
        found,
        [
            (
                Severity::Medium,
                "Step 3 of the incident escalation path \"Incidents\" goes to Duty manager (target 16 business hours (2 working days on Office hours)): nobody: every assignment to Duty manager has ended, the last on 2026-09-30.".to_string()
            ),
            (
                Severity::Medium,
                "Step 4 of the incident escalation path \"Incidents\" goes to Security (target 12 business hours (1.5 working days on Office hours)): nobody has ever been assigned Security.".to_string()
            ),
            (
                Severity::Low,
                "Step 2 of the incident escalation path \"Incidents\" goes to On call (target 4 business hours (half a working day on Office hours)): covered only by temporary access (Cy) until 2026-12-31.".to_string()
            ),
        ]
    );
    // Once Eve starts, the duty manager step is covered; the on-call step has lapsed.
    let later: Vec<String> = findings(&model(), day("2027-02-01"))
        .into_iter()
        .filter(|f| f.code == FindingCode::EscalationStepUnstaffed)
        .map(|f| f.message)
        .collect();
    assert_eq!(
        later,
        [
            "Step 2 of the incident escalation path \"Incidents\" goes to On call (target 4 business hours (half a working day on Office hours)): nobody: every assignment to On call has ended, the last on 2026-12-31.",
            "Step 4 of the incident escalation path \"Incidents\" goes to Security (target 12 business hours (1.5 working days on Office hours)): nobody has ever been assigned Security.",
        ]
    );
}

#[test]
fn a_path_counts_its_targets_on_its_own_calendar_else_the_first_saying_so() {
    let mut m = model();
    let mut long = m.calendars[0].clone();
    long.id = "support".into();
    long.name = "Support desk".into();
    long.opens = chrono::NaiveTime::from_hms_opt(7, 0, 0).unwrap();
    long.closes = chrono::NaiveTime::from_hms_opt(19, 0, 0).unwrap();
    m.calendars.push(long);
    let mut own = m.escalation_paths[0].clone();
    own.id = "inc-support".into();
    own.name = "Incidents at the support desk".into();
    own.calendar = Some("support".into());
    m.escalation_paths.push(own);
    validate(&m).expect("a path may name a calendar of the model");

    let paths = coverage(&m, day("2026-11-02"));
    let (first, own) = (&paths[0], &paths[1]);
    assert_eq!(
        (first.calendar.as_deref(), first.calendar_assumed),
        (Some("Office hours"), true)
    );
    assert_eq!(
        first.calendar_note,
        "Response targets in business hours of Office hours, the model's first calendar: the path names none."
    );
    assert_eq!(
        first.steps[2].response,
        "16 business hours (2 working days on Office hours)"
    );
    assert_eq!(
        (own.calendar.as_deref(), own.calendar_assumed),
        (Some("Support desk"), false)
    );
    assert_eq!(
        own.calendar_note,
        "Response targets in business hours of Support desk."
    );
    // 12-hour days: the same 16 hours are 1.3 working days there.
    assert_eq!(
        own.steps[2].response,
        "16 business hours (1.3 working days on Support desk)"
    );

    m.escalation_paths[1].calendar = Some("weekends".into());
    let errors = validate(&m).unwrap_err();
    assert!(
        errors.0.iter().any(|e| matches!(e,
            ValidationError::UnknownReference { field: "calendar", target, key, .. }
                if target == "weekends" && key == "inc-support")),
        "{errors:?}"
    );

    m.calendars.clear();
    m.escalation_paths[1].calendar = None;
    let paths = coverage(&m, day("2026-11-02"));
    assert_eq!(
        paths[0].calendar_note,
        "Response targets around the clock (the model has no calendar)."
    );
}
