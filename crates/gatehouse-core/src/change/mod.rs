//! Change requests through the gates: a request is evaluated by the gate simulation and
//! recorded; sign-offs are taken only from people the simulation finds eligible at the
//! moment of signing; promotion is allowed only when every applying requirement of every
//! gate on the way is satisfied at the moment of promotion (quorums, wait timers on the
//! gate's hours, freeze windows, business hours). A rejection closes the request.
//!
//! Pure: every operation takes its moment; the caller records the returned request.

mod log;
pub(crate) mod record;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::calendar::Hours;
use crate::eligibility::Holdings;
use crate::findings::is_valid_on;
use crate::model::{vocabulary, *};
use crate::simulate::{
    gate::hours, simulate, Excluded, Exclusion, Outcome, SimulateError, Simulation,
    SimulationRequest,
};

pub use log::{change_log, ChangeLogEntry};

/// A change as its requester proposes it (ids resolved).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Proposal {
    pub id: String,
    pub title: String,
    pub asset: String,
    pub requester: String,
    /// `None`: the stage just before `to`.
    pub from: Option<String>,
    pub to: String,
    pub attributes: Vec<ChangeAttribute>,
    pub description: String,
}

/// A sign-off as a person gives it (ids resolved).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SignInput {
    pub person: String,
    pub decision: Decision,
    pub comment: Option<String>,
    /// The requirement answered; `None`: the first one the person may answer that still
    /// needs approvals.
    pub answers: Option<SignedFor>,
}

/// One approval group of an applying requirement, and the approvals it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ApprovalNeed {
    pub answers: SignedFor,
    pub gate_name: String,
    /// The requirement's name ("IT sign-off").
    pub requirement: String,
    pub needed: u32,
    /// People whose approval counts towards it, in the order given.
    pub approvals: Vec<String>,
    /// Who may sign it at the moment, sorted by id.
    pub eligible: Vec<String>,
    /// Who holds the role or ownership but may not sign, and why.
    pub excluded: Vec<Excluded>,
    pub satisfied: bool,
}

vocabulary!(
    /// Why a change may not be promoted at a moment.
    Hold {
        /// The request was rejected or is already promoted.
        Closed => "closed",
        /// An applying requirement lacks approvals.
        Approvals => "approvals",
        /// A wait timer has not run out.
        WaitTimer => "wait_timer",
        /// The moment is in a freeze window.
        FreezeWindow => "freeze_window",
        /// The gate's calendar is closed at the moment.
        OutsideHours => "outside_hours",
        /// The model gives no way through (no gate, or no one can ever approve).
        Blocked => "blocked",
    }
);

/// What keeps a change from promotion, naming the rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Refusal {
    pub hold: Hold,
    /// The gate it comes from (empty when none).
    pub gate: String,
    /// The rule as people read it.
    pub rule: String,
    /// Until when, for a timer, a freeze window or closed hours.
    pub until: Option<DateTime<Utc>>,
    pub message: String,
}

/// Where a change stands at a moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Standing {
    pub at: DateTime<Utc>,
    pub needs: Vec<ApprovalNeed>,
    /// Every applying approval is given.
    pub approved: bool,
    /// What keeps it from promotion now; `None`: it may be promoted now.
    pub refusal: Option<Refusal>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    #[error(transparent)]
    Simulate(#[from] SimulateError),
    #[error("no change request {0:?}")]
    Unknown(String),
    #[error("no person {0:?}")]
    UnknownPerson(String),
    #[error("change {id} is {status}: it takes no more sign-offs or promotion")]
    Closed { id: String, status: ChangeStatus },
    #[error("{person} may not sign change {change}: {reason}")]
    Ineligible {
        person: String,
        change: String,
        reason: String,
    },
    #[error("{person} has already signed {requirement} of change {change}")]
    AlreadySigned {
        person: String,
        change: String,
        requirement: String,
    },
    #[error("change {change} may not be promoted now: {}", refusal.message)]
    NotSatisfied { change: String, refusal: Refusal },
}

