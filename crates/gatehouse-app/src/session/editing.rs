//! Editing the session's model: one edit at a time, undo and redo.

use gatehouse_core::{Edit, Model};

use super::Session;
use crate::error::AppResult;
use crate::workbench::Summary;

impl Session {
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
}
