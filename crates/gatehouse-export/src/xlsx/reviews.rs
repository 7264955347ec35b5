//! The "Access reviews" sheet: every item of every campaign, one row each, with the
//! campaign's state, the item's reviewer and decision, and what closing the campaign did.
//! The same facts as the binder's access reviews section (`crate::reviews` words both).

use chrono::NaiveDate;
use gatehouse_core::AccessReview;

use super::cells::{Cell, SheetWriter};
use super::Names;
use crate::{ExportError, Snapshot};

/// The cells of an item's row after the campaign's, and where its decision is among them.
const ITEM_CELLS: usize = 10;
const DECISION: usize = 4;

/// The campaign's cells at the start of each of its rows.
fn campaign(r: &AccessReview, at: NaiveDate) -> Vec<Cell<'_>> {
    vec![
        Cell::from(r.id.as_str()),
        Cell::from(r.name.as_str()),
        Cell::from(crate::reviews::state(r, at)),
        Cell::Date(r.due),
        Cell::from(if r.is_overdue(at) { "yes" } else { "no" }),
    ]
}

pub(super) fn reviews(w: &mut SheetWriter, s: &Snapshot, names: &Names) -> Result<(), ExportError> {
    let at = s.as_of_date();
    let state = format!("State on {at}");
    let mut rows = Vec::new();
    for r in &s.model.access_reviews {
        if r.items.is_empty() {
            let mut item: Vec<Cell> = (0..ITEM_CELLS).map(|_| Cell::Empty).collect();
            item[DECISION] = Cell::from("not started: no items yet");
            let mut row = campaign(r, at);
            row.extend(item);
            rows.push(row);
            continue;
        }
        for i in r.items.iter() {
            let d = r.decision(&i.assignment);
            let mut row = campaign(r, at);
            row.extend([
                Cell::from(names.person(&i.person)),
                Cell::from(names.role(&i.role)),
                Cell::from(
                    i.environment
                        .as_deref()
                        .map_or("all", |e| names.environment(e)),
                ),
                Cell::from(
                    i.reviewers
                        .first()
                        .map_or("nobody may decide", |p| names.person(p)),
                ),
                Cell::from(crate::reviews::decision(d)),
                Cell::from(d.map(|d| names.person(&d.by))),
                d.map_or(Cell::Empty, |d| Cell::DateTime(d.at)),
                Cell::from(d.and_then(|d| d.comment.as_deref())),
                Cell::from(crate::reviews::outcome(r, &i.assignment)),
                // The assignment's id: what matches the row to the model.
                Cell::from(i.assignment.as_str()),
            ]);
            rows.push(row);
        }
    }
    let cols = [
        "Campaign id",
        "Campaign",
        state.as_str(),
        "Due",
        "Overdue",
        "Person",
        "Role",
        "Environment",
        "Reviewer",
        "Decision",
        "Decided by",
        "Decided at (UTC)",
        "Comment",
        "On closing",
        "Assignment id",
    ];
    w.register(
        0,
        &cols,
        rows,
        "The model records no access review campaigns.",
    )?;
    Ok(())
}