/// Evaluates `proposal` with the gate simulation at `at` and gives the request to record.
pub fn request(
    model: &Model,
    proposal: &Proposal,
    at: DateTime<Utc>,
) -> Result<(ChangeRequest, Simulation), ChangeError> {
    let sim = simulate(
        model,
        &SimulationRequest {
            requester: proposal.requester.clone(),
            asset: proposal.asset.clone(),
            from: proposal.from.clone(),
            to: proposal.to.clone(),
            attributes: proposal.attributes.clone(),
            at,
        },
    )?;
    let attributes = sim.request.attributes.clone();
    let mut cr = ChangeRequest {
        id: proposal.id.clone(),
        title: proposal.title.clone(),
        asset: proposal.asset.clone(),
        requester: proposal.requester.clone(),
        from: sim.request.from.clone().unwrap_or_default(),
        to: proposal.to.clone(),
        touches_end_users: attributes.contains(&ChangeAttribute::UserFacing),
        status: ChangeStatus::Submitted,
        created: at,
        sign_offs: Vec::new(),
        track: Box::new(ChangeTrack {
            attributes,
            description: proposal.description.clone(),
            evaluation: Some(ChangeEvaluation {
                verdict: sim.verdict,
                earliest: sim.earliest,
                tier: sim.tier.as_ref().map(|t| t.name.clone()),
                trace: sim.sentences.iter().map(|s| s.text.clone()).collect(),
            }),
            approved_at: None,
            promotion: None,
            refused: Vec::new(),
        }),
    };
    let needs = needs_of(model, &cr, &sim);
    if needs.is_empty() {
        cr.status = ChangeStatus::Approved;
        cr.track.approved_at = Some(at);
    }
    Ok((cr, sim))
}

/// The change request `id`.
pub fn find<'m>(model: &'m Model, id: &str) -> Result<&'m ChangeRequest, ChangeError> {
    model
        .change_requests
        .binary_search_by(|c| c.id.as_str().cmp(id))
        .map(|i| &model.change_requests[i])
        .map_err(|_| ChangeError::Unknown(id.to_string()))
}

fn is_closed(cr: &ChangeRequest) -> bool {
    matches!(cr.status, ChangeStatus::Rejected | ChangeStatus::Deployed)
}

fn closed(cr: &ChangeRequest) -> ChangeError {
    ChangeError::Closed {
        id: cr.id.clone(),
        status: cr.status,
    }
}

/// The simulation of `cr` as if requested at `at`.
fn simulate_at(
    model: &Model,
    cr: &ChangeRequest,
    at: DateTime<Utc>,
) -> Result<Simulation, ChangeError> {
    Ok(simulate(
        model,
        &SimulationRequest {
            requester: cr.requester.clone(),
            asset: cr.asset.clone(),
            from: Some(cr.from.clone()),
            to: cr.to.clone(),
            attributes: cr.track.attributes.clone(),
            at,
        },
    )?)
}

/// The approval groups of the requirements that apply and ask for approvals.
fn needs_of(model: &Model, cr: &ChangeRequest, sim: &Simulation) -> Vec<ApprovalNeed> {
    let mut needs = Vec::new();
    for g in &sim.gates {
        for r in &g.requirements {
            let asks = matches!(r.outcome, Outcome::NeedsApprovals | Outcome::Blocked);
            if !r.applies || !asks {
                continue;
            }
            for group in &r.groups {
                let answers = SignedFor {
                    gate: g.gate.clone(),
                    requirement: r.rule.requirement.unwrap_or(0),
                    about: group.about.as_ref().map(|a| a.key.clone()),
                };
                let mut approvals: Vec<String> = Vec::new();
                for s in &cr.sign_offs {
                    // A sign-off recorded before sign-offs named their requirement
                    // counts wherever its signer is eligible.
                    let answers_it = match &s.answers {
                        Some(a) => *a == answers,
                        None => group.eligible.contains(&s.person),
                    };
                    let counts = s.decision == Decision::Approved
                        && answers_it
                        && !approvals.contains(&s.person);
                    if counts {
                        approvals.push(s.person.clone());
                    }
                }
                let about = group
                    .about
                    .as_ref()
                    .and_then(|a| model.assets.iter().find(|x| x.id == a.key))
                    .map(|a| format!(" for \"{}\"", a.name))
                    .unwrap_or_default();
                needs.push(ApprovalNeed {
                    satisfied: group.needed > 0 && approvals.len() >= group.needed as usize,
                    answers,
                    gate_name: g.name.clone(),
                    requirement: format!("{}{about}", r.rule.name),
                    needed: group.needed,
                    approvals,
                    eligible: group.eligible.clone(),
                    excluded: group.excluded.clone(),
                });
            }
        }
    }
    needs
}

/// Where `cr` stands at `at`: its approvals, and what keeps it from promotion.
pub fn standing(
    model: &Model,
    cr: &ChangeRequest,
    at: DateTime<Utc>,
) -> Result<Standing, ChangeError> {
    let sim = simulate_at(model, cr, at)?;
    let needs = needs_of(model, cr, &sim);
    let approved = needs.iter().all(|n| n.satisfied);
    let refusal = if is_closed(cr) {
        Some(Refusal {
            hold: Hold::Closed,
            gate: String::new(),
            rule: format!("status {}", cr.status),
            until: None,
            message: closed(cr).to_string(),
        })
    } else {
        refusal(model, cr, &sim, &needs, at)
    };
    Ok(Standing {
        at,
        needs,
        approved,
        refusal,
    })
}

