//! What the analysis finds in the session's model.

use gatehouse_core::escalation::PathCoverage;
use gatehouse_core::Finding;

use super::Session;
use crate::error::{AppError, AppResult, ErrorCode};

impl Session {
    /// The findings of the open model on `at` (`YYYY-MM-DD`; today when `None`).
    pub fn findings(&self, at: Option<&str>) -> AppResult<Vec<Finding>> {
        let at = self.date_or_today(at)?;
        Ok(gatehouse_core::findings(self.workbench.model(), at))
    }

    /// Each escalation path's steps with their coverage on `at` (`YYYY-MM-DD`; today when
    /// `None`).
    pub fn escalation_coverage(&self, at: Option<&str>) -> AppResult<Vec<PathCoverage>> {
        let at = self.date_or_today(at)?;
        Ok(gatehouse_core::escalation::coverage(
            self.workbench.model(),
            at,
        ))
    }

    /// The dashboard on `at` (`YYYY-MM-DD`; today when `None`).
    pub fn dashboard(&self, at: Option<&str>) -> AppResult<crate::dashboard::Dashboard> {
        let at = self.date_or_today(at)?;
        crate::dashboard::dashboard(&self.workbench, at)
    }

    /// `at` as a date (`YYYY-MM-DD`), or today by the session's clock when `None` or blank.
    pub(super) fn date_or_today(&self, at: Option<&str>) -> AppResult<chrono::NaiveDate> {
        Ok(match at.filter(|a| !a.trim().is_empty()) {
            Some(text) => {
                chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
                    AppError::new(
                        ErrorCode::InvalidDate,
                        format!("{text:?} is not a date; use YYYY-MM-DD"),
                    )
                })?
            }
            None => self.clock.now().date_naive(),
        })
    }
}
