//! Gatehouse's governance model: the vocabulary of the design as types, their validation,
//! edits with inverses (undo), canonical JSON and the audit chain.
//!
//! Pure: no files, no database, no clock. Time comes in as a parameter so that the same
//! inputs always give the same outputs.

pub mod audit;
pub mod audit_log;
pub mod calendar;
pub mod canonical;
pub mod change;
pub mod deck;
pub mod diff;
pub mod drift;
pub mod edit;
mod eligibility;
pub mod entity;
pub mod escalation;
pub mod exceptions;
pub mod findings;
pub mod metrics;
pub mod model;
pub mod montecarlo;
pub mod progress;
pub mod review;
pub mod simulate;
#[cfg(feature = "testing")]
pub mod testing;
pub mod validate;
pub mod whatif;

pub use audit::{verify_chain, AuditEvent, ChainError, EventDraft, GENESIS_HASH};
pub use audit_log::{AuditEntry, AuditFilter};
pub use canonical::ModelJsonError;
pub use deck::{play, Deck, DeckError, DeckReport};
pub use diff::{diff, ChangeKind, EntityDiff, ModelDiff};
pub use drift::{
    drift, drift_findings, ActualAssignment, Drift, DriftCounts, DriftEntry, DriftPart,
    UnmatchedEntry,
};
pub use edit::{apply, inverse_of, Edit, EditError};
pub use entity::{grant_key, Counts, Entity, EntityKind, Keyed, ModelPart};
pub use exceptions::ExceptionStatus;
pub use findings::{findings, Acceptance, EntityRef, Finding, FindingCode};
pub use model::*;
pub use montecarlo::{
    monte_carlo, MonteCarloError, MonteCarloOptions, MonteCarloReport, RequestMix,
};
pub use review::{ReviewError, ReviewProgress};
pub use simulate::{simulate, SimulateError, Simulation, SimulationRequest, Verdict};
pub use validate::{is_valid_id, normalize_name, validate, ValidationError, ValidationErrors};
pub use whatif::{Difference, WhatIf};
