//! The session's import wizard (see [`crate::wizard`]): at most one open, on one file.

use std::path::Path;

use super::Session;
use crate::error::AppResult;
use crate::job::Computed;
use crate::wizard::{
    self, no_wizard, CellWindow, ImportDone, ImportFile, ImportJob, ImportReview, Prepared,
    SampleInfo, SheetChoice, Wizard,
};

/// The open wizard, or the error saying there is none.
fn open(wizard: &mut Option<Wizard>) -> AppResult<&mut Wizard> {
    wizard.as_mut().ok_or_else(no_wizard)
}

impl Session {
    /// Starts an import of the spreadsheet at `path` (any earlier one is closed).
    pub fn import_choose(&mut self, path: &Path) -> AppResult<ImportFile> {
        self.import_close();
        let wizard = Wizard::open(path)?;
        Ok(self.wizard.insert(wizard).file())
    }

    /// Starts an import of one of the bundled samples.
    pub fn import_sample(&mut self, name: &str) -> AppResult<ImportFile> {
        self.import_close();
        let wizard = Wizard::sample(name)?;
        Ok(self.wizard.insert(wizard).file())
    }

    /// Starts the wizard on the spreadsheet named on the command line, once; `None` when
    /// there is none.
    pub fn import_pending(&mut self) -> AppResult<Option<ImportFile>> {
        match self.pending_import.take() {
            Some(path) => self.import_choose(&path).map(Some),
            None => Ok(None),
        }
    }

    pub fn import_samples(&self) -> Vec<String> {
        wizard::sample_names()
    }

    /// The bundled samples with what each shows.
    pub fn import_sample_infos(&self) -> Vec<SampleInfo> {
        wizard::sample_infos()
    }

    /// The preview to run (off the session) for the chosen file and sheet layouts.
    pub fn import_job(&mut self, choices: &[SheetChoice]) -> AppResult<ImportJob> {
        open(&mut self.wizard)?.job(&self.workbench, choices)
    }

    /// Keeps a finished preview and describes it.
    pub fn import_keep(&mut self, prepared: Computed<Prepared>) -> AppResult<ImportReview> {
        open(&mut self.wizard)?.keep(&self.workbench, prepared)
    }

    /// A block of one sheet's cells with the header, read cells and warnings marked.
    pub fn import_cells(&self, sheet: usize, first_row: u32, count: u32) -> AppResult<CellWindow> {
        let wizard = self.wizard.as_ref().ok_or_else(no_wizard)?;
        wizard.cells(sheet, first_row, count)
    }

    /// Stops a running preview; the wizard stays open.
    pub fn import_cancel(&self) {
        if let Some(w) = &self.wizard {
            w.cancel();
        }
    }

    /// Applies the previewed import as one undoable step and closes the wizard; with
    /// `sync`, removing what the file no longer has (see [`crate::import::apply`]).
    pub fn import_apply(&mut self, sync: bool) -> AppResult<ImportDone> {
        let import = open(&mut self.wizard)?.take_preview(&self.workbench)?;
        let outcome = crate::import::apply_prepared(&mut self.workbench, import, sync)?;
        self.wizard = None;
        Ok(ImportDone {
            summary: self.summary()?,
            changes: outcome.preview.changes,
            changed: outcome.changed,
            event: outcome.event,
        })
    }

    /// Closes the wizard without importing (stopping a running preview).
    pub fn import_close(&mut self) {
        if let Some(w) = self.wizard.take() {
            w.cancel();
        }
    }
}
