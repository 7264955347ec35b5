//! The session's model files: a new model from a template, opening (now or once the key is
//! unlocked), saving.

use std::path::{Path, PathBuf};

use super::{from_template, Session};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::identity;
use crate::templates::{self, TemplateInfo};
use crate::wizard;
use crate::workbench::{Summary, Workbench};

impl Session {
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
        let path = self
            .pending
            .clone()
            .ok_or_else(|| AppError::new(ErrorCode::NoFile, "no file is waiting to be opened"))?;
        self.open(&path)
    }

    pub fn templates(&self) -> Vec<TemplateInfo> {
        templates::list()
    }

    /// Replaces the open model with a new, unsaved one from `template`.
    pub fn new_from_template(&mut self, template: &str) -> AppResult<Summary> {
        self.workbench = from_template(template, &self.actor, self.clock.clone())?;
        self.summary()
    }

    /// Opens the vault at `path`. While the identity is locked the file waits (see
    /// [`Session::pending_file`]), so the passphrase dialog can name it and open it after.
    pub fn open(&mut self, path: &Path) -> AppResult<Summary> {
        let Some(identity) = self.identity.as_ref() else {
            self.pending = Some(path.to_path_buf());
            return Err(identity::locked());
        };
        self.workbench = Workbench::open(path, identity, &self.actor, self.clock.clone())?;
        self.pending = None;
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

    /// Saves if the autosave policy says it is time.
    pub fn autosave(&mut self) -> AppResult<Summary> {
        self.workbench.autosave_if_due()?;
        self.summary()
    }
}
