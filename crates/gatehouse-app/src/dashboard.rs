//! The dashboard: the model's figures on a date (`gatehouse_core::metrics`), the open
//! findings over time, and the drift found at the last check (from the audit log).
//!
//! Findings over time come from two records, oldest first, then the current model on the
//! date:
//!
//! - **the audit log**: the model at the end of each of the last days with edits before the
//!   date, judged on that day. The log keeps each edit's inverse, so the current model is
//!   walked back edit by edit, newest first. The walk stops at an event whose inverse the
//!   log only summarises (a whole-model replacement, a batch of more edits than it keeps):
//!   the days before it come from the named versions alone.
//! - **the named versions**: each version's model, judged on the day it was named (a day
//!   the audit log gives a point for shows the version's instead).
//!
//! Each point is exact for its day: the findings of the model as it then stood.

use chrono::NaiveDate;
use gatehouse_core::audit::AuditEvent;
use gatehouse_core::metrics::{self, FindingsPoint, Metrics};
use gatehouse_core::{Edit, Model};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::drift::{self, LastDriftCheck};
use crate::error::AppResult;
use crate::workbench::Workbench;

/// The label of the current model's point in the findings over time.
pub const NOW: &str = "now";

/// The label of a point replayed from the audit log (the end of its day).
pub const LOGGED: &str = "end of day";

/// At most this many days are replayed from the audit log.
const LOGGED_DAYS: usize = 12;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Dashboard {
    pub metrics: Metrics,
    /// The end of each of the last days with edits (from the audit log) and each named
    /// version, oldest first, then the current model on the date.
    pub findings_over_time: Vec<FindingsPoint>,
    /// The last drift check, if there was one.
    pub drift: Option<LastDriftCheck>,
}

/// The open findings of each named version's model on the day it was named, oldest first,
/// for the versions named by `at` (the audit package's past points too).
pub fn version_points(workbench: &Workbench, at: NaiveDate) -> AppResult<Vec<FindingsPoint>> {
    let mut points = Vec::new();
    for v in workbench.vault().versions()? {
        let day = v.at.date_naive();
        if day > at {
            continue;
        }
        if let Some(m) = workbench.vault().version_model(&v.name)? {
            points.push(metrics::findings_point(&v.name, &m, day));
        }
    }
    Ok(points)
}

/// What an audit event did to the model, for walking it back.
enum Step {
    /// Nothing (a version named, a drift check, an export, a copy, the recipients).
    None,
    /// This edit undoes it.
    Undo(Edit),
    /// The log keeps only a summary of what it changed: the walk stops here.
    Summarised,
}

fn step_of(e: &AuditEvent) -> Step {
    match &e.before {
        // Every model change records its inverse as an object with its `op`.
        Some(v) if v.get("op").is_some() => match serde_json::from_value::<Edit>(v.clone()) {
            Ok(edit) => Step::Undo(edit),
            Err(_) => Step::Summarised,
        },
        _ => Step::None,
    }
}

/// The open findings at the end of each of the last days (at most [`LOGGED_DAYS`]) before
/// `at` on which the model was edited, oldest first, replayed from the audit log (see the
/// module's comment).
pub fn logged_points(workbench: &Workbench, at: NaiveDate) -> AppResult<Vec<FindingsPoint>> {
    let events = workbench.vault().events()?;
    let mut model: Option<Model> = None;
    let mut points = Vec::new();
    // The day whose end the model (walked back so far) shows, once its point is taken.
    let mut taken: Option<NaiveDate> = None;
    for e in events.iter().rev() {
        let step = step_of(e);
        if matches!(step, Step::None) {
            continue;
        }
        // The model as walked back so far is the one after this event: on the event's
        // day's last edit, the day's end.
        let day = e.at.date_naive();
        if day < at && taken != Some(day) {
            if points.len() == LOGGED_DAYS {
                break;
            }
            let m = model.get_or_insert_with(|| workbench.model().clone());
            points.push(metrics::findings_point(LOGGED, m, day));
            taken = Some(day);
        }
        let Step::Undo(edit) = step else {
            break;
        };
        let m = model.get_or_insert_with(|| workbench.model().clone());
        // An inverse that no longer applies (a log from before a migration of the model)
        // ends the walk: the points taken are exact, older ones are not guessed.
        if gatehouse_core::apply(m, edit).is_err() {
            break;
        }
    }
    points.reverse();
    Ok(points)
}

/// The past points of the findings over time on `at`: the audit log's days and the named
/// versions, oldest first (a day both give shows the version).
pub fn past_points(workbench: &Workbench, at: NaiveDate) -> AppResult<Vec<FindingsPoint>> {
    let versions = version_points(workbench, at)?;
    let mut points: Vec<FindingsPoint> = logged_points(workbench, at)?
        .into_iter()
        .filter(|p| versions.iter().all(|v| v.at != p.at))
        .collect();
    points.extend(versions);
    points.sort_by_key(|p| p.at);
    Ok(points)
}

/// The dashboard of the workbench's model on `at`.
pub fn dashboard(workbench: &Workbench, at: NaiveDate) -> AppResult<Dashboard> {
    let model = workbench.model();
    let mut findings_over_time = past_points(workbench, at)?;
    findings_over_time.push(metrics::findings_point(NOW, model, at));
    Ok(Dashboard {
        metrics: metrics::metrics(model, at),
        findings_over_time,
        drift: drift::last_check(workbench)?,
    })
}
