//! Access review campaigns of the session's model: the board, start, decide, close; each
//! change one audited, undoable edit.

use std::path::Path;

use super::Session;
use crate::error::AppResult;
use crate::review::{self, DecideInput, ReviewBoard, ReviewInput};
use crate::review_xlsx::{self, ReviewImportOutcome};
use crate::workbench::Summary;

impl Session {
    /// The campaigns on `at` (`YYYY-MM-DD`; today when `None`).
    pub fn reviews(&self, at: Option<&str>) -> AppResult<ReviewBoard> {
        let at = self.date_or_today(at)?;
        Ok(review::board(self.workbench.model(), at))
    }

    /// Starts a new campaign now.
    pub fn start_review(&mut self, input: ReviewInput) -> AppResult<Summary> {
        let edit = review::start(self.workbench.model(), &input, self.clock.now())?;
        self.apply_edit(edit)
    }

    /// Starts a scheduled campaign (the next of a recurrence) now.
    pub fn start_scheduled_review(&mut self, id: &str) -> AppResult<Summary> {
        let edit = review::start_scheduled(self.workbench.model(), id, self.clock.now())?;
        self.apply_edit(edit)
    }

    /// Records a reviewer's decision now.
    pub fn decide_review(&mut self, input: DecideInput) -> AppResult<Summary> {
        let edit = review::decide(self.workbench.model(), &input, self.clock.now())?;
        self.apply_edit(edit)
    }

    /// Closes a campaign: its revocations and end-date changes applied as one edit.
    pub fn close_review(&mut self, id: &str) -> AppResult<Summary> {
        let edit = review::close(self.workbench.model(), id, &self.actor, self.clock.now())?;
        let summary = review::close_summary(id, &edit);
        self.workbench.apply_described(edit, summary)?;
        self.summary()
    }

    /// Writes the campaign's reviewers' workbook to `path`; the number of items.
    pub fn export_review(&self, id: &str, path: &Path) -> AppResult<usize> {
        let today = self.clock.now().date_naive();
        review_xlsx::export(self.workbench.model(), id, today, path)
    }

    /// Records the decisions of a reviewer's workbook: one audited edit (none when the file
    /// holds no new decision; nothing on an error).
    pub fn import_review(&mut self, id: &str, path: &Path) -> AppResult<ReviewImportOutcome> {
        let read = review_xlsx::read(self.workbench.model(), id, path, None, self.clock.now())?;
        let mut outcome = read.outcome();
        if read.decisions > 0 {
            outcome.summary = Some(self.apply_edit(read.edit)?);
        }
        Ok(outcome)
    }
}
