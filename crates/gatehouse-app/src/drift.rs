//! Drift over a workbench: an actual access export (a platform's user or role-membership
//! list) read as the importer reads an assignment list, compared with the model on a date
//! (`gatehouse_core::drift`), and recorded in the audit log as a `drift.check` event (the
//! file's name and SHA-256, the date, the counts, and the entries while they are few), so
//! that "drift found at last check" has a date. The reading and comparing is a
//! [`DriftWork`], run as a [`crate::job`]; [`last_check`] reads the latest event back.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use gatehouse_core::drift::{self as core_drift, ActualAssignment, Drift, DriftCounts};
use gatehouse_core::progress::Stage;
use gatehouse_core::{DriftEntry, Finding, Model, UnmatchedEntry};
use gatehouse_import::{AssignmentExport, Limits, Mapping, Progress, Source, Warning};
use gatehouse_vault::Identity;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{AppError, AppResult, ErrorCode};
use crate::job::{Basis, Job, Report, Reporter, Stale, Work};
use crate::ops::{self, Actor};
use crate::workbench::Workbench;

/// The audit log's action of a drift check.
pub const ACTION: &str = "drift.check";

/// Up to this many entries, a check's event keeps them all (beyond, their SHA-256).
const RECORDED_ENTRIES: u32 = 500;

/// The differences, as `gatehouse drift --json` prints them: matched entries name the
/// model's ids, unmatched ones the export's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DriftLists {
    pub unauthorised: Vec<DriftEntry>,
    pub missing: Vec<DriftEntry>,
    pub expired_present: Vec<DriftEntry>,
    pub unmatched: Vec<UnmatchedEntry>,
}

impl From<&Drift> for DriftLists {
    fn from(d: &Drift) -> DriftLists {
        DriftLists {
            unauthorised: d.unauthorised.clone(),
            missing: d.missing.iter().map(|m| m.entry.clone()).collect(),
            expired_present: d.expired_present.iter().map(|l| l.entry.clone()).collect(),
            unmatched: d.unmatched.clone(),
        }
    }
}

/// A recorded drift check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DriftReport {
    /// The export's file name, SHA-256 and format.
    pub file: String,
    pub sha256: String,
    pub format: String,
    /// The date validity windows were judged on.
    pub at: NaiveDate,
    /// Assignments read from the export (a cell of several roles counts each).
    #[ts(type = "number")]
    pub rows: u64,
    pub drift: DriftLists,
    pub counts: DriftCounts,
    /// Each difference as a finding, its cell first in the message.
    pub findings: Vec<Finding>,
    /// What reading the export said: rows left out (revoked, disabled), doubts.
    pub warnings: Vec<Warning>,
    /// The audit event recording the check.
    #[ts(type = "number")]
    pub event: u64,
}

/// The last drift check, as its audit event keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct LastDriftCheck {
    #[ts(type = "number")]
    pub event: u64,
    /// When the check ran, and who ran it.
    pub checked_at: DateTime<Utc>,
    pub actor: String,
    pub file: String,
    pub sha256: String,
    pub at: NaiveDate,
    #[ts(type = "number")]
    pub rows: u64,
    pub counts: DriftCounts,
    /// The entries, when the event kept them (a check of up to 500 differences).
    pub drift: Option<DriftLists>,
}

/// What a `drift.check` event's `after` holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Recorded {
    file: String,
    sha256: String,
    format: String,
    at: NaiveDate,
    rows: u64,
    counts: DriftCounts,
    warnings: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    drift: Option<DriftLists>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    drift_sha256: Option<String>,
}

/// Reading an export and comparing it with a copy of the model: owns its inputs, so it
/// runs without the workbench.
pub struct DriftWork {
    pub source: Arc<Source>,
    pub model: Model,
    pub mapping: Mapping,
    pub at: NaiveDate,
}

/// A finished comparison, not recorded yet.
pub struct Compared {
    pub export: AssignmentExport,
    pub drift: Drift,
}

impl Work for DriftWork {
    type Output = Compared;

    fn stale(why: Stale) -> AppError {
        let message = match why {
            Stale::Input => "another export was chosen while this one was being read; check again",
            Stale::Model => "the model changed since this drift check was made; check again",
        };
        AppError::new(ErrorCode::DriftStale, message)
    }

    fn run(self, progress: Reporter<'_>) -> AppResult<Compared> {
        let export = gatehouse_import::read_assignments(
            &self.source,
            &self.mapping,
            &Limits::default(),
            Progress::from(progress),
        )?;
        if export.assignments.is_empty() {
            return Err(nothing_read(&export));
        }
        progress.report(Stage::Matching, 0.9, || {
            format!(
                "comparing {} assignments with the model",
                export.assignments.len()
            )
        });
        let actual: Vec<ActualAssignment> = (export.assignments.iter())
            .map(|a| ActualAssignment {
                person: a.person.clone(),
                role: a.role.clone(),
                environment: a.environment.clone(),
                email: a.email.clone(),
                source: Some(a.source.clone()),
            })
            .collect();
        let drift = core_drift::drift(&self.model, &actual, self.at);
        progress.report(Stage::Matching, 1.0, || "compared".into());
        Ok(Compared { export, drift })
    }
}

