//! What a change request records on its way through the gates: the fields added to
//! [`crate::ChangeRequest`] and [`crate::SignOff`] when requests went through the gate
//! simulation (each defaults, so requests recorded before read unchanged).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use super::Hold;
use crate::model::ChangeAttribute;

/// One approval group of one gate requirement: what a sign-off counts towards.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SignedFor {
    pub gate: String,
    /// Position of the requirement in the gate's list (from 0).
    pub requirement: u32,
    /// The owned asset, for an ownership approval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub about: Option<String>,
}

/// What a change request records on its way through the gates (absent from requests
/// recorded before: every field defaults).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ChangeTrack {
    /// What the change does, as the gates' conditions read it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<ChangeAttribute>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The gate simulation at request time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub evaluation: Option<ChangeEvaluation>,
    /// When the last approval the gates needed was given (the request's time when none
    /// was needed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub approved_at: Option<DateTime<Utc>>,
    /// Who promoted it and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub promotion: Option<Promotion>,
    /// Promotion attempts the gates refused, oldest first: each an unauthorised deployment
    /// avoided.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refused: Vec<RefusedPromotion>,
}

/// A promotion attempt the gates refused, with the rule that held the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct RefusedPromotion {
    pub at: DateTime<Utc>,
    /// Person id.
    pub by: String,
    pub hold: Hold,
    /// The refusal as people read it.
    pub message: String,
}

/// A change's promotion to its target environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Promotion {
    pub at: DateTime<Utc>,
    /// Person id.
    pub by: String,
    /// What the promotion got through thanks to: a gate waived by an exception, an
    /// approval given through temporary access or under an SoD waiver. Empty: nothing (not
    /// a near-miss).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub near_miss: Vec<String>,
}

/// What the gate simulation said when the change was requested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ChangeEvaluation {
    pub verdict: crate::simulate::Verdict,
    /// The earliest promotion the simulation foresaw; none when blocked.
    pub earliest: Option<DateTime<Utc>>,
    /// The risk tier's name, if the change falls in one.
    pub tier: Option<String>,
    /// The trace, one sentence a line.
    pub trace: Vec<String>,
}
