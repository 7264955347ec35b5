//! Scenario decks: timed events — requests, approvals and rejections, promotion attempts,
//! temporary access granted and revoked, exceptions added and ended, rule changes, the
//! clock advancing — played in order against a copy of the model. The result is a
//! timeline with each event's outcome, and the practice's metrics.
//!
//! Pure: the deck's own timestamps are the clock.

mod play;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::edit::Edit;
use crate::model::{vocabulary, *};

pub use play::play;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Deck {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub events: Vec<DeckEvent>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct DeckEvent {
    /// When it happens; never before the previous event.
    pub at: DateTime<Utc>,
    pub action: DeckAction,
}

/// What happens at an event. People, assets, roles and environments are given by id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
#[serde(tag = "do", rename_all = "snake_case")]
pub enum DeckAction {
    /// A change request, named `request` for the later events.
    Request {
        request: String,
        requester: String,
        asset: String,
        #[serde(default)]
        from: Option<String>,
        to: String,
        #[serde(default)]
        attributes: Vec<ChangeAttribute>,
    },
    /// `by` approves: it counts towards every open requirement they are eligible for.
    Approve {
        request: String,
        by: String,
    },
    /// `by` rejects; an eligible approver's rejection ends the request.
    Reject {
        request: String,
        by: String,
    },
    /// An attempt to promote the change now.
    Promote {
        request: String,
    },
    /// Temporary (with `until`) or standing access: an assignment from the event's date.
    Grant {
        person: String,
        role: String,
        #[serde(default)]
        environment: Option<String>,
        #[serde(default)]
        until: Option<NaiveDate>,
    },
    /// Every assignment of the role to the person ends.
    Revoke {
        person: String,
        role: String,
    },
    AddException {
        exception: Exception,
    },
    /// The exception ends: it is no longer in force from the event's date.
    EndException {
        id: String,
    },
    /// A rule change (any edit of the model).
    Edit {
        edit: Edit,
    },
    /// Only the clock moves.
    Advance,
}

vocabulary!(
    /// What an event came to.
    EventResult {
        /// The event changed the model or the clock as asked.
        Done => "done",
        Requested => "requested",
        /// The approval counts towards at least one requirement.
        Counted => "counted",
        /// The approval or rejection does not count (the person may not give it).
        NotCounted => "not_counted",
        Rejected => "rejected",
        Promoted => "promoted",
        /// The promotion attempt was stopped: an unauthorised deployment avoided.
        Blocked => "blocked",
    }
);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct TimelineEntry {
    /// Position of the event in the deck (from 0).
    pub index: u32,
    pub at: DateTime<Utc>,
    pub result: EventResult,
    /// What happened, in a sentence naming the rule where one decided it.
    pub text: String,
}

/// Approval times of one gate over the deck's promoted requests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct GateTime {
    pub gate: String,
    /// Promoted requests whose approvals at this gate were complete.
    pub requests: u32,
    /// Hours from the request to the gate's last approval, mean and maximum.
    pub mean_hours: f64,
    pub max_hours: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct DeckMetrics {
    pub requests: u32,
    pub promotions: u32,
    /// Time to approval per gate (gates that needed approvals).
    pub time_to_approval: Vec<GateTime>,
    /// Hours from request to promotion, mean over promoted requests.
    pub mean_hours_to_promotion: Option<f64>,
    /// Promotion attempts stopped: unauthorised deployments avoided.
    pub blocked_attempts: u32,
    /// Promotions that got through only thanks to an exception or temporary access.
    pub near_misses: u32,
    /// Share of promotions that met every requirement without a waiver.
    pub policy_adherence: Option<f64>,
    /// Requests still open at the end that no eligible approver can move on.
    pub stuck: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct DeckReport {
    pub name: String,
    pub timeline: Vec<TimelineEntry>,
    pub metrics: DeckMetrics,
}

/// A deck that cannot be played: which event, and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("event {} of the deck: {message}", index + 1)]
pub struct DeckError {
    /// Position of the event (from 0).
    pub index: usize,
    pub message: String,
}

#[cfg(test)]
mod tests;
