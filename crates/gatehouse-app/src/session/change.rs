//! Change requests of the session's model: list, request (or evaluate only), sign,
//! promote; each recorded step one audited, undoable edit.

use super::Session;
use crate::change::{self, Attempt, ChangeInput, ChangeList, ChangeRequested, SignChange};
use crate::error::AppResult;
use crate::workbench::Summary;

impl Session {
    /// Every change with where it stands now.
    pub fn changes(&self) -> AppResult<ChangeList> {
        change::list(self.workbench.model(), self.clock.now())
    }

    /// Evaluates a change with the gate simulation now and, unless `dry_run`, records it.
    pub fn request_change(
        &mut self,
        input: ChangeInput,
        dry_run: bool,
    ) -> AppResult<ChangeRequested> {
        let mut requested = change::request(self.workbench.model(), &input, self.clock.now())?;
        if !dry_run {
            requested.summary = Some(self.apply_edit(change::record(&requested.change))?);
            requested.recorded = true;
        }
        Ok(requested)
    }

    /// Records a sign-off now, by a person eligible now.
    pub fn sign_change(&mut self, input: SignChange) -> AppResult<Summary> {
        let edit = change::sign(self.workbench.model(), &input, self.clock.now())?;
        self.apply_edit(edit)
    }

    /// Promotes a change now, if every gate on its way is satisfied.
    /// Promotes a change now; a promotion the gates refuse is recorded on the change (as
    /// its own audited edit) and then reported as the error.
    pub fn promote_change(&mut self, id: &str, by: &str) -> AppResult<Summary> {
        match change::promote(self.workbench.model(), id, by, self.clock.now())? {
            Attempt::Promoted(edit) => self.apply_edit(edit),
            Attempt::Refused {
                record,
                summary,
                refusal,
            } => {
                self.workbench.apply_described(record, summary)?;
                Err(refusal)
            }
        }
    }
}
