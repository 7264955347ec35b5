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