fn people(model: &Model, ids: &[String]) -> String {
    if ids.is_empty() {
        return "no one".into();
    }
    ids.iter()
        .map(|id| person_name(model, id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The name of the person `id` (the id itself when the model has no such person).
pub fn person_name(model: &Model, id: &str) -> String {
    model
        .people
        .iter()
        .find(|p| p.id == id)
        .map_or_else(|| id.to_string(), |p| p.name.clone())
}

/// The first rule that keeps the change from promotion at `at`, gate by gate.
fn refusal(
    model: &Model,
    cr: &ChangeRequest,
    sim: &Simulation,
    needs: &[ApprovalNeed],
    at: DateTime<Utc>,
) -> Option<Refusal> {
    let refuse = |hold, gate: &str, rule: String, until, message: String| Refusal {
        hold,
        gate: gate.to_string(),
        rule,
        until,
        message,
    };
    for step in &sim.gates {
        let Some(gate) = model.gates.iter().find(|g| g.id == step.gate) else {
            return Some(refuse(
                Hold::Blocked,
                "",
                step.name.clone(),
                None,
                format!("{}: nothing can be promoted on that way", step.name),
            ));
        };
        let mine: Vec<&ApprovalNeed> = needs.iter().filter(|n| n.answers.gate == gate.id).collect();
        if let Some(n) = mine.iter().find(|n| !n.satisfied) {
            let hold = if n.eligible.len() < n.needed as usize || n.needed == 0 {
                Hold::Blocked
            } else {
                Hold::Approvals
            };
            return Some(refuse(
                hold,
                &gate.id,
                n.requirement.clone(),
                None,
                format!(
                    "gate \"{}\": {} needs {} approval(s) from {}; {} given{}",
                    gate.name,
                    n.requirement,
                    n.needed,
                    people(model, &n.eligible),
                    n.approvals.len(),
                    if n.approvals.is_empty() {
                        String::new()
                    } else {
                        format!(" (by {})", people(model, &n.approvals))
                    }
                ),
            ));
        }
        let h = hours(model, gate);
        let last = cr
            .sign_offs
            .iter()
            .filter(|s| {
                mine.iter().any(|n| {
                    s.answers.as_ref().is_none_or(|a| *a == n.answers)
                        && n.approvals.contains(&s.person)
                })
            })
            .map(|s| s.at)
            .max()
            .unwrap_or(cr.created);
        for r in &gate.requirements {
            match r {
                Requirement::WaitTimer { hours: n } => {
                    let until = h.add_working_hours(last, *n);
                    if until.is_none_or(|u| at < u) {
                        let since = if last == cr.created {
                            "the request"
                        } else {
                            "the last approval"
                        };
                        return Some(refuse(
                            Hold::WaitTimer,
                            &gate.id,
                            r.label(),
                            until,
                            format!(
                                "gate \"{}\": the wait timer of {n} working hour(s) after {since} ({}) runs until {}",
                                gate.name,
                                stamp(last),
                                until.map_or_else(|| "never".into(), stamp)
                            ),
                        ));
                    }
                }
                Requirement::FreezeWindow { start, end, reason } => {
                    let day = h.local_date(at);
                    if *start <= day && day <= *end {
                        return Some(refuse(
                            Hold::FreezeWindow,
                            &gate.id,
                            r.label(),
                            h.next_open(h.start_of(*end + chrono::Duration::days(1))),
                            format!(
                                "gate \"{}\": frozen from {start} to {end} ({reason})",
                                gate.name
                            ),
                        ));
                    }
                }
                _ => {}
            }
        }
        if let Hours::Calendar(c) = h {
            let open = h.next_open(at);
            if open != Some(at) {
                return Some(refuse(
                    Hold::OutsideHours,
                    &gate.id,
                    format!("business hours of \"{}\"", c.name),
                    open,
                    format!(
                        "gate \"{}\" runs on the business hours of \"{}\", closed at {}; it opens {}",
                        gate.name,
                        c.name,
                        stamp(at),
                        open.map_or_else(|| "never".into(), stamp)
                    ),
                ));
            }
        }
    }
    None
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// Records `input` on the change `id` at `at`: the person must be eligible, now, for an
/// applying requirement; a rejection closes the change; the last needed approval makes
/// it approved.
pub fn sign(
    model: &Model,
    id: &str,
    input: &SignInput,
    at: DateTime<Utc>,
) -> Result<ChangeRequest, ChangeError> {
    let cr = find(model, id)?;
    if is_closed(cr) {
        return Err(closed(cr));
    }
    let person = &input.person;
    if model.people.iter().all(|p| p.id != *person) {
        return Err(ChangeError::UnknownPerson(person.clone()));
    }
    let name = person_name(model, person);
    let ineligible = |reason: String| ChangeError::Ineligible {
        person: name.clone(),
        change: cr.id.clone(),
        reason,
    };
    if *person == cr.requester {
        return Err(ineligible(
            "they requested it, and a requester never signs their own change".into(),
        ));
    }
    let sim = simulate_at(model, cr, at)?;
    let needs = needs_of(model, cr, &sim);
    if needs.is_empty() {
        return Err(ineligible(
            "no requirement of the gates on its way asks for an approval".into(),
        ));
    }
    let asked: Vec<&ApprovalNeed> = needs
        .iter()
        .filter(|n| input.answers.as_ref().is_none_or(|a| *a == n.answers))
        .collect();
    if asked.is_empty() {
        return Err(ineligible(
            "the requirement named does not apply to this change".into(),
        ));
    }
    let mine: Vec<&&ApprovalNeed> = asked
        .iter()
        .filter(|n| n.eligible.contains(person))
        .collect();
    if mine.is_empty() {
        return Err(ineligible(why_not(model, person, &asked)));
    }
    // Signed already: a sign-off for the requirement, or one recorded before sign-offs
    // named theirs that counts towards it.
    let signed = |n: &ApprovalNeed| {
        n.approvals.contains(person)
            || cr
                .sign_offs
                .iter()
                .any(|s| s.person == *person && s.answers.as_ref() == Some(&n.answers))
    };
    let Some(need) = mine
        .iter()
        .find(|n| !n.satisfied && !signed(n))
        .or_else(|| mine.iter().find(|n| !signed(n)))
    else {
        return Err(ChangeError::AlreadySigned {
            person: name,
            change: cr.id.clone(),
            requirement: mine[0].requirement.clone(),
        });
    };
    let mut out = cr.clone();
    let through = assignment_for(model, &need.answers, person, at);
    out.sign_offs.push(SignOff {
        person: person.clone(),
        role: through.map(|a| a.role.clone()).unwrap_or_default(),
        near_miss: match input.decision {
            Decision::Approved => near_miss_of(model, through, person, at),
            Decision::Rejected => None,
        },
        decision: input.decision,
        at,
        comment: input
            .comment
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string),
        answers: Some(need.answers.clone()),
    });
    match input.decision {
        Decision::Rejected => out.status = ChangeStatus::Rejected,
        Decision::Approved => {
            if needs_of(model, &out, &sim).iter().all(|n| n.satisfied) {
                out.status = ChangeStatus::Approved;
                out.track.approved_at.get_or_insert(at);
            }
        }
    }
    Ok(out)
}

/// Why `person` may sign none of `asked`, naming the requirements and who may.
fn why_not(model: &Model, person: &str, asked: &[&ApprovalNeed]) -> String {
    for n in asked {
        if let Some(x) = n.excluded.iter().find(|x| x.person == person) {
            let why = match x.reason {
                Exclusion::Requester => "they requested the change".to_string(),
                Exclusion::SodConflict => format!(
                    "approving would break the SoD rule \"{}\"",
                    x.rule
                        .as_deref()
                        .and_then(|r| model.sod_rules.iter().find(|s| s.id == r))
                        .map_or("?", |s| s.name.as_str())
                ),
                Exclusion::OutsideValidity => "their assignment is not valid at the moment".into(),
                Exclusion::OtherEnvironment => "their assignment is for another environment".into(),
            };
            return format!(
                "for {} of gate \"{}\", {why}; eligible: {}",
                n.requirement,
                n.gate_name,
                people(model, &n.eligible)
            );
        }
    }
    let asked: Vec<String> = asked
        .iter()
        .map(|n| {
            format!(
                "{} of gate \"{}\" (eligible: {})",
                n.requirement,
                n.gate_name,
                people(model, &n.eligible)
            )
        })
        .collect();
    format!(
        "they hold no role or ownership an applying requirement asks for: {}",
        asked.join("; ")
    )
}

/// The assignment through which `person` answers a role approval at `at` (none for an
/// owner): a standing one before a temporary one.
fn assignment_for<'m>(
    model: &'m Model,
    answers: &SignedFor,
    person: &str,
    at: DateTime<Utc>,
) -> Option<&'m Assignment> {
    let gate = model.gates.iter().find(|g| g.id == answers.gate)?;
    let Some(Requirement::Approval { roles, .. }) =
        gate.requirements.get(answers.requirement as usize)
    else {
        return None;
    };
    let day = hours(model, gate).local_date(at);
    let mut valid = model.assignments.iter().filter(|a| {
        a.person == person
            && roles.contains(&a.role)
            && is_valid_on(a, day)
            && a.environment.as_ref().is_none_or(|e| *e == gate.to)
    });
    let first = valid.next()?;
    Some(if first.valid_until.is_none() {
        first
    } else {
        std::iter::once(first)
            .chain(valid)
            .find(|a| a.valid_until.is_none())
            .unwrap_or(first)
    })
}

/// What an approval by `person` at `at` rests on besides standing access: a temporary
/// assignment (`through`), or an exception waiving an SoD rule whose both sides they hold.
fn near_miss_of(
    model: &Model,
    through: Option<&Assignment>,
    person: &str,
    at: DateTime<Utc>,
) -> Option<String> {
    if let Some(a) = through {
        if let Some(until) = a.valid_until {
            let role = model.roles.iter().find(|r| r.id == a.role);
            return Some(format!(
                "{} approved through a temporary assignment of {} (until {until})",
                person_name(model, person),
                role.map_or(a.role.as_str(), |r| r.name.as_str())
            ));
        }
    }
    let holdings = Holdings::new(model, at.date_naive());
    model.sod_rules.iter().find_map(|rule| {
        let both =
            holdings.holds_side(person, &rule.left) && holdings.holds_side(person, &rule.right);
        let waiver = holdings.waiver(person, |w| matches!(w, Waiver::SodRule(r) if *r == rule.id));
        waiver.filter(|_| both).map(|e| {
            format!(
                "{} approved under the exception {} waiving the SoD rule \"{}\"",
                person_name(model, person),
                e.id,
                rule.name
            )
        })
    })
}

/// Promotes the change `id` at `at` by `by`, if nothing holds it.
pub fn promote(
    model: &Model,
    id: &str,
    by: &str,
    at: DateTime<Utc>,
) -> Result<ChangeRequest, ChangeError> {
    let cr = find(model, id)?;
    if model.people.iter().all(|p| p.id != by) {
        return Err(ChangeError::UnknownPerson(by.to_string()));
    }
    if is_closed(cr) {
        return Err(closed(cr));
    }
    let sim = simulate_at(model, cr, at)?;
    let needs = needs_of(model, cr, &sim);
    if let Some(refusal) = refusal(model, cr, &sim, &needs, at) {
        return Err(ChangeError::NotSatisfied {
            change: cr.id.clone(),
            refusal,
        });
    }
    // A near-miss: a gate waived for the requester, or an approval that counted given
    // through temporary access or under an SoD waiver.
    let requester = person_name(model, &cr.requester);
    let mut near_miss: Vec<String> = Vec::new();
    for g in &sim.gates {
        match &g.waived_by {
            Some(e) => near_miss.push(format!(
                "gate \"{}\" waived for {requester} by the exception {e}",
                g.name
            )),
            None => near_miss.extend(g.requirements.iter().filter_map(|r| {
                let e = r.waived_by.as_ref()?;
                Some(format!(
                    "{} of gate \"{}\" waived for {requester} by the exception {e}",
                    r.rule.name, g.name
                ))
            })),
        }
    }
    for s in &cr.sign_offs {
        let counted = needs.iter().any(|n| {
            n.approvals.contains(&s.person) && s.answers.as_ref().is_none_or(|a| *a == n.answers)
        });
        if let Some(why) = s.near_miss.as_ref().filter(|_| counted) {
            near_miss.push(why.clone());
        }
    }
    let mut out = cr.clone();
    out.status = ChangeStatus::Deployed;
    out.track.approved_at.get_or_insert(at);
    out.track.promotion = Some(Promotion {
        at,
        by: by.to_string(),
        near_miss,
    });
    Ok(out)
}

/// The change `id` with a refused promotion attempt by `by` at `at` recorded on it: the
/// evidence of an unauthorised deployment avoided.
pub fn record_refusal(
    model: &Model,
    id: &str,
    by: &str,
    at: DateTime<Utc>,
    refusal: &Refusal,
) -> Result<ChangeRequest, ChangeError> {
    let mut out = find(model, id)?.clone();
    out.track.refused.push(RefusedPromotion {
        at,
        by: by.to_string(),
        hold: refusal.hold,
        message: refusal.message.clone(),
    });
    Ok(out)
}

#[cfg(test)]
mod tests;