/// The error of an export from which no assignment was read, each sheet's reason named.
fn nothing_read(export: &AssignmentExport) -> AppError {
    let why: Vec<String> = (export.sheets.iter())
        .map(|s| format!("sheet {:?}: {}", s.name, s.note))
        .collect();
    AppError::new(
        ErrorCode::DriftEmpty,
        format!(
            "{}: no assignment (who holds which role) was read, so nothing was compared ({}). Give the export's layout with --mapping FILE.toml (`gatehouse import --mapping-example` prints one)",
            export.file,
            why.join("; ")
        ),
    )
}

/// Reads `path` and compares it with the workbench's model on `at` (today by the
/// workbench's clock when `None`); records nothing.
pub fn compare(
    workbench: &Workbench,
    path: &Path,
    at: Option<NaiveDate>,
    mapping: Option<&Mapping>,
    report: Report<'_>,
) -> AppResult<Compared> {
    let at = at.unwrap_or_else(|| workbench.clock().now().date_naive());
    let source = Source::read(path, &Limits::default())?;
    let work = DriftWork {
        source: Arc::new(source),
        model: workbench.model().clone(),
        mapping: mapping.cloned().unwrap_or_default(),
        at,
    };
    let job = Job::new(work, Basis::of(workbench));
    Ok(job.run(report)?.into_output())
}

/// Checks `path` against the workbench's model and records the check in its audit log
/// (saved with the next save).
pub fn check(
    workbench: &mut Workbench,
    path: &Path,
    at: Option<NaiveDate>,
    mapping: Option<&Mapping>,
    report: Report<'_>,
) -> AppResult<DriftReport> {
    let compared = compare(workbench, path, at, mapping, report)?;
    record(workbench, compared)
}

/// "2 unauthorised, 1 missing, 1 expired still present, 2 unmatched", or "no drift".
pub fn describe(counts: &DriftCounts) -> String {
    if counts.total() == 0 {
        return "no drift".into();
    }
    format!(
        "{} unauthorised, {} missing, {} expired still present, {} unmatched",
        counts.unauthorised, counts.missing, counts.expired_present, counts.unmatched
    )
}

/// Records a finished comparison as a `drift.check` event and describes it.
pub fn record(workbench: &mut Workbench, compared: Compared) -> AppResult<DriftReport> {
    let Compared { export, drift } = compared;
    let lists = DriftLists::from(&drift);
    let counts = drift.counts();
    let rows = export.assignments.len() as u64;
    let kept = counts.total() <= RECORDED_ENTRIES;
    let lists_json = serde_json::to_string(&lists).expect("drift entries serialise");
    let recorded = Recorded {
        file: export.file.clone(),
        sha256: export.sha256.clone(),
        format: export.format.clone(),
        at: drift.at,
        rows,
        counts,
        warnings: export.warnings.len() as u64,
        drift: kept.then(|| lists.clone()),
        drift_sha256: (!kept).then(|| gatehouse_core::audit::sha256_hex(lists_json.as_bytes())),
    };
    let summary = format!(
        "drift check of {} (sha256 {}) on {}: {}",
        export.file,
        &export.sha256[..12.min(export.sha256.len())],
        drift.at,
        describe(&counts)
    );
    let after = serde_json::to_value(&recorded).expect("a drift record serialises");
    let event = workbench.record(ACTION, summary, after)?;
    Ok(DriftReport {
        file: export.file,
        sha256: export.sha256,
        format: export.format,
        at: drift.at,
        rows,
        findings: core_drift::drift_findings(workbench.model(), &drift),
        drift: lists,
        counts,
        warnings: export.warnings,
        event: event.seq,
    })
}

/// The latest drift check in the workbench's audit log, if there is one.
pub fn last_check(workbench: &Workbench) -> AppResult<Option<LastDriftCheck>> {
    let events = workbench.events()?;
    let Some(event) = events.iter().rev().find(|e| e.action == ACTION) else {
        return Ok(None);
    };
    let unreadable = |why: String| {
        AppError::new(
            ErrorCode::CorruptVault,
            format!(
                "audit event {} (the last drift check) cannot be read: {why}",
                event.seq
            ),
        )
    };
    let after = event
        .after
        .clone()
        .ok_or_else(|| unreadable("it has no record".into()))?;
    let r: Recorded = serde_json::from_value(after).map_err(|e| unreadable(e.to_string()))?;
    Ok(Some(LastDriftCheck {
        event: event.seq,
        checked_at: event.at,
        actor: event.actor.clone(),
        file: r.file,
        sha256: r.sha256,
        at: r.at,
        rows: r.rows,
        counts: r.counts,
        drift: r.drift,
    }))
}

/// Opens the vault at `path`, checks `actual` against its model, records the check and
/// saves (the CLI's `gatehouse drift`).
pub fn check_vault(
    path: &Path,
    identity: &Identity,
    actual: &Path,
    at: Option<NaiveDate>,
    mapping: Option<&Mapping>,
    actor: &Actor,
    report: Report<'_>,
) -> AppResult<DriftReport> {
    let mut workbench = ops::open(path, identity, actor)?;
    let checked = check(&mut workbench, actual, at, mapping, report)?;
    workbench.save()?;
    Ok(checked)
}

/// The last drift check recorded in the vault at `path`.
pub fn last_check_in_vault(
    path: &Path,
    identity: &Identity,
    actor: &Actor,
) -> AppResult<Option<LastDriftCheck>> {
    last_check(&ops::open(path, identity, actor)?)
}
