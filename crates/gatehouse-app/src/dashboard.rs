//! The dashboard: the model's figures on a date (`gatehouse_core::metrics`), the open
//! findings over time, and the drift found at the last check (from the audit log).
//!
//! Findings over time replay the named versions: each version's model, judged on the day
//! it was named, then the current model on the date. The audit log does not record
//! findings, and a version keeps the whole model, so each point is exact for its day.

use chrono::NaiveDate;
use gatehouse_core::metrics::{self, FindingsPoint, Metrics};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::drift::{self, LastDriftCheck};
use crate::error::AppResult;
use crate::workbench::Workbench;

/// The label of the current model's point in the findings over time.
pub const NOW: &str = "now";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Dashboard {
    pub metrics: Metrics,
    /// One point per named version (oldest first), then the current model on the date.
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

/// The dashboard of the workbench's model on `at`.
pub fn dashboard(workbench: &Workbench, at: NaiveDate) -> AppResult<Dashboard> {
    let model = workbench.model();
    let mut findings_over_time = version_points(workbench, at)?;
    findings_over_time.push(metrics::findings_point(NOW, model, at));
    Ok(Dashboard {
        metrics: metrics::metrics(model, at),
        findings_over_time,
        drift: drift::last_check(workbench)?,
    })
}
