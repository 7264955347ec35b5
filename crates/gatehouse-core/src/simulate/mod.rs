//! Single-request simulation: what happens when a person asks to promote a change of an
//! asset from one environment to another at a given moment. Every gate on the way is
//! walked; each requirement says whether it applies and why, who could satisfy it and
//! what it does to the verdict and to the earliest possible promotion time.
//!
//! Pure: the moment is part of the request, calendars come from the model. Approvers are
//! assumed to answer as soon as their calendar allows, so the earliest time is a lower
//! bound.

mod condition;
pub(crate) mod gate;
mod render;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::eligibility::{asset_by_id, data_sensitivity, HoldingsCache};
use crate::entity::EntityKind;
use crate::findings::EntityRef;
use crate::model::{vocabulary, *};

use condition::{decide_tier, Facts};

/// A change request to simulate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SimulationRequest {
    /// Person id.
    pub requester: String,
    /// Asset id.
    pub asset: String,
    /// Environment id; `None`: the stage just before `to`.
    #[serde(default)]
    pub from: Option<String>,
    pub to: String,
    #[serde(default)]
    pub attributes: Vec<ChangeAttribute>,
    pub at: DateTime<Utc>,
}

vocabulary!(
    /// Where a request (or one gate of it) stands.
    Verdict {
        /// It may be promoted now.
        Allowed => "allowed",
        /// Nothing is missing but time: a wait timer, a freeze window or business hours.
        Waiting => "waiting",
        /// Approvals are missing; eligible people exist to give them.
        NeedsApprovals => "needs_approvals",
        /// A requirement can never be met as the model stands.
        Blocked => "blocked",
    }
);

vocabulary!(
    /// What a requirement does to the request.
    Outcome {
        NotApplicable => "not_applicable",
        /// Met as things stand (nothing to do).
        Met => "met",
        /// Waived by an exception in force.
        Waived => "waived",
        NeedsApprovals => "needs_approvals",
        Blocked => "blocked",
        /// It moves the earliest promotion time.
        Delays => "delays",
    }
);

vocabulary!(
    /// Why a person who could otherwise approve may not.
    Exclusion {
        /// They are the requester, and the gate forbids self-approval.
        Requester => "requester",
        /// Approving would break an SoD rule they are subject to.
        SodConflict => "sod_conflict",
        /// Their assignment is not valid at the moment.
        OutsideValidity => "outside_validity",
        /// Their assignment is for another environment.
        OtherEnvironment => "other_environment",
    }
);

/// A rule a sentence comes from: an entity, and for a gate the requirement's position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct RuleRef {
    pub entity: EntityRef,
    /// Position of the requirement in the gate's list (from 0).
    pub requirement: Option<u32>,
    /// The rule's name as people read it.
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Excluded {
    pub person: String,
    pub reason: Exclusion,
    /// The SoD rule, for an SoD conflict.
    pub rule: Option<String>,
}

/// People who could satisfy one approval (or, for ownership approvals, one owned asset's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ApproverGroup {
    /// The owned asset, for an ownership approval.
    pub about: Option<EntityRef>,
    /// Approvals needed from this group.
    pub needed: u32,
    /// People who may approve, sorted by id.
    pub eligible: Vec<String>,
    /// People who hold the role or ownership but may not approve, and why.
    pub excluded: Vec<Excluded>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct RequirementStep {
    pub rule: RuleRef,
    pub applies: bool,
    /// Why it applies or not (the condition, the tier).
    pub why: String,
    pub outcome: Outcome,
    pub groups: Vec<ApproverGroup>,
    /// For an outcome of `delays`: until when.
    pub until: Option<DateTime<Utc>>,
    /// The exception that waives it.
    pub waived_by: Option<String>,
    /// The requirement's line of the trace.
    pub sentence: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct GateStep {
    pub gate: String,
    pub name: String,
    pub from: String,
    pub to: String,
    pub verdict: Verdict,
    /// When the request reaches this gate (the previous gate's earliest promotion).
    pub reached: DateTime<Utc>,
    /// The earliest moment the promotion through this gate can happen; none when blocked.
    pub earliest: Option<DateTime<Utc>>,
    /// An exception in force that waives the gate's approvals for the requester.
    pub waived_by: Option<String>,
    pub requirements: Vec<RequirementStep>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct TierChoice {
    pub tier: String,
    pub name: String,
    pub why: String,
}

/// One line of the trace as people read it, and the rule it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Sentence {
    pub rule: Option<RuleRef>,
    pub text: String,
}

/// The whole trace of one simulated request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Simulation {
    /// The request, with `from` resolved.
    pub request: SimulationRequest,
    pub data_sensitivity: Classification,
    pub tier: Option<TierChoice>,
    pub gates: Vec<GateStep>,
    pub verdict: Verdict,
    /// The earliest moment the change can reach the target; none when blocked.
    pub earliest: Option<DateTime<Utc>>,
    /// The trace as sentences, in order.
    pub sentences: Vec<Sentence>,
}

/// Input that names something the model does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SimulateError {
    #[error("no {kind} with id {id:?}")]
    Unknown { kind: EntityKind, id: String },
    #[error("{to:?} does not come after {from:?} in the promotion path")]
    Backwards { from: String, to: String },
    #[error("no stage comes before {to:?}: give the environment to promote from")]
    NothingBefore { to: String },
}

