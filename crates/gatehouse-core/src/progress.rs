//! How far long work has got, and a way to stop it, for the inner loops of any crate (the
//! importer's cell loop today, the Monte Carlo simulation and the export next): a
//! [`Reporter`] passes [`Step`]s to the host and answers whether the host has cancelled.
//! Here, below every crate that does long work, so each can see it; the job's lifecycle
//! (start, cancel, keep the result only while it is current) is `gatehouse-app`'s.

use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
#[cfg(feature = "ts")]
use ts_rs::TS;

/// The stages of long work, in order within each kind of work (one vocabulary, so hosts
/// show any job with one progress type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(TS))]
pub enum Stage {
    /// Import: reading the file's cells.
    Reading,
    /// Import: recognising each sheet's layout and reading its rows.
    Recognising,
    /// Import: matching names to the model and working out what changes.
    Matching,
    /// Import: checking that the model after the import is valid.
    Checking,
    /// Export: writing the binder, the workbook and the data files.
    Writing,
    /// Export: signing the binder and the bag, packing and verifying it.
    Signing,
    /// Monte Carlo: drawing the requests and planning each distinct one.
    Planning,
    /// Monte Carlo: drawing the approvers' response times.
    Simulating,
}

/// One report: the stage, the share of the whole work done (0 to 1) and what is being
/// worked on, in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Step {
    pub stage: Stage,
    pub fraction: f64,
    pub detail: String,
}

/// Where reports go and the flag that stops the work; [`Reporter::none`] for callers that
/// need neither.
#[derive(Clone, Copy, Default)]
pub struct Reporter<'a> {
    report: Option<&'a (dyn Fn(&Step) + Sync)>,
    cancel: Option<&'a AtomicBool>,
}

impl<'a> Reporter<'a> {
    pub fn none() -> Reporter<'static> {
        Reporter::default()
    }

    /// Reports to `report`; the work stops when `cancel` becomes true.
    pub fn new(report: &'a (dyn Fn(&Step) + Sync), cancel: &'a AtomicBool) -> Reporter<'a> {
        Reporter {
            report: Some(report),
            cancel: Some(cancel),
        }
    }

    /// Whether the host asked the work to stop (the work looks between stages and every
    /// so often inside them).
    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }

    /// Reports `stage` at `fraction` (clamped to 0..=1) of the whole work; `detail` is
    /// only made when someone listens.
    pub fn report(&self, stage: Stage, fraction: f64, detail: impl FnOnce() -> String) {
        if let Some(report) = self.report {
            report(&Step {
                stage,
                fraction: fraction.clamp(0.0, 1.0),
                detail: detail(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    #[test]
    fn reports_reach_the_host_and_the_flag_is_read_as_it_is_now() {
        let seen = Mutex::new(Vec::new());
        let report = |s: &Step| seen.lock().unwrap().push((s.stage, s.fraction));
        let cancel = AtomicBool::new(false);
        let r = Reporter::new(&report, &cancel);
        r.report(Stage::Reading, 0.25, String::new);
        r.report(Stage::Checking, 1.5, String::new);
        assert_eq!(
            *seen.lock().unwrap(),
            vec![(Stage::Reading, 0.25), (Stage::Checking, 1.0)]
        );
        assert!(!r.is_cancelled());
        cancel.store(true, Ordering::Relaxed);
        assert!(r.is_cancelled(), "a cancel set later is seen");
        assert!(!Reporter::none().is_cancelled());
    }
}
