//! The audit log as hosts show it: the events that match a filter (newest first), each with
//! what it touched and its before and after, and the hash chain's check.

use gatehouse_core::audit_log::{self, kind_of, AuditEntry, AuditFilter};
use gatehouse_core::verify_chain;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::AppResult;
use crate::workbench::Workbench;

/// The result of checking every link of the audit chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChainCheck {
    pub verified: bool,
    /// The head hash, when the chain verifies.
    pub head: Option<String>,
    /// Which event breaks the chain, when one does.
    pub problem: Option<String>,
    #[ts(type = "number")]
    pub events: u64,
}

/// The filtered audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AuditLogView {
    /// The matching events, newest first.
    pub entries: Vec<AuditEntry>,
    /// Every kind of event in the log, sorted (for the filter's choices).
    pub kinds: Vec<String>,
    /// Everyone who made a change, sorted.
    pub actors: Vec<String>,
    pub chain: ChainCheck,
}

pub fn view(workbench: &Workbench, filter: &AuditFilter) -> AppResult<AuditLogView> {
    let events = workbench.events()?;
    let chain = match verify_chain(&events) {
        Ok(head) => ChainCheck {
            verified: true,
            head: Some(head),
            problem: None,
            events: events.len() as u64,
        },
        Err(broken) => ChainCheck {
            verified: false,
            head: None,
            problem: Some(broken.to_string()),
            events: events.len() as u64,
        },
    };
    let mut kinds: Vec<String> = events
        .iter()
        .map(|e| kind_of(&e.action).to_string())
        .collect();
    kinds.sort();
    kinds.dedup();
    let mut actors: Vec<String> = events.iter().map(|e| e.actor.clone()).collect();
    actors.sort();
    actors.dedup();
    let mut entries = audit_log::filter(&events, filter);
    entries.reverse();
    Ok(AuditLogView {
        entries,
        kinds,
        actors,
        chain,
    })
}
