//! The change log: one row per change request (requested by and when, its sign-offs,
//! promoted by and when, the real time to approval and to promotion).

use gatehouse_core::change::{change_log, ChangeLogEntry};
use gatehouse_core::Decision;

use crate::layout::{Flow, Style, Table};
use crate::snapshot::Snapshot;

const SIZE: f32 = 7.5;

pub(super) fn changes(flow: &mut Flow, s: &Snapshot) {
    let log = change_log(&s.model);
    if log.is_empty() {
        return super::registers::empty(flow, "change requests");
    }
    let promoted = log.iter().filter(|e| e.promoted_at.is_some()).count();
    let approvals: Vec<i64> = log.iter().filter_map(|e| e.seconds_to_approval).collect();
    let mean = if approvals.is_empty() {
        "no change has all the approvals it needs yet".to_string()
    } else {
        let avg = approvals.iter().sum::<i64>() / approvals.len() as i64;
        format!(
            "the mean time from request to the last needed approval is {} over {} approved change(s)",
            duration(Some(avg)),
            approvals.len()
        )
    };
    flow.paragraph(
        &format!(
            "{} change request(s), latest first; {promoted} promoted; {mean}. Sign-offs are \
             taken only from people the gate simulation found eligible at the moment of \
             signing; a change is promoted only when every applying gate requirement is \
             satisfied at the moment of promotion.",
            log.len()
        ),
        9.0,
        Style::Regular,
    );
    flow.space(4.0);
    let mut t = Table::auto(
        &[
            "Change",
            "Requested",
            "Sign-offs",
            "Promoted",
            "Time to approval",
            "Time to promotion",
        ],
        SIZE,
    );
    for e in &log {
        t.row(row(e));
    }
    flow.table(&t);
}

fn row(e: &ChangeLogEntry) -> Vec<String> {
    let signoffs: Vec<String> = e
        .sign_offs
        .iter()
        .map(|s| {
            format!(
                "{} {} {}{}{}",
                match s.decision {
                    Decision::Approved => "approved by",
                    Decision::Rejected => "rejected by",
                },
                s.person_name,
                moment(s.at),
                s.answers
                    .as_deref()
                    .map(|a| format!(" ({a})"))
                    .unwrap_or_default(),
                s.comment
                    .as_deref()
                    .map(|c| format!(": {c}"))
                    .unwrap_or_default()
            )
        })
        .collect();
    vec![
        format!(
            "{} {}\n{}: {} to {}\n{}",
            e.id, e.title, e.asset_name, e.from, e.to, e.status
        ),
        format!("{}\n{}", e.requester_name, moment(e.requested_at)),
        if signoffs.is_empty() {
            "none".into()
        } else {
            signoffs.join("\n")
        },
        match (&e.promoted_by_name, e.promoted_at) {
            (Some(by), Some(at)) => format!("{by}\n{}", moment(at)),
            _ => "not promoted".into(),
        },
        duration(e.seconds_to_approval),
        duration(e.seconds_to_promotion),
    ]
}

fn moment(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// `2 d 03:04:05`, `03:04:05`; `—` when there is none.
pub(crate) fn duration(seconds: Option<i64>) -> String {
    let Some(s) = seconds else {
        return "—".into();
    };
    let (d, rest) = (s / 86_400, s % 86_400);
    let hms = format!(
        "{:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    );
    if d > 0 {
        format!("{d} d {hms}")
    } else {
        hms
    }
}
