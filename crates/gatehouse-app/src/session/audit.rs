//! The audit log of the session's model.

use gatehouse_core::AuditFilter;

use super::Session;
use crate::audit::{self, AuditLogView};
use crate::error::AppResult;

impl Session {
    /// The events matching `filter`, newest first, with the chain's check.
    pub fn audit_log(&self, filter: &AuditFilter) -> AppResult<AuditLogView> {
        audit::view(&self.workbench, filter)
    }
}
