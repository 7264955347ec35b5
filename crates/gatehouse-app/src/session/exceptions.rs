//! The exception register of the session's model: list, add, end.

use gatehouse_core::exceptions::EXPIRING_WITHIN_DAYS;

use super::Session;
use crate::error::AppResult;
use crate::exceptions::{self, ExceptionInput, ExceptionRegister};
use crate::workbench::Summary;

impl Session {
    /// The register on `at` (`YYYY-MM-DD`; today when `None`), exceptions ending within
    /// `within_days` (30 when `None`) marked as expiring.
    pub fn exceptions(
        &self,
        at: Option<&str>,
        within_days: Option<u32>,
    ) -> AppResult<ExceptionRegister> {
        let at = self.date_or_today(at)?;
        Ok(exceptions::register(
            self.workbench.model(),
            at,
            within_days.unwrap_or(EXPIRING_WITHIN_DAYS),
        ))
    }

    /// Records an exception approved today: one audited, undoable edit.
    pub fn add_exception(&mut self, input: ExceptionInput) -> AppResult<Summary> {
        let today = self.clock.now().date_naive();
        let edit = exceptions::add(self.workbench.model(), &input, today)?;
        self.apply_edit(edit)
    }

    /// Ends an exception: no longer in force from today.
    pub fn end_exception(&mut self, id: &str) -> AppResult<Summary> {
        let today = self.clock.now().date_naive();
        let edit = exceptions::end(self.workbench.model(), id, today)?;
        self.apply_edit(edit)
    }
}
