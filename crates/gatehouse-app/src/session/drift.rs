//! Drift in the session: the last check (from the audit log), a check of an export the
//! person picked or of a bundled sample, run off the session as a job and recorded in the
//! audit log (saved with the next save) when it finishes on the
//! model it was started on.

use std::path::Path;
use std::sync::Arc;

use gatehouse_import::{Limits, Mapping, Source};

use super::Session;
use crate::drift::{self, Compared, DriftReport, DriftWork, LastDriftCheck};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::job::{Basis, Computed, Job, Stale, Work};
use crate::wizard::SampleInfo;

/// A bundled actual access export.
struct DriftSample {
    name: &'static str,
    description: &'static str,
    bytes: &'static [u8],
}

macro_rules! drift_samples {
    ($($name:literal => $description:literal,)+) => {
        &[$(DriftSample {
            name: $name,
            description: $description,
            bytes: include_bytes!(concat!("../../../../samples/actual/", $name)),
        },)+]
    };
}

/// The exports in `samples/actual/` (samples/README.md says what each differs in).
const DRIFT_SAMPLES: &[DriftSample] = drift_samples![
    "user-roles-generic.csv" => "A generic Person / Role / Environment export; differs from the demo model on 2026-12-15",
    "power-platform-users.xlsx" => "A Power Platform user export with several security roles per cell; differs on 2027-01-15",
    "servicenow-sys_user_has_role.csv" => "ServiceNow's user-role table by technical role name; differs on 2027-01-15",
];

impl Session {
    /// The last drift check recorded in the model's audit log, if any.
    pub fn drift_last(&self) -> AppResult<Option<LastDriftCheck>> {
        drift::last_check(&self.workbench)
    }

    /// The bundled actual access exports, each with what it shows.
    pub fn drift_samples(&self) -> Vec<SampleInfo> {
        (DRIFT_SAMPLES.iter())
            .map(|s| SampleInfo {
                name: s.name.to_string(),
                description: s.description.to_string(),
            })
            .collect()
    }

    /// A check of the export at `path` (one the person picked) against the model on `at`
    /// (`YYYY-MM-DD`; today when `None`), to run off the session.
    pub fn drift_job(&self, path: &Path, at: Option<&str>) -> AppResult<Job<DriftWork>> {
        let source = Source::read(path, &Limits::default())?;
        self.drift_job_over(source, at)
    }

    /// A check of the bundled sample `name`, like [`Session::drift_job`].
    pub fn drift_sample_job(&self, name: &str, at: Option<&str>) -> AppResult<Job<DriftWork>> {
        let sample = (DRIFT_SAMPLES.iter().find(|s| s.name == name)).ok_or_else(|| {
            let names: Vec<&str> = DRIFT_SAMPLES.iter().map(|s| s.name).collect();
            AppError::new(
                ErrorCode::NoSuchSample,
                format!(
                    "there is no actual access sample called {name:?}; the samples are {}",
                    names.join(", ")
                ),
            )
        })?;
        let source = Source {
            name: sample.name.to_string(),
            bytes: sample.bytes.to_vec(),
        };
        self.drift_job_over(source, at)
    }

    fn drift_job_over(&self, source: Source, at: Option<&str>) -> AppResult<Job<DriftWork>> {
        let work = DriftWork {
            source: Arc::new(source),
            model: self.workbench.model().clone(),
            mapping: Mapping::default(),
            at: self.date_or_today(at)?,
        };
        Ok(Job::new(work, Basis::of(&self.workbench)))
    }

    /// Records a finished check in the audit log, if the model is still the one it ran on
    /// (`drift_stale` otherwise); it is saved like an edit (the next save or autosave).
    pub fn drift_keep(&mut self, done: Computed<Compared>) -> AppResult<DriftReport> {
        if done.basis() != &Basis::of(&self.workbench) {
            return Err(DriftWork::stale(Stale::Model));
        }
        drift::record(&mut self.workbench, done.into_output())
    }
}
