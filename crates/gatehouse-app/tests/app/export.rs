//! The export workflow on a workbench: progress through the job's reports, a cancel that
//! writes nothing and records nothing, and the export recorded as one audit event.

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use gatehouse_app::export::{self, ExportRequest, ExportWork};
use gatehouse_app::job::{Basis, Slot, Stage};
use gatehouse_app::{templates, ErrorCode, FixedClock, Workbench};
use gatehouse_export::sign::SigningKey;

fn workbench() -> Workbench {
    let clock = Arc::new(FixedClock::at("2026-11-27T09:00:00Z"));
    let model = templates::load("generic-nocode").unwrap();
    Workbench::create(model, &[], "for a test", "admin", clock).unwrap()
}

fn key() -> SigningKey {
    SigningKey::generate("Ana", "Acme", NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).unwrap()
}

fn request(dest: &std::path::Path) -> ExportRequest {
    ExportRequest {
        dest: dest.display().to_string(),
        as_of: None,
        sections: Some(vec!["roles,matrix".into(), "sod".into()]),
        zip: false,
        encrypt_to: Vec::new(),
        organization: None,
    }
}

#[test]
fn an_export_reports_its_stages_and_is_recorded_once_with_the_tag_manifest_hash() {
    let dir = tempfile::tempdir().unwrap();
    let mut wb = workbench();
    let before = wb.events().unwrap().len();
    let dest = dir.path().join("pkg");
    let work = ExportWork::new(&wb, key(), &request(&dest)).unwrap();
    let mut slot = Slot::<ExportWork>::default();
    let job = slot.start(work, Basis::of(&wb));
    let seen = Mutex::new(Vec::new());
    let done = job
        .run(&|s| seen.lock().unwrap().push(s.stage))
        .unwrap()
        .into_output();
    let outcome = export::record(&mut wb, done).unwrap();
    let stages = seen.into_inner().unwrap();
    assert!(
        stages.contains(&Stage::Writing) && stages.contains(&Stage::Signing),
        "{stages:?}"
    );
    assert!(outcome.passed, "{:?}", outcome.checks);
    assert_eq!(
        outcome.as_of.to_rfc3339(),
        "2026-11-27T09:00:00+00:00",
        "as of the clock's now"
    );
    assert!(
        outcome
            .left_out
            .iter()
            .any(|l| l.starts_with("ownership: not asked for")),
        "{:?}",
        outcome.left_out
    );
    let events = wb.events().unwrap();
    assert_eq!(events.len(), before + 1);
    let event = events.last().unwrap();
    assert_eq!(event.action, "package.export");
    let after = event.after.as_ref().unwrap();
    assert_eq!(
        after["tag_manifest_sha256"],
        outcome.tag_manifest_sha256.as_str()
    );
    assert_eq!(
        after["sections"],
        serde_json::json!(["roles", "matrix", "sod"])
    );
    let bag_info = fs_err::read_to_string(dest.join("bag-info.txt")).unwrap();
    assert!(
        bag_info.contains("Source-Organization: Acme\n"),
        "the certificate's organisation: {bag_info}"
    );
}

#[test]
fn a_cancelled_export_writes_nothing_and_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let wb = workbench();
    let dest = dir.path().join("pkg");
    let work = ExportWork::new(&wb, key(), &request(&dest)).unwrap();
    let mut slot = Slot::<ExportWork>::default();
    let job = slot.start(work, Basis::of(&wb));
    slot.cancel();
    let err = job.run(&|_| {}).err().expect("a cancelled export stops");
    assert_eq!(err.code, ErrorCode::ExportCancelled);
    assert!(!dest.exists(), "nothing was written");
    assert_eq!(wb.events().unwrap().len(), 1, "nothing was recorded");
}

#[test]
fn the_package_charts_the_findings_at_each_version_named_by_its_as_of_date() {
    use gatehouse_app::versions::{self, VersionInput};
    use gatehouse_export::Section;
    let mut wb = workbench();
    let name = |n: &str| VersionInput {
        name: n.into(),
        approved_by: Some("the CAB".into()),
        note: String::new(),
    };
    let at_v1 = gatehouse_app::core::metrics::metrics(wb.model(), wb.today()).open_findings;
    versions::create(&mut wb, &name("v1.0")).unwrap();
    // Ana, a citizen developer, made an IT administrator too: one more SoD conflict.
    let edit = gatehouse_app::edits::assign(
        wb.model(),
        "ana-lima",
        "it-administrator",
        None,
        None,
        wb.today(),
    )
    .unwrap();
    wb.apply(edit).unwrap();
    let now = gatehouse_app::core::metrics::metrics(wb.model(), wb.today()).open_findings;
    assert!(now.total() > at_v1.total(), "the edit added a finding");

    let as_of = chrono::DateTime::parse_from_rfc3339("2026-11-27T10:00:00Z")
        .unwrap()
        .to_utc();
    let snap = export::snapshot(&wb, as_of, vec![Section::Dashboard], "Acme").unwrap();
    let points = gatehouse_export::dashboard::findings_over_time(&snap);
    let seen: Vec<(&str, u32)> = points
        .iter()
        .map(|p| (p.label.as_str(), p.counts.total()))
        .collect();
    assert_eq!(
        seen,
        [("v1.0", at_v1.total()), ("as exported", now.total())]
    );
    assert_eq!(points[0].counts, at_v1);

    // A package dated before the version was named does not show it.
    let before = chrono::DateTime::parse_from_rfc3339("2026-11-26T10:00:00Z")
        .unwrap()
        .to_utc();
    let snap = export::snapshot(&wb, before, vec![Section::Dashboard], "Acme").unwrap();
    let labels: Vec<String> = gatehouse_export::dashboard::findings_over_time(&snap)
        .into_iter()
        .map(|p| p.label)
        .collect();
    assert_eq!(labels, ["as exported"]);
}
