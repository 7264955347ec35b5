//! A desktop session: the user's identity (locked or unlocked) and the open workbench.
//! Every method is one host command; the desktop shell forwards to these one-to-one.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use age::secrecy::SecretString;
use gatehouse_core::{Edit, Model};
use gatehouse_vault::Identity;

use crate::clock::Clock;
use crate::error::{AppResult, ErrorCode};
use crate::identity::{self, IdentityStatus};
use crate::templates::{self, TemplateInfo, DEMO_TEMPLATE};
use crate::wizard::{
    self, CellWindow, ImportDone, ImportFile, ImportJob, ImportReview, Prepared, SheetChoice,
    Wizard,
};
use crate::workbench::{Summary, Workbench};

pub struct Session {
    /// A file named on the command line, opened once the identity is unlocked.
    pending: Option<PathBuf>,
    identity_path: PathBuf,
    identity: Option<Identity>,
    workbench: Workbench,
    actor: String,
    clock: Arc<dyn Clock>,
    /// The import wizard, while one is open.
    wizard: Option<Wizard>,
    /// A spreadsheet named on the command line, for the import wizard to open.
    pending_import: Option<PathBuf>,
}

impl Session {
    /// A session showing the demo model (the generic template, unsaved), identity locked.
    pub fn demo(identity_path: PathBuf, actor: &str, clock: Arc<dyn Clock>) -> AppResult<Session> {
        let workbench = from_template(DEMO_TEMPLATE, actor, clock.clone())?;
        Ok(Session {
            pending: None,
            identity_path,
            identity: None,
            workbench,
            actor: actor.to_string(),
            clock,
            wizard: None,
            pending_import: None,
        })
    }

    /// Remembers a vault to open as soon as the identity is unlocked (the desktop was
    /// started with a file, e.g. from a file manager).
    pub fn open_later(&mut self, path: PathBuf) {
        self.pending = Some(path);
    }

    /// A file given on the command line (e.g. from a file manager): a spreadsheet (by its
    /// extension) waits for the import wizard; anything else is taken as a vault, opened
    /// once the identity is unlocked.
    pub fn start_with(&mut self, path: PathBuf) {
        if wizard::is_spreadsheet(&path) {
            self.pending_import = Some(path);
        } else {
            self.open_later(path);
        }
    }

    /// The vault waiting to be opened, if any.
    pub fn pending_file(&self) -> Option<String> {
        self.pending.as_ref().map(|p| p.display().to_string())
    }

    /// Opens the waiting vault (needs the identity unlocked); afterwards nothing waits.
    pub fn open_pending(&mut self) -> AppResult<Summary> {
        let path = self.pending.clone().ok_or_else(|| {
            crate::AppError::new(ErrorCode::NoFile, "no file is waiting to be opened")
        })?;
        let summary = self.open(&path)?;
        self.pending = None;
        Ok(summary)
    }

    pub fn workbench(&self) -> &Workbench {
        &self.workbench
    }

    pub fn identity_status(&self) -> IdentityStatus {
        identity::status(&self.identity_path, self.identity.as_ref())
    }

    /// Creates the user's identity on first use, protected by `passphrase`.
    pub fn create_identity(&mut self, passphrase: String) -> AppResult<IdentityStatus> {
        let identity = identity::create(&self.identity_path, Some(SecretString::from(passphrase)))?;
        self.identity = Some(identity);
        Ok(self.identity_status())
    }

    pub fn unlock(&mut self, passphrase: String) -> AppResult<IdentityStatus> {
        let identity = identity::unlock(&self.identity_path, Some(SecretString::from(passphrase)))?;
        self.identity = Some(identity);
        Ok(self.identity_status())
    }

    pub fn templates(&self) -> Vec<TemplateInfo> {
        templates::list()
    }

    /// Replaces the open model with a new, unsaved one from `template`.
    pub fn new_from_template(&mut self, template: &str) -> AppResult<Summary> {
        self.workbench = from_template(template, &self.actor, self.clock.clone())?;
        self.summary()
    }

    pub fn open(&mut self, path: &Path) -> AppResult<Summary> {
        let identity = self.identity.as_ref().ok_or_else(identity::locked)?;
        self.workbench = Workbench::open(path, identity, &self.actor, self.clock.clone())?;
        self.summary()
    }

