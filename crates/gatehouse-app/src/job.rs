//! Long work as jobs (the import preview now; the Monte Carlo simulation and the export
//! next): a job owns its inputs, so a host runs it off the session's lock and off its UI
//! thread (the desktop on a blocking worker, the CLI in place); it reports [`Step`]s (a
//! stage, a fraction and a message) that both hosts show, can be cancelled, and its result
//! is tied to what it was computed on: kept only while the model's revision (and, for work
//! on a file, the file's hash) is still that, else the kind's own `stale` error.
//!
//! The reporter the work's inner loops call is `gatehouse_core::progress`, below every
//! crate that does long work; the lifecycle is here.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub use gatehouse_core::progress::{Reporter, Stage, Step};

use crate::error::{AppError, AppResult};
use crate::workbench::Workbench;

/// Where a host's progress reports go.
pub type Report<'a> = &'a (dyn Fn(&Step) + Sync);

/// A report sink for hosts that show nothing.
pub fn quiet(_: &Step) {}

/// What a result was computed on: the model's revision and, for work on a file, the
/// file's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basis {
    revision: u64,
    input: Option<String>,
}

impl Basis {
    /// The workbench's model as it is now.
    pub fn of(workbench: &Workbench) -> Basis {
        Basis::revision(workbench.revision())
    }

    pub fn revision(revision: u64) -> Basis {
        Basis {
            revision,
            input: None,
        }
    }

    /// The same, for work on an input with this hash.
    pub fn with_input(self, sha256: impl Into<String>) -> Basis {
        Basis {
            input: Some(sha256.into()),
            ..self
        }
    }

    pub fn model_revision(&self) -> u64 {
        self.revision
    }

    /// Why a result computed on `self` does not hold for `current`, if it does not.
    fn stale_for(&self, current: &Basis) -> Option<Stale> {
        if self.input != current.input {
            Some(Stale::Input)
        } else if self.revision != current.revision {
            Some(Stale::Model)
        } else {
            None
        }
    }
}

/// Why a result no longer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stale {
    /// Another input (file) was chosen meanwhile.
    Input,
    /// The model moved on to another revision.
    Model,
}

/// One kind of long work.
pub trait Work {
    type Output;

    /// The error saying a result of this kind no longer holds: each kind keeps its own
    /// code (`import_stale` for the import).
    fn stale(why: Stale) -> AppError;

    /// Does the work, reporting to `progress` and stopping (with the kind's own
    /// `cancelled` error) once it is cancelled.
    fn run(self, progress: Reporter<'_>) -> AppResult<Self::Output>;
}

/// Work to do, with what it is computed on and the flag that stops it.
pub struct Job<W> {
    work: W,
    basis: Basis,
    cancel: Arc<AtomicBool>,
}

impl<W: Work> Job<W> {
    /// A job nobody cancels (a host that runs it in place, such as the CLI).
    pub fn new(work: W, basis: Basis) -> Job<W> {
        Job {
            work,
            basis,
            cancel: Arc::default(),
        }
    }

    /// Runs the work to its end, reporting to `report`.
    pub fn run(self, report: Report<'_>) -> AppResult<Computed<W::Output>> {
        let Job {
            work,
            basis,
            cancel,
        } = self;
        let output = work.run(Reporter::new(report, &cancel))?;
        Ok(Computed { output, basis })
    }
}

/// A finished job's result and what it was computed on.
pub struct Computed<T> {
    output: T,
    basis: Basis,
}

impl<T> Computed<T> {
    pub fn basis(&self) -> &Basis {
        &self.basis
    }

    pub fn output(&self) -> &T {
        &self.output
    }

    /// The result, without asking whether it still holds (a host that runs the job in
    /// place, on a model nothing else changes).
    pub fn into_output(self) -> T {
        self.output
    }
}

/// A host's place for one kind of job: the running job's cancel flag and the last result,
/// kept while it holds.
pub struct Slot<W: Work> {
    cancel: Arc<AtomicBool>,
    kept: Option<Computed<W::Output>>,
}

impl<W: Work> Default for Slot<W> {
    fn default() -> Self {
        Slot {
            cancel: Arc::default(),
            kept: None,
        }
    }
}

impl<W: Work> Slot<W> {
    /// A job for `work` on `basis`. Its cancel flag is fresh: a cancel of an earlier job
    /// does not stop this one.
    pub fn start(&mut self, work: W, basis: Basis) -> Job<W> {
        self.cancel = Arc::default();
        Job {
            work,
            basis,
            cancel: self.cancel.clone(),
        }
    }

    /// Stops the running job, if one runs; its `run` returns the kind's cancel error.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Keeps a finished job's result if it holds for `current`; the kind's stale error
    /// (and the earlier result kept) if not.
    pub fn keep(&mut self, done: Computed<W::Output>, current: &Basis) -> AppResult<&W::Output> {
        if let Some(why) = done.basis.stale_for(current) {
            return Err(W::stale(why));
        }
        Ok(&self.kept.insert(done).output)
    }

    /// The kept result, whether or not it still holds.
    pub fn kept(&self) -> Option<&W::Output> {
        self.kept.as_ref().map(|c| &c.output)
    }

    /// Takes the kept result out (`None` when there is none); the kind's stale error when
    /// it no longer holds for `current` (it is dropped then too).
    pub fn take(&mut self, current: &Basis) -> Option<AppResult<W::Output>> {
        let done = self.kept.take()?;
        Some(match done.basis.stale_for(current) {
            Some(why) => Err(W::stale(why)),
            None => Ok(done.output),
        })
    }
}
