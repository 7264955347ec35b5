//! The change log: who requested what, who signed, what was promoted and when, with the
//! real time to approval of each change.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use super::person_name;
use crate::model::*;

/// One sign-off of the log, with the signer's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct LoggedSignOff {
    pub person: String,
    pub person_name: String,
    pub decision: Decision,
    pub at: DateTime<Utc>,
    pub comment: Option<String>,
    /// The gate requirement it answers, as people read it ("IT sign-off at Test to prod").
    pub answers: Option<String>,
}

/// One change of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ChangeLogEntry {
    pub id: String,
    pub title: String,
    pub asset: String,
    pub asset_name: String,
    pub from: String,
    pub to: String,
    pub status: ChangeStatus,
    pub requester: String,
    pub requester_name: String,
    pub requested_at: DateTime<Utc>,
    pub sign_offs: Vec<LoggedSignOff>,
    pub approved_at: Option<DateTime<Utc>>,
    pub promoted_by: Option<String>,
    pub promoted_by_name: Option<String>,
    pub promoted_at: Option<DateTime<Utc>>,
    /// From the request to the last approval the gates needed, in seconds.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub seconds_to_approval: Option<i64>,
    /// From the request to the promotion, in seconds.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub seconds_to_promotion: Option<i64>,
    /// Promotion attempts the gates refused, oldest first.
    pub refused: Vec<RefusedPromotion>,
    /// What the promotion got through thanks to (empty: not a near-miss).
    pub near_miss: Vec<String>,
}

/// Every change request of `model`, the latest request first.
pub fn change_log(model: &Model) -> Vec<ChangeLogEntry> {
    let mut out: Vec<ChangeLogEntry> = model
        .change_requests
        .iter()
        .map(|c| entry(model, c))
        .collect();
    out.sort_by(|a, b| (b.requested_at, &a.id).cmp(&(a.requested_at, &b.id)));
    out
}

fn entry(model: &Model, c: &ChangeRequest) -> ChangeLogEntry {
    let answers = |s: &SignOff| {
        s.answers.as_ref().map(|a| {
            let gate = model.gates.iter().find(|g| g.id == a.gate);
            let requirement = gate
                .and_then(|g| g.requirements.get(a.requirement as usize))
                .map_or_else(
                    || format!("requirement {}", a.requirement + 1),
                    |r| r.label(),
                );
            let about = a
                .about
                .as_ref()
                .map(|x| format!(" for {}", asset_name(model, x)))
                .unwrap_or_default();
            format!(
                "{requirement}{about} at {}",
                gate.map_or(a.gate.as_str(), |g| g.name.as_str())
            )
        })
    };
    ChangeLogEntry {
        id: c.id.clone(),
        title: c.title.clone(),
        asset: c.asset.clone(),
        asset_name: asset_name(model, &c.asset),
        from: c.from.clone(),
        to: c.to.clone(),
        status: c.status,
        requester: c.requester.clone(),
        requester_name: person_name(model, &c.requester),
        requested_at: c.created,
        sign_offs: c
            .sign_offs
            .iter()
            .map(|s| LoggedSignOff {
                person: s.person.clone(),
                person_name: person_name(model, &s.person),
                decision: s.decision,
                at: s.at,
                comment: s.comment.clone(),
                answers: answers(s),
            })
            .collect(),
        approved_at: c.track.approved_at,
        promoted_by: c.track.promotion.as_ref().map(|p| p.by.clone()),
        promoted_by_name: c
            .track
            .promotion
            .as_ref()
            .map(|p| person_name(model, &p.by)),
        promoted_at: c.track.promotion.as_ref().map(|p| p.at),
        seconds_to_approval: c.track.approved_at.map(|t| (t - c.created).num_seconds()),
        seconds_to_promotion: c
            .track
            .promotion
            .as_ref()
            .map(|p| (p.at - c.created).num_seconds()),
        refused: c.track.refused.clone(),
        near_miss: (c.track.promotion.as_ref()).map_or_else(Vec::new, |p| p.near_miss.clone()),
    }
}

fn asset_name(model: &Model, id: &str) -> String {
    model
        .assets
        .iter()
        .find(|a| a.id == id)
        .map_or_else(|| id.to_string(), |a| a.name.clone())
}
