//! The session's dashboard and drift commands on the demo model (the generic template) on
//! 2026-12-02, the date the desktop's end-to-end tests run on: the figures the Dashboard
//! page shows, and a drift check of a bundled sample becoming "drift at last check".

use std::path::Path;
use std::sync::Arc;

use gatehouse_app::core::metrics::SeverityCounts;
use gatehouse_app::job::quiet;
use gatehouse_app::{ErrorCode, FixedClock, Session};

fn session(dir: &Path) -> Session {
    let clock = Arc::new(FixedClock::at("2026-12-02T09:00:00Z"));
    Session::demo(dir.join("identity.age"), "facilitator", clock).unwrap()
}

#[test]
fn the_demo_models_dashboard() {
    let dir = tempfile::tempdir().unwrap();
    let s = session(dir.path());
    let d = s.dashboard(None).unwrap();
    let m = &d.metrics;
    assert_eq!(m.at.to_string(), "2026-12-02");
    // 34 grants that give access, none with a finding; 10 assignments, of which Hugo's
    // two (requester and business validator: an SoD conflict) have one.
    let a = &m.adherence;
    assert_eq!(
        (a.grants, a.grants_clean, a.assignments, a.assignments_clean),
        (34, 34, 10, 8)
    );
    assert_eq!(a.rate, Some(42.0 / 44.0));
    assert_eq!(
        m.open_findings,
        SeverityCounts {
            critical: 0,
            high: 2,
            medium: 1,
            low: 0
        }
    );
    assert_eq!(
        (
            m.approvals.requests,
            m.approvals.open,
            m.approvals.mean_hours
        ),
        (1, 1, None),
        "the template's one change request is still open"
    );
    assert_eq!(m.simulated.decks + m.simulated.monte_carlo_runs, 0);
    assert!(m.exceptions_expiring.is_empty() && m.reviews_overdue.is_empty());
    assert_eq!(d.findings_over_time.len(), 1, "no named version: now only");
    assert_eq!(d.findings_over_time[0].counts, m.open_findings);
    assert!(d.drift.is_none());
}

#[test]
fn a_drift_check_of_a_sample_is_the_dashboards_drift_at_last_check() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    assert!(s.drift_last().unwrap().is_none());
    let names: Vec<String> = s.drift_samples().into_iter().map(|x| x.name).collect();
    assert!(names.contains(&"user-roles-generic.csv".to_string()));
    let job = s
        .drift_sample_job("user-roles-generic.csv", Some("2026-12-15"))
        .unwrap();
    let report = s.drift_keep(job.run(&quiet).unwrap()).unwrap();
    let c = report.counts;
    assert_eq!(
        (c.unauthorised, c.missing, c.expired_present, c.unmatched),
        (1, 2, 0, 2)
    );
    assert_eq!(
        report.drift.unauthorised[0].source.as_deref(),
        Some("'user-roles-generic'!A10")
    );
    let last = s
        .drift_last()
        .unwrap()
        .expect("the check is in the audit log");
    assert_eq!(
        (last.file.as_str(), last.at.to_string()),
        ("user-roles-generic.csv", "2026-12-15".to_string())
    );
    let d = s.dashboard(None).unwrap();
    assert_eq!(d.drift.map(|l| l.counts), Some(c));
}

#[test]
fn a_check_made_before_the_model_changed_is_stale_and_not_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    let job = s.drift_sample_job("user-roles-generic.csv", None).unwrap();
    let done = job.run(&quiet).unwrap();
    let m = s.model();
    let mut renamed = m.people[0].clone();
    renamed.name = format!("{} Jr", renamed.name);
    s.apply_edit(gatehouse_app::core::Edit::Upsert {
        entity: gatehouse_app::core::Entity::Person(renamed),
    })
    .unwrap();
    let err = s.drift_keep(done).unwrap_err();
    assert_eq!(err.code, ErrorCode::DriftStale);
    assert!(s.drift_last().unwrap().is_none());
    let Err(unknown) = s.drift_sample_job("nope.csv", None) else {
        panic!("an unknown sample is refused");
    };
    assert_eq!(unknown.code, ErrorCode::NoSuchSample);
}

