//! Progress reports and cancelling, on a real generated workbook.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use gatehouse_import::{
    prepare_with, Import, Limits, Mapping, MappingOrigin, Progress, Source, Stage, Step,
};

use crate::empty_model;

/// Imports `source` into an empty model with the detected mapping, reporting to `progress`.
fn import_with(
    source: &Source,
    limits: &Limits,
    progress: Progress<'_>,
) -> Result<Import, gatehouse_import::ImportError> {
    prepare_with(
        source,
        &empty_model(),
        &Mapping::default(),
        MappingOrigin::Given,
        limits,
        progress,
    )
}

/// Imports `source` within `limits`, never cancelled, and returns every step it reported.
fn import_recording(source: &Source, limits: &Limits) -> (Import, Vec<Step>) {
    let steps = Mutex::new(Vec::new());
    let report = |s: &Step| steps.lock().unwrap().push(s.clone());
    let cancel = AtomicBool::new(false);
    let import = import_with(source, limits, Progress::new(&report, &cancel)).unwrap();
    (import, steps.into_inner().unwrap())
}

/// An assignment list of `rows` rows.
fn assignments(rows: u32) -> Source {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Access").unwrap();
    ws.write_row(0, 0, ["Person", "Role"]).unwrap();
    for r in 1..=rows {
        ws.write(r, 0, format!("Person {r}")).unwrap();
        ws.write(r, 1, format!("Role {}", r % 7)).unwrap();
    }
    Source {
        name: "access.xlsx".into(),
        bytes: wb.save_to_buffer().unwrap(),
    }
}

#[test]
fn an_import_reports_every_stage_with_rising_fractions() {
    let (import, steps) = import_recording(&assignments(20_000), &Limits::default());
    assert_eq!(import.preview.assignments.len(), 20_000);
    let stages: Vec<Stage> = steps.iter().map(|s| s.stage).collect();
    for stage in [
        Stage::Reading,
        Stage::Recognising,
        Stage::Matching,
        Stage::Checking,
    ] {
        assert!(stages.contains(&stage), "no {stage:?} report in {stages:?}");
    }
    // 40,000 cells: reading reports several times, naming the row it got to.
    let reading: Vec<&Step> = steps.iter().filter(|s| s.stage == Stage::Reading).collect();
    assert!(reading.len() >= 5, "{reading:?}");
    assert!(
        reading
            .iter()
            .any(|s| s.detail.starts_with("sheet 1 of 1: row ") && s.detail.ends_with(" of 20,001")),
        "{reading:?}"
    );
    assert!(steps.windows(2).all(|w| w[0].fraction <= w[1].fraction));
    assert_eq!(steps.last().unwrap().fraction, 1.0);
    // The workbook read is kept with the import, for showing cells.
    assert_eq!(import.workbook.sheets[0].text(20_000, 0), "Person 20000");
}

#[test]
fn cancelling_while_reading_stops_with_a_cancelled_error() {
    let source = assignments(50_000);
    let cancel = AtomicBool::new(false);
    let reports = Mutex::new(0u32);
    // Cancel from the report callback after the second report, as a host would from its
    // own thread when the person presses Cancel.
    let report = |_: &Step| {
        let mut n = reports.lock().unwrap();
        *n += 1;
        if *n == 2 {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    let err = import_with(&source, &Limits::default(), Progress::new(&report, &cancel))
        .err()
        .expect("a cancelled import returns an error");
    assert_eq!(err.code(), "import_cancelled");
    assert_eq!(
        err.to_string(),
        "access.xlsx: import cancelled; nothing was changed"
    );
    // It stopped soon after the cancel: nowhere near the 100,000 cells' worth of reports.
    assert!(*reports.lock().unwrap() <= 3, "{}", reports.lock().unwrap());
}

#[test]
fn a_cancel_before_starting_reads_nothing() {
    let cancel = AtomicBool::new(true);
    let report = |_: &Step| panic!("nothing is reported once cancelled");
    let err = import_with(
        &assignments(10),
        &Limits::default(),
        Progress::new(&report, &cancel),
    )
    .err()
    .unwrap();
    assert_eq!(err.code(), "import_cancelled");
}

#[test]
fn reading_a_sheet_cut_at_the_row_limit_fills_the_reading_part_of_the_bar() {
    // 20,000 rows declared, 5,000 read: the bar follows the 5,000 it will read.
    let limits = Limits {
        max_rows: 5_000,
        ..Limits::default()
    };
    let (_, steps) = import_recording(&assignments(20_000), &limits);
    let reading = steps
        .iter()
        .filter(|s| s.stage == Stage::Reading)
        .map(|s| s.fraction)
        .fold(0.0, f64::max);
    // Reports come every 4,096 cells (2,048 rows here): the last at row 4,096 of 5,000.
    assert!(reading > 0.5, "reading got the bar only to {reading}");
}