    pub fn save(&mut self) -> AppResult<Summary> {
        self.workbench.save()?;
        self.summary()
    }

    /// Saves to `path`. A model that has no recipients yet (a new one) is encrypted to the
    /// user's own key.
    pub fn save_as(&mut self, path: &Path) -> AppResult<Summary> {
        let identity = self.identity.as_ref().ok_or_else(identity::locked)?;
        let recipients = self.workbench.recipients()?;
        if recipients.is_empty() {
            self.workbench
                .save_as(path, Some(&[identity.recipient()]))?;
        } else {
            self.workbench.save_as(path, None)?;
        }
        self.summary()
    }

    pub fn summary(&self) -> AppResult<Summary> {
        self.workbench.summary()
    }

    pub fn model(&self) -> Model {
        self.workbench.model().clone()
    }

    pub fn apply_edit(&mut self, edit: Edit) -> AppResult<Summary> {
        self.workbench.apply(edit)?;
        self.summary()
    }

    pub fn undo(&mut self) -> AppResult<Summary> {
        self.workbench.undo()?;
        self.summary()
    }

    pub fn redo(&mut self) -> AppResult<Summary> {
        self.workbench.redo()?;
        self.summary()
    }

    /// The findings of the open model on `at` (`YYYY-MM-DD`; today when `None`).
    pub fn findings(&self, at: Option<&str>) -> AppResult<Vec<gatehouse_core::Finding>> {
        let at = match at.filter(|a| !a.trim().is_empty()) {
            Some(text) => {
                chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
                    crate::AppError::new(
                        ErrorCode::InvalidDate,
                        format!("{text:?} is not a date; use YYYY-MM-DD"),
                    )
                })?
            }
            None => self.clock.now().date_naive(),
        };
        Ok(gatehouse_core::findings(self.workbench.model(), at))
    }

    /// Saves if the autosave policy says it is time.
    pub fn autosave(&mut self) -> AppResult<Summary> {
        self.workbench.autosave_if_due()?;
        self.summary()
    }
}

/// The import wizard (see [`crate::wizard`]).
impl Session {
    /// Starts an import of the spreadsheet at `path` (any earlier one is closed).
    pub fn import_choose(&mut self, path: &Path) -> AppResult<ImportFile> {
        self.import_close();
        let wizard = wizard::start(path)?;
        Ok(self.wizard.insert(wizard).file())
    }

    /// Starts an import of one of the bundled samples.
    pub fn import_sample(&mut self, name: &str) -> AppResult<ImportFile> {
        self.import_close();
        let wizard = wizard::start_sample(name)?;
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

    /// The preview to run (off the session) for the chosen file and sheet layouts.
    pub fn import_job(&mut self, choices: &[SheetChoice]) -> AppResult<ImportJob> {
        wizard::job(self.wizard.as_mut(), &self.workbench, choices)
    }

    /// Keeps a finished preview and describes it.
    pub fn import_keep(&mut self, prepared: Prepared) -> AppResult<ImportReview> {
        wizard::keep(self.wizard.as_mut(), &self.workbench, prepared)
    }

    /// A block of one sheet's cells with the header, read cells and warnings marked.
    pub fn import_cells(&self, sheet: usize, first_row: u32, count: u32) -> AppResult<CellWindow> {
        wizard::cells(self.wizard.as_ref(), sheet, first_row, count)
    }

    /// Stops a running preview; the wizard stays open.
    pub fn import_cancel(&self) {
        if let Some(w) = &self.wizard {
            w.cancel();
        }
    }

    /// Applies the previewed import as one undoable step and closes the wizard.
    pub fn import_apply(&mut self) -> AppResult<ImportDone> {
        let outcome = wizard::apply(&mut self.wizard, &mut self.workbench)?;
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

fn from_template(template: &str, actor: &str, clock: Arc<dyn Clock>) -> AppResult<Workbench> {
    let model = templates::load(template)?;
    Workbench::create(
        model,
        &[],
        &format!("from template {template}"),
        actor,
        clock,
    )
}