/// Simulates `request` on `model` (canonical, valid).
pub fn simulate(model: &Model, request: &SimulationRequest) -> Result<Simulation, SimulateError> {
    simulate_with(model, request, &HoldingsCache::new(model))
}

/// [`simulate`] with the days' holdings taken from `holdings` (shared by many requests).
pub(crate) fn simulate_with<'m>(
    model: &'m Model,
    request: &SimulationRequest,
    holdings: &HoldingsCache<'m>,
) -> Result<Simulation, SimulateError> {
    let unknown = |kind, id: &str| SimulateError::Unknown {
        kind,
        id: id.to_string(),
    };
    if model
        .people
        .binary_search_by(|p| p.id.as_str().cmp(&request.requester))
        .is_err()
    {
        return Err(unknown(EntityKind::Person, &request.requester));
    }
    let asset = asset_by_id(model, &request.asset)
        .ok_or_else(|| unknown(EntityKind::Asset, &request.asset))?;
    let env = |id: &str| {
        model
            .environments
            .iter()
            .find(|e| e.id == id)
            .ok_or_else(|| unknown(EntityKind::Environment, id))
    };
    let to = env(&request.to)?;
    let from = match &request.from {
        Some(id) => env(id)?,
        None => model
            .environments
            .iter()
            .filter(|e| !e.personal && e.order < to.order)
            .max_by_key(|e| e.order)
            .ok_or_else(|| SimulateError::NothingBefore { to: to.id.clone() })?,
    };
    if from.order >= to.order {
        return Err(SimulateError::Backwards {
            from: from.id.clone(),
            to: to.id.clone(),
        });
    }
    let mut resolved = request.clone();
    resolved.from = Some(from.id.clone());
    resolved.attributes.sort();
    resolved.attributes.dedup();

    let attributes = resolved.attributes.clone();
    let mut facts = Facts {
        asset,
        attributes: &attributes,
        sensitivity: data_sensitivity(model, asset),
        tier: None,
        tiers: &model.risk_tiers,
    };
    let tier = decide_tier(&facts).map(|(t, why)| {
        facts.tier = Some(t);
        TierChoice {
            tier: t.id.clone(),
            name: t.name.clone(),
            why,
        }
    });

    let mut gates = Vec::new();
    // When the request reaches the next gate; `None` once a gate blocks (the later gates
    // are still walked, from the request's moment, so the trace shows them all).
    let mut reached = Some(request.at);
    for hop in route(model, from, to) {
        let step = match hop {
            Hop::Gates(list) => {
                let mut steps = Vec::new();
                for g in list {
                    let ctx = gate::Context {
                        model,
                        facts: &facts,
                        requester: &request.requester,
                        holdings: holdings
                            .on(gate::hours(model, g).local_date(reached.unwrap_or(request.at))),
                    };
                    steps.push(gate::walk(&ctx, g, reached.unwrap_or(request.at)));
                }
                steps
            }
            Hop::Missing { from, towards } => {
                vec![gate::missing(from, towards, reached.unwrap_or(request.at))]
            }
        };
        // Gates between the same two stages all apply; the promotion waits for the last.
        let next = if step.iter().all(|s| s.earliest.is_some()) {
            step.iter().filter_map(|s| s.earliest).max()
        } else {
            None
        };
        reached = reached.and(next);
        gates.extend(step);
    }
    let verdict = overall(&gates, reached, request.at);
    let mut simulation = Simulation {
        request: resolved,
        data_sensitivity: facts.sensitivity.0,
        tier,
        gates,
        verdict,
        earliest: reached,
        sentences: Vec::new(),
    };
    simulation.sentences = render::sentences(model, &simulation);
    Ok(simulation)
}

fn overall(gates: &[GateStep], earliest: Option<DateTime<Utc>>, at: DateTime<Utc>) -> Verdict {
    if gates.iter().any(|g| g.verdict == Verdict::Blocked) || earliest.is_none() {
        Verdict::Blocked
    } else if gates.iter().any(|g| g.verdict == Verdict::NeedsApprovals) {
        Verdict::NeedsApprovals
    } else if earliest.is_some_and(|t| t > at) {
        Verdict::Waiting
    } else {
        Verdict::Allowed
    }
}

enum Hop<'m> {
    /// The gates from one stage to the next on the way (one or more).
    Gates(Vec<&'m Gate>),
    /// No gate leads on from this stage towards the target.
    Missing {
        from: &'m Environment,
        towards: &'m Environment,
    },
}

/// The hops from `from` to `to`: from each stage, the gates that go furthest without
/// passing the target.
fn route<'m>(model: &'m Model, from: &'m Environment, to: &'m Environment) -> Vec<Hop<'m>> {
    let order = |id: &str| model.environments.iter().find(|e| e.id == id);
    let mut hops = Vec::new();
    let mut current = from;
    while current.order < to.order {
        let next = model
            .gates
            .iter()
            .filter(|g| g.from == current.id)
            .filter_map(|g| order(&g.to).map(|e| (g, e)))
            .filter(|(_, e)| e.order <= to.order)
            .map(|(_, e)| e)
            .max_by_key(|e| e.order);
        let Some(next) = next else {
            hops.push(Hop::Missing {
                from: current,
                towards: to,
            });
            break;
        };
        hops.push(Hop::Gates(
            model
                .gates
                .iter()
                .filter(|g| g.from == current.id && g.to == next.id)
                .collect(),
        ));
        current = next;
    }
    hops
}

#[cfg(test)]
mod tests;
