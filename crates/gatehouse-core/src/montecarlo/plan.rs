//! A request shape planned once: the single-request simulation at the shape's day says, per
//! gate on the way, whether it blocks (and by which rule) or which groups of people must
//! answer, how many of each, and each person's response profile.

use rustc_hash::{FxHashMap, FxHashSet};

use super::mix::Resolved;
use super::timing::{Key, Runner};
use super::MonteCarloError;
use crate::eligibility::HoldingsCache;
use crate::model::*;
use crate::simulate::{simulate_with, GateStep, Outcome, RuleRef, SimulationRequest, Verdict};

pub(super) struct GroupPlan {
    pub needed: u32,
    /// (person index, profile index)
    pub people: Vec<(u32, u32)>,
}

pub(super) enum GatePlan {
    Open { gate: u32, groups: Vec<GroupPlan> },
    Blocked,
}

/// Why a planned request is blocked.
pub(super) struct Block {
    pub gate: String,
    pub rule: Option<RuleRef>,
    pub text: String,
}

pub(super) struct Plan {
    /// The gates between each two stages on the way, in order.
    pub hops: Vec<Vec<GatePlan>>,
    pub block: Option<Block>,
}

pub(super) struct Plans {
    index: FxHashMap<Key, u32>,
    pub plans: Vec<Plan>,
    /// People in the model (the load tally's length).
    pub people: usize,
}

impl Plans {
    pub fn new(keys: Vec<Key>, plans: Vec<Plan>) -> Plans {
        Plans {
            index: keys
                .into_iter()
                .enumerate()
                .map(|(i, k)| (k, i as u32))
                .collect(),
            plans,
            people: 0,
        }
        .with_people()
    }

    fn with_people(self) -> Plans {
        let people = self
            .plans
            .iter()
            .flat_map(|p| p.hops.iter().flatten())
            .filter_map(|g| match g {
                GatePlan::Open { groups, .. } => Some(groups),
                GatePlan::Blocked => None,
            })
            .flatten()
            .flat_map(|g| g.people.iter().map(|(p, _)| *p as usize + 1))
            .max()
            .unwrap_or(0);
        Plans { people, ..self }
    }

    /// The plan of a key drawn in pass 1 (every key drawn in pass 2 was).
    pub fn get(&self, key: Key) -> (u32, &Plan) {
        let i = self.index[&key];
        (i, &self.plans[i as usize])
    }
}

/// Every (person, role) pair the model assigns, dated or not: which of a requirement's
/// roles an approver answers through (and so which response profile they draw from).
pub(super) struct Assigned<'m>(FxHashSet<(&'m str, &'m str)>);

impl<'m> Assigned<'m> {
    pub fn new(model: &'m Model) -> Assigned<'m> {
        Assigned(
            model
                .assignments
                .iter()
                .map(|a| (a.person.as_str(), a.role.as_str()))
                .collect(),
        )
    }

    fn holds(&self, person: &str, role: &str) -> bool {
        self.0.contains(&(person, role))
    }
}

pub(super) fn plan<'m>(
    model: &'m Model,
    mix: &Resolved,
    runner: &Runner,
    holdings: &HoldingsCache<'m>,
    assigned: &Assigned<'m>,
    key: Key,
) -> Result<Plan, MonteCarloError> {
    let shape = key.shape;
    let attributes = ChangeAttribute::ALL
        .iter()
        .enumerate()
        .filter(|(i, _)| shape.attributes & (1 << i) != 0)
        .map(|(_, a)| *a)
        .collect();
    let request = SimulationRequest {
        requester: model.people[shape.requester as usize].id.clone(),
        asset: model.assets[shape.asset as usize].id.clone(),
        from: None,
        to: model.environments[shape.target as usize].id.clone(),
        attributes,
        at: runner.day_moment(key.day),
    };
    let trace = simulate_with(model, &request, holdings)?;
    let mut hops: Vec<Vec<GatePlan>> = Vec::new();
    let mut block = None;
    let mut last: Option<(&str, &str)> = None;
    for step in &trace.gates {
        let gate = if step.verdict == Verdict::Blocked || step.earliest.is_none() {
            if block.is_none() {
                block = Some(why_blocked(step));
            }
            GatePlan::Blocked
        } else {
            let index = model
                .gates
                .binary_search_by(|g| g.id.cmp(&step.gate))
                .expect("a walked gate is in the model");
            GatePlan::Open {
                gate: index as u32,
                groups: groups(model, mix, assigned, &model.gates[index], step),
            }
        };
        if last == Some((step.from.as_str(), step.to.as_str())) {
            if let Some(hop) = hops.last_mut() {
                hop.push(gate);
            }
        } else {
            hops.push(vec![gate]);
        }
        last = Some((step.from.as_str(), step.to.as_str()));
    }
    Ok(Plan { hops, block })
}

fn why_blocked(step: &GateStep) -> Block {
    match step
        .requirements
        .iter()
        .find(|r| r.outcome == Outcome::Blocked)
    {
        Some(r) => Block {
            gate: step.gate.clone(),
            rule: Some(r.rule.clone()),
            text: r.sentence.clone(),
        },
        None if step.gate.is_empty() => Block {
            gate: String::new(),
            rule: None,
            text: format!("{}.", step.name),
        },
        None => Block {
            gate: step.gate.clone(),
            rule: None,
            text: format!(
                "{}: no moment to promote (its calendar never opens after the freeze windows)",
                step.name
            ),
        },
    }
}

/// The groups still to answer at a gate that does not block, with each person's profile.
fn groups(
    model: &Model,
    mix: &Resolved,
    assigned: &Assigned,
    g: &Gate,
    step: &GateStep,
) -> Vec<GroupPlan> {
    let mut out = Vec::new();
    for (r, requirement) in step.requirements.iter().zip(&g.requirements) {
        if r.outcome != Outcome::NeedsApprovals {
            continue;
        }
        for group in r.groups.iter().filter(|grp| grp.needed > 0) {
            let people = group
                .eligible
                .iter()
                .filter_map(|p| {
                    let person = model.people.binary_search_by(|x| x.id.cmp(p)).ok()?;
                    let through = match requirement {
                        Requirement::Approval { roles, .. } => roles
                            .iter()
                            .find(|role| assigned.holds(p, role))
                            .map_or("", |r| r.as_str()),
                        Requirement::OwnerApproval { owner, .. } => owner.as_str(),
                        _ => "",
                    };
                    Some((person as u32, profile_index(mix, through)))
                })
                .collect();
            out.push(GroupPlan {
                needed: group.needed,
                people,
            });
        }
    }
    out
}

fn profile_index(mix: &Resolved, key: &str) -> u32 {
    mix.profiles
        .iter()
        .position(|p| p.approver == key)
        .unwrap_or(mix.profiles.len()) as u32
}
