//! Drift checks over a workbench: the model untouched, one `drift.check` event, the last
//! check read back from the log.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use gatehouse_app::core::{FindingCode, Model};
use gatehouse_app::drift;
use gatehouse_app::job::quiet;
use gatehouse_app::{templates, ErrorCode, FixedClock, Workbench};

fn actual(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/actual")
        .join(name)
}

/// The generic template, on a clock in January 2027 (Hugo's cover has ended).
fn workbench() -> Workbench {
    let clock = Arc::new(FixedClock::at("2027-01-15T09:00:00Z"));
    let model: Model = templates::load("generic-nocode").unwrap();
    Workbench::create(model, &[], "for a test", "admin", clock).unwrap()
}

#[test]
fn a_check_records_one_event_and_changes_nothing_else() {
    let mut wb = workbench();
    let before = wb.model().clone();
    let report = drift::check(
        &mut wb,
        &actual("power-platform-users.xlsx"),
        None,
        None,
        &quiet,
    )
    .unwrap();
    assert_eq!(report.at.to_string(), "2027-01-15", "today by the clock");
    assert_eq!(report.rows, 13, "ten people, several roles in three cells");
    assert_eq!(
        (
            report.counts.unauthorised,
            report.counts.missing,
            report.counts.expired_present,
            report.counts.unmatched
        ),
        (2, 1, 1, 2)
    );
    let codes: Vec<FindingCode> = report.findings.iter().map(|f| f.code).collect();
    assert_eq!(
        codes,
        [
            FindingCode::DriftUnauthorised,
            FindingCode::DriftUnauthorised,
            FindingCode::DriftExpiredPresent,
            FindingCode::DriftUnmatched,
            FindingCode::DriftUnmatched,
            FindingCode::DriftMissing,
        ]
    );
    assert_eq!(wb.model(), &before, "a check does not edit the model");
    let summary = wb.summary().unwrap();
    assert!(!summary.can_undo, "a check is a record, not an undo step");
    assert!(summary.dirty, "the record is saved with the next save");
    let events = wb.events().unwrap();
    let event = events.last().unwrap();
    assert_eq!(
        (event.seq, event.action.as_str()),
        (report.event, "drift.check")
    );
    wb.vault().verify_chain().unwrap();

    let last = drift::last_check(&wb)
        .unwrap()
        .expect("a check was recorded");
    assert_eq!(last.event, report.event);
    assert_eq!(last.checked_at.to_rfc3339(), "2027-01-15T09:00:00+00:00");
    assert_eq!(last.actor, "admin");
    assert_eq!(
        (last.file.as_str(), last.sha256.as_str()),
        ("power-platform-users.xlsx", report.sha256.as_str())
    );
    assert_eq!(last.counts, report.counts);
    assert_eq!(
        last.drift.as_ref(),
        Some(&report.drift),
        "a small check keeps its entries"
    );
}

#[test]
fn no_check_yet_is_none() {
    assert_eq!(drift::last_check(&workbench()).unwrap(), None);
}

#[test]
fn a_large_check_keeps_the_digest_of_its_entries_not_the_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contractors.csv");
    let mut text = String::from("User,Role\n");
    for i in 0..600 {
        text.push_str(&format!("Contractor {i},Viewer\n"));
    }
    fs_err::write(&path, text).unwrap();
    let mut wb = workbench();
    let report = drift::check(&mut wb, &path, None, None, &quiet).unwrap();
    assert_eq!(report.counts.unmatched, 600);
    assert_eq!(
        report.counts.missing, 9,
        "nobody of the model is in the file"
    );
    let events = wb.events().unwrap();
    let after = events.last().unwrap().after.clone().unwrap();
    assert!(after.get("drift").is_none(), "609 entries are not kept");
    assert_eq!(after["drift_sha256"].as_str().unwrap().len(), 64);
    let last = drift::last_check(&wb).unwrap().unwrap();
    assert_eq!((last.counts.unmatched, last.drift), (600, None));
}

#[test]
fn an_export_without_assignments_is_refused_and_recorded_nowhere() {
    let mut wb = workbench();
    let raci = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/raci.xlsx");
    let err = drift::check(&mut wb, &raci, None, None, &quiet).unwrap_err();
    assert_eq!(err.code, ErrorCode::DriftEmpty);
    assert!(err.message.contains("sheet \"RACI\""), "{}", err.message);
    assert_eq!(wb.events().unwrap().len(), 1, "only the model's creation");
    assert!(!wb.summary().unwrap().dirty);
}
