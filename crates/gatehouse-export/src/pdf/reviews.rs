//! The access review campaigns, kept as evidence: each campaign's scope, reviewers, dates
//! and progress, each item with its reviewer and decision, and what closing it did.

use gatehouse_core::AccessReview;

use crate::layout::{Flow, Style, Table};
use crate::names::Names;
use crate::snapshot::Snapshot;

const SIZE: f32 = 7.5;

pub(super) fn reviews(flow: &mut Flow, s: &Snapshot) {
    let m = &s.model;
    if m.access_reviews.is_empty() {
        return super::registers::empty(flow, "access review campaigns");
    }
    let at = s.as_of.date_naive();
    let names = Names::new(m);
    flow.paragraph(
        &format!(
            "{} campaign(s). A campaign's items are the assignments in its scope when it \
             started; each is decided keep, revoke or change (a new end date) by its reviewer, \
             never by the person whose access it is. Closing applies the revocations and end \
             dates to the model in one audited edit; the campaign stays here as the record.",
            m.access_reviews.len()
        ),
        9.0,
        Style::Regular,
    );
    flow.space(4.0);
    for r in &m.access_reviews {
        flow.heading(&heading(r, at), 10.0);
        if let Some(c) = &r.closed {
            flow.paragraph(
                &format!(
                    "Closed {} by {}: {} revoked, {} given a new end date, {} kept, {} left undecided.",
                    c.at.format("%Y-%m-%d %H:%M UTC"),
                    names.person(&c.by),
                    c.revoked.len(),
                    c.changed.len(),
                    c.kept.len(),
                    c.undecided.len()
                ),
                8.0,
                Style::Regular,
            );
        }
        if r.items.is_empty() {
            flow.paragraph("Not started: no items yet.", 8.0, Style::Regular);
            flow.space(4.0);
            continue;
        }
        let mut t = Table::auto(
            &[
                "Person",
                "Role",
                "Environment",
                "Reviewer",
                "Decision",
                "Decided",
                "Comment",
            ],
            SIZE,
        );
        for item in r.items.iter() {
            let d = r.decision(&item.assignment);
            let decision = crate::reviews::decision(d);
            t.row(vec![
                names.person(&item.person).to_string(),
                names.role(&item.role).to_string(),
                item.environment
                    .as_deref()
                    .map_or("all".to_string(), |e| names.environment(e).to_string()),
                item.reviewers
                    .first()
                    .map_or("nobody may decide".to_string(), |p| {
                        names.person(p).to_string()
                    }),
                decision,
                d.map_or(String::new(), |d| {
                    format!("{} {}", names.person(&d.by), d.at.format("%Y-%m-%d"))
                }),
                d.and_then(|d| d.comment.clone()).unwrap_or_default(),
            ]);
        }
        flow.table(&t);
        flow.space(4.0);
    }
}

fn heading(r: &AccessReview, at: chrono::NaiveDate) -> String {
    let every = r
        .recurrence_days
        .map_or(String::new(), |d| format!(", recurring every {d} days"));
    let overdue = if r.is_overdue(at) { ", overdue" } else { "" };
    format!(
        "{} ({}): {}, due {}{overdue}{every}",
        r.name,
        r.id,
        crate::reviews::state(r, at),
        r.due
    )
}
