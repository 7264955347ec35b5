//! How the binder's access reviews section and the workbook's "Access reviews" sheet say a
//! campaign's state and an item's decision, so both say the same.

use chrono::NaiveDate;
use gatehouse_core::{AccessReview, ReviewDecision, ReviewDecisionKind, ReviewStatus};

/// The campaign's state on `at`: "open, 3 of 5 decided", "closed, 5 of 5 decided",
/// "scheduled".
pub(crate) fn state(r: &AccessReview, at: NaiveDate) -> String {
    let p = r.progress(at);
    match r.status {
        ReviewStatus::Scheduled => "scheduled".to_string(),
        ReviewStatus::Open => format!("open, {} of {} decided", p.decided, p.total),
        ReviewStatus::Closed => format!("closed, {} of {} decided", p.decided, p.total),
    }
}

/// An item's decision: "open" when none, "change: ends 2027-03-31", "keep", "revoke".
pub(crate) fn decision(d: Option<&ReviewDecision>) -> String {
    match d {
        None => "open".to_string(),
        Some(d) => match (d.decision, d.end_date) {
            (ReviewDecisionKind::Change, Some(end)) => format!("change: ends {end}"),
            (kind, _) => kind.to_string(),
        },
    }
}

/// What closing the campaign did with the item for `assignment`, when it is closed.
pub(crate) fn outcome(r: &AccessReview, assignment: &str) -> Option<&'static str> {
    let c = r.closed.as_ref()?;
    let has = |list: &[String]| list.iter().any(|a| a == assignment);
    Some(if has(&c.revoked) {
        "revoked"
    } else if has(&c.changed) {
        "end date changed"
    } else if has(&c.kept) {
        "kept"
    } else {
        "left as it was (undecided)"
    })
}