/// The findings over time replay the audit log: the model at the end of each earlier day
/// with edits, judged on that day, beside the named versions; a day's later edits and the
/// edits after the date are not in its point; a whole-model replacement ends the walk.
#[test]
fn the_findings_over_time_replay_the_audit_log_day_by_day() {
    use gatehouse_app::core::metrics::metrics;
    use gatehouse_app::edits::assign;
    use gatehouse_app::versions::{self, VersionInput};
    use gatehouse_app::{templates, Workbench};

    let clock = Arc::new(FixedClock::at("2026-11-28T09:00:00Z"));
    let model = templates::load("generic-nocode").unwrap();
    let mut wb = Workbench::create(model, &[], "from a template", "ana", clock.clone()).unwrap();
    let day = |d: &str| d.parse::<chrono::NaiveDate>().unwrap();
    let start = metrics(wb.model(), day("2026-11-28")).open_findings;
    // 28 November: Ana, a citizen developer, made an IT administrator too (an SoD
    // conflict), and an hour later an IT approver.
    let edit = assign(
        wb.model(),
        "ana-lima",
        "it-administrator",
        None,
        None,
        wb.today(),
    )
    .unwrap();
    wb.apply(edit).unwrap();
    clock.advance(chrono::Duration::hours(1));
    let edit = assign(
        wb.model(),
        "ana-lima",
        "it-approver",
        None,
        None,
        wb.today(),
    )
    .unwrap();
    wb.apply(edit).unwrap();
    let end_of_28 = metrics(wb.model(), day("2026-11-28")).open_findings;
    assert!(
        end_of_28.total() > start.total(),
        "the edits added findings"
    );
    // 30 November: undone, and the version named.
    clock.advance(chrono::Duration::days(2));
    wb.undo().unwrap();
    let end_of_30 = metrics(wb.model(), day("2026-11-30")).open_findings;
    assert_ne!(end_of_30, end_of_28);
    versions::create(
        &mut wb,
        &VersionInput {
            name: "v1.0".into(),
            approved_by: None,
            note: String::new(),
        },
    )
    .unwrap();
    // 2 December: the second assignment undone too.
    clock.advance(chrono::Duration::days(2));
    wb.undo().unwrap();

    let d = gatehouse_app::dashboard::dashboard(&wb, day("2026-12-02")).unwrap();
    let seen: Vec<(&str, String, SeverityCounts)> = (d.findings_over_time.iter())
        .map(|p| (p.label.as_str(), p.at.to_string(), p.counts))
        .collect();
    let now = metrics(wb.model(), day("2026-12-02")).open_findings;
    assert_eq!(
        seen,
        [
            ("end of day", "2026-11-28".to_string(), end_of_28),
            ("v1.0", "2026-11-30".to_string(), end_of_30),
            ("now", "2026-12-02".to_string(), now),
        ]
    );
    // On 29 November the edits of the 30th and after are not counted.
    let d = gatehouse_app::dashboard::dashboard(&wb, day("2026-11-29")).unwrap();
    assert_eq!(d.findings_over_time[0].counts, end_of_28);
    assert_eq!(d.findings_over_time.len(), 2, "the 28th, then now");

    // A replacement of the whole model: the log keeps only its summary, so the days
    // before it are no longer replayed (the version still is).
    clock.advance(chrono::Duration::days(1));
    let replaced = templates::load("generic-nocode").unwrap();
    wb.apply(gatehouse_app::core::Edit::Replace {
        model: Box::new(replaced),
    })
    .unwrap();
    let d = gatehouse_app::dashboard::dashboard(&wb, day("2026-12-04")).unwrap();
    let labels: Vec<(&str, String)> = (d.findings_over_time.iter())
        .map(|p| (p.label.as_str(), p.at.to_string()))
        .collect();
    assert_eq!(
        labels,
        [
            ("v1.0", "2026-11-30".to_string()),
            ("end of day", "2026-12-03".to_string()),
            ("now", "2026-12-04".to_string()),
        ]
    );
}
