//! The desktop's import wizard: pick a file (or a bundled sample), preview it against the
//! open model with progress and cancel, change how a sheet is read, look at its cells with
//! the warnings marked where they are, then apply it as one undoable step or close.
//!
//! The long part, reading and matching, runs as a [`crate::job`] ([`ImportJob`]) that owns
//! everything it needs, so a host runs it off the session's lock (and off its UI thread)
//! and can cancel it; its result is only kept while the file and the model's revision are
//! the ones it was computed on.

mod marks;
mod review;
mod samples;
mod transport;

use std::path::Path;
use std::sync::Arc;

use gatehouse_import::{Import, Limits, Mapping, MappingOrigin, SheetMapping, Source};
pub use gatehouse_import::{Stage, Step};

pub use samples::{
    is_spreadsheet, sample_infos, sample_names, Sample, SAMPLES, SPREADSHEET_EXTENSIONS,
};
pub use transport::{
    CellMark, CellRole, CellWindow, ImportDone, ImportFile, ImportReview, NewNames, ReviewSheet,
    RowCounts, SampleInfo, SheetChoice,
};

use crate::error::{AppError, AppResult, ErrorCode};
use crate::import::{self, ImportWork};
use crate::job::{Basis, Computed, Job, Reporter, Slot, Stale, Work};
use crate::workbench::Workbench;
use marks::SheetMarks;

/// A preview to compute: owns its inputs, so it runs without the session.
pub type ImportJob = Job<PreviewWork>;

/// The wizard's preview: the import's work, and the cells it marks for the grid.
pub struct PreviewWork(ImportWork);

/// A finished preview, with what the grid needs.
pub struct Prepared {
    import: Import,
    marks: Vec<SheetMarks>,
}

impl Work for PreviewWork {
    type Output = Prepared;

    fn stale(why: Stale) -> AppError {
        ImportWork::stale(why)
    }

    fn run(self, progress: Reporter<'_>) -> AppResult<Prepared> {
        let import = self.0.run(progress)?;
        let marks = marks::cell_marks(&import);
        Ok(Prepared { import, marks })
    }
}

/// The wizard's state in a session: the file, and its preview job.
pub(crate) struct Wizard {
    source: Arc<Source>,
    sha256: String,
    sample: Option<&'static Sample>,
    preview: Slot<PreviewWork>,
}

impl Wizard {
    /// A wizard on the spreadsheet at `path`.
    pub(crate) fn open(path: &Path) -> AppResult<Wizard> {
        let source = Source::read(path, &Limits::default())?;
        Ok(Wizard::over(source, None))
    }

    /// A wizard on one of the bundled samples.
    pub(crate) fn sample(name: &str) -> AppResult<Wizard> {
        let sample = samples::sample(name).ok_or_else(|| {
            AppError::new(
                ErrorCode::NoSuchSample,
                format!(
                    "there is no sample called {name:?}; the samples are {}",
                    sample_names().join(", ")
                ),
            )
        })?;
        let source = Source {
            name: sample.name.to_string(),
            bytes: sample.bytes.to_vec(),
        };
        Ok(Wizard::over(source, Some(sample)))
    }

    fn over(source: Source, sample: Option<&'static Sample>) -> Wizard {
        Wizard {
            sha256: source.sha256(),
            source: Arc::new(source),
            sample,
            preview: Slot::default(),
        }
    }

    pub(crate) fn file(&self) -> ImportFile {
        ImportFile {
            name: self.source.name.clone(),
            bytes: self.source.bytes.len() as u64,
            sample: self.sample.is_some(),
            description: self.sample.map(|s| s.description.to_string()),
        }
    }

    /// What a result must have been computed on to hold now.
    fn current(&self, workbench: &Workbench) -> Basis {
        Basis::of(workbench).with_input(self.sha256.clone())
    }

    /// A job previewing the file against the workbench's model. Without choices the
    /// mapping stored by an earlier import of a file of the same name is used, if any;
    /// each choice replaces how one sheet is read, the other sheets staying as last
    /// previewed.
    pub(crate) fn job(
        &mut self,
        workbench: &Workbench,
        choices: &[SheetChoice],
    ) -> AppResult<ImportJob> {
        let (mapping, origin) = if choices.is_empty() {
            import::stored_mapping(workbench, &self.source.name)?
        } else {
            (self.chosen(choices), MappingOrigin::Given)
        };
        let work = PreviewWork(ImportWork {
            source: self.source.clone(),
            model: workbench.model().clone(),
            mapping,
            origin,
            previous: import::previously_held(workbench, &self.source.name)?,
            today: Some(workbench.today()),
        });
        Ok(self.preview.start(work, self.current(workbench)))
    }

    /// What was asked last time (sheets that were detected are detected again), with each
    /// choice replacing how its sheet is read.
    fn chosen(&self, choices: &[SheetChoice]) -> Mapping {
        let mut mapping = match self.preview.kept() {
            Some(p) => p.import.asked.clone(),
            None => Mapping::default(),
        };
        for choice in choices {
            let chosen = match &choice.parts {
                Some(parts) => SheetMapping {
                    name: choice.sheet.clone(),
                    layout: choice.layout,
                    ..parts.clone()
                },
                None => SheetMapping::new(&choice.sheet, choice.layout),
            };
            let same = mapping.sheet(&choice.sheet).is_some_and(|m| {
                if choice.parts.is_some() {
                    *m == chosen
                } else {
                    m.layout == choice.layout
                }
            });
            if !same {
                mapping.sheets.retain(|m| m.name != choice.sheet);
                mapping.sheets.push(chosen);
            }
        }
        mapping
    }

    /// Keeps a finished preview (if it is still about this file and this model) and says
    /// what it found.
    pub(crate) fn keep(
        &mut self,
        workbench: &Workbench,
        done: Computed<Prepared>,
    ) -> AppResult<ImportReview> {
        let current = self.current(workbench);
        let kept = self.preview.keep(done, &current)?;
        Ok(review::review(&kept.import, current.model_revision()))
    }

    /// The kept preview, taken out to apply (if it still holds).
    pub(crate) fn take_preview(&mut self, workbench: &Workbench) -> AppResult<Import> {
        let current = self.current(workbench);
        let prepared = self.preview.take(&current).ok_or_else(|| {
            AppError::new(
                ErrorCode::NoPreview,
                "the import has not been previewed yet; preview it first",
            )
        })??;
        Ok(prepared.import)
    }

    /// Cells `first_row..first_row + count` of sheet `sheet` (its index) of the kept
    /// preview.
    pub(crate) fn cells(&self, sheet: usize, first_row: u32, count: u32) -> AppResult<CellWindow> {
        let prepared = self.preview.kept().ok_or_else(|| {
            AppError::new(
                ErrorCode::NoPreview,
                "the import has not been previewed yet",
            )
        })?;
        marks::window(&prepared.import, &prepared.marks, sheet, first_row, count)
    }

    /// Stops a running preview (a later one runs).
    pub(crate) fn cancel(&self) {
        self.preview.cancel();
    }
}

pub(crate) fn no_wizard() -> AppError {
    AppError::new(
        ErrorCode::NoImport,
        "no import is open; choose a spreadsheet first",
    )
}
