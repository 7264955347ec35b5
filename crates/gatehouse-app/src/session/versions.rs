//! Named versions of the session's model.

use super::Session;
use crate::error::AppResult;
use crate::versions::{self, VersionDiff, VersionInfo, VersionInput};
use crate::workbench::Summary;

impl Session {
    pub fn versions(&self) -> AppResult<Vec<VersionInfo>> {
        versions::list(&self.workbench)
    }

    /// Names the model as it is now (kept with the next save).
    pub fn add_version(&mut self, input: VersionInput) -> AppResult<Summary> {
        versions::create(&mut self.workbench, &input)?;
        self.summary()
    }

    pub fn diff_versions(&self, from: Option<&str>, to: Option<&str>) -> AppResult<VersionDiff> {
        versions::compare(&self.workbench, from, to)
    }

    /// Makes the model what the version holds: one edit, undone in one step.
    pub fn restore_version(&mut self, name: &str) -> AppResult<Summary> {
        versions::restore(&mut self.workbench, name)?;
        self.summary()
    }
}
