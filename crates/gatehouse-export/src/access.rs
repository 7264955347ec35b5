//! Where an assignment stands on the as-of date: the status the workbook's "Assignments"
//! sheet and the controls' evidence give it.

use chrono::NaiveDate;
use gatehouse_core::Assignment;

/// An assignment that ends within this many days of the as-of date is "expiring".
pub const EXPIRING_WITHIN_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccessStatus {
    /// Valid on the date and not ending soon (or never).
    Active,
    /// Valid on the date, ending within [`EXPIRING_WITHIN_DAYS`].
    Expiring,
    /// Ended before the date.
    Expired,
    /// Starts after the date.
    NotYetValid,
}

impl AccessStatus {
    pub fn of(a: &Assignment, on: NaiveDate) -> AccessStatus {
        match (a.valid_from, a.valid_until) {
            (Some(from), _) if from > on => AccessStatus::NotYetValid,
            (_, Some(until)) if until < on => AccessStatus::Expired,
            (_, Some(until)) if (until - on).num_days() <= EXPIRING_WITHIN_DAYS => {
                AccessStatus::Expiring
            }
            _ => AccessStatus::Active,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AccessStatus::Active => "active",
            AccessStatus::Expiring => "expiring",
            AccessStatus::Expired => "expired",
            AccessStatus::NotYetValid => "not yet valid",
        }
    }
}
