//! One gate of the walk: each requirement's outcome, the eligible approvers, and the
//! earliest promotion time through the gate.

use chrono::{DateTime, Duration, Utc};

use super::condition::Facts;
use super::*;
use crate::calendar::Hours;
use crate::eligibility::{owned_assets, owners, Holdings};
use crate::findings::is_valid_on;

pub(super) struct Context<'m, 'f> {
    pub model: &'m Model,
    pub facts: &'f Facts<'m>,
    pub requester: &'f str,
    /// Holdings on the local date the request reaches the gate.
    pub holdings: std::sync::Arc<Holdings<'m>>,
}

/// The hours a gate runs on.
pub(crate) fn hours<'m>(model: &'m Model, g: &Gate) -> Hours<'m> {
    g.calendar
        .as_deref()
        .and_then(|id| model.calendars.iter().find(|c| c.id == id))
        .map_or(Hours::AroundTheClock, Hours::Calendar)
}

fn rule(g: &Gate, index: usize, r: &Requirement) -> RuleRef {
    RuleRef {
        entity: EntityRef {
            kind: EntityKind::Gate,
            key: g.id.clone(),
        },
        requirement: Some(index as u32),
        name: r.label(),
    }
}

/// The step for a stage from which no gate leads towards the target.
pub(super) fn missing(
    from: &Environment,
    towards: &Environment,
    reached: DateTime<Utc>,
) -> GateStep {
    GateStep {
        gate: String::new(),
        name: format!("No gate from {} towards {}", from.name, towards.name),
        from: from.id.clone(),
        to: towards.id.clone(),
        verdict: Verdict::Blocked,
        reached,
        earliest: None,
        waived_by: None,
        requirements: Vec::new(),
    }
}

pub(super) fn walk(ctx: &Context, g: &Gate, reached: DateTime<Utc>) -> GateStep {
    let hours = hours(ctx.model, g);
    let gate_waiver = ctx
        .holdings
        .waiver(ctx.requester, |w| w.gate() == Some((&g.id, None)));
    // A waiver of the whole gate, or of requirement `i` alone.
    let waiver_of = |i: usize| {
        gate_waiver.or_else(|| {
            ctx.holdings
                .waiver(ctx.requester, |w| w.gate() == Some((&g.id, Some(i))))
        })
    };
    // No-self-approval holds unless waived (with the gate, or on its own).
    let no_self = (g.requirements.iter().enumerate())
        .any(|(i, r)| *r == Requirement::NoSelfApproval && waiver_of(i).is_none());
    let mut steps = Vec::new();
    let mut needs = false;
    let mut blocked = false;
    for (i, r) in g.requirements.iter().enumerate() {
        let mut step = RequirementStep {
            rule: rule(g, i, r),
            applies: true,
            why: String::new(),
            outcome: Outcome::Met,
            groups: Vec::new(),
            until: None,
            waived_by: None,
            sentence: String::new(),
        };
        match r {
            Requirement::Approval { condition, .. }
            | Requirement::OwnerApproval { condition, .. } => {
                step.applies = ctx.facts.holds(condition);
                step.why = ctx.facts.explain(condition);
                if !step.applies {
                    step.outcome = Outcome::NotApplicable;
                } else if let Some(e) = waiver_of(i) {
                    step.outcome = Outcome::Waived;
                    step.waived_by = Some(e.id.clone());
                } else {
                    step.groups = match r {
                        Requirement::Approval {
                            roles, count, all, ..
                        } => vec![role_group(ctx, g, roles, *count, *all, no_self)],
                        Requirement::OwnerApproval {
                            owner, count, all, ..
                        } => owner_groups(ctx, *owner, *count, *all, no_self),
                        _ => Vec::new(),
                    };
                    if step.groups.is_empty() {
                        step.outcome = Outcome::Met;
                    } else if step
                        .groups
                        .iter()
                        .any(|grp| grp.needed == 0 || grp.eligible.len() < grp.needed as usize)
                    {
                        step.outcome = Outcome::Blocked;
                        blocked = true;
                    } else {
                        step.outcome = Outcome::NeedsApprovals;
                        needs = true;
                    }
                }
            }
            Requirement::NoSelfApproval => {
                step.why = "the requester may not approve their own change".into();
                let waiver = waiver_of(i);
                step.outcome = if waiver.is_some() {
                    Outcome::Waived
                } else {
                    Outcome::Met
                };
                step.waived_by = waiver.map(|e| e.id.clone());
            }
            Requirement::WaitTimer { hours: h } => {
                step.why = match hours {
                    Hours::AroundTheClock => format!("{h} hour(s) after the last approval"),
                    Hours::Calendar(c) => {
                        format!(
                            "{h} working hour(s) of \"{}\" after the last approval",
                            c.name
                        )
                    }
                };
            }
            Requirement::FreezeWindow { start, end, reason } => {
                step.why = format!("no promotion from {start} to {end}: {reason}");
            }
        }
        steps.push(step);
    }

    // Time: approvals come as soon as the approvers' hours allow, then every wait timer
    // runs, then the promotion waits for an open moment outside any freeze window.
    let mut earliest = None;
    if !blocked {
        let approved = if needs {
            hours.next_open(reached)
        } else {
            Some(reached)
        };
        let waited = approved.and_then(|t| {
            let mut end = t;
            for (i, r) in g.requirements.iter().enumerate() {
                if let Requirement::WaitTimer { hours: h } = r {
                    let until = hours.add_working_hours(t, *h)?;
                    if until > reached {
                        steps[i].outcome = Outcome::Delays;
                        steps[i].until = Some(until);
                    }
                    end = end.max(until);
                }
            }
            Some(end)
        });
        earliest = waited.and_then(|t| promotion_time(g, hours, t, &mut steps));
    }
    let verdict = if blocked || earliest.is_none() {
        Verdict::Blocked
    } else if needs {
        Verdict::NeedsApprovals
    } else if earliest.is_some_and(|t| t > reached) {
        Verdict::Waiting
    } else {
        Verdict::Allowed
    };
    let mut step = GateStep {
        gate: g.id.clone(),
        name: g.name.clone(),
        from: g.from.clone(),
        to: g.to.clone(),
        verdict,
        reached,
        earliest,
        waived_by: gate_waiver.map(|e| e.id.clone()),
        requirements: steps,
    };
    super::render::requirement_sentences(ctx.model, g, &mut step, ctx.requester);
    step
}

/// The first moment at or after `t` that is open and outside every freeze window; marks
/// the freeze windows that move it.
fn promotion_time(
    g: &Gate,
    hours: Hours,
    t: DateTime<Utc>,
    steps: &mut [RequirementStep],
) -> Option<DateTime<Utc>> {
    first_promotion(g, hours, t, |i, after| {
        steps[i].outcome = Outcome::Delays;
        steps[i].until = Some(after);
    })
}

/// The first moment at or after `t` that is open and outside every freeze window of `g`;
/// `moved` hears of each freeze window (its requirement's position) that moves it, and to
/// when. Shared by the single-request walk and the Monte Carlo simulation.
pub(crate) fn first_promotion(
    g: &Gate,
    hours: Hours,
    t: DateTime<Utc>,
    moved: impl FnMut(usize, DateTime<Utc>),
) -> Option<DateTime<Utc>> {
    first_promotion_with(g, hours, t, |t| hours.next_open(t), moved)
}

/// [`first_promotion`] with the next opening found by `next_open` (which must agree with
/// `hours.next_open`; the Monte Carlo passes a faster one).
pub(crate) fn first_promotion_with(
    g: &Gate,
    hours: Hours,
    t: DateTime<Utc>,
    next_open: impl Fn(DateTime<Utc>) -> Option<DateTime<Utc>>,
    mut moved: impl FnMut(usize, DateTime<Utc>),
) -> Option<DateTime<Utc>> {
    let mut t = next_open(t)?;
    // Each pass either settles or moves past a freeze window; windows are finite.
    for _ in 0..=g.requirements.len() * 2 + 1 {
        let day = hours.local_date(t);
        let frozen = g
            .requirements
            .iter()
            .enumerate()
            .find_map(|(i, r)| match r {
                Requirement::FreezeWindow { start, end, .. } if *start <= day && day <= *end => {
                    Some((i, *end))
                }
                _ => None,
            });
        let Some((i, end)) = frozen else {
            return Some(t);
        };
        let after = next_open(hours.start_of(end + Duration::days(1)))?;
        moved(i, after);
        t = after;
    }
    Some(t)
}

fn role_group(
    ctx: &Context,
    g: &Gate,
    roles: &[String],
    count: u32,
    all: bool,
    no_self: bool,
) -> ApproverGroup {
    let day = ctx.holdings.day();
    let mut eligible: Vec<String> = Vec::new();
    let mut excluded: Vec<Excluded> = Vec::new();
    // Each person's assignments to the requirement's roles, in one pass.
    let mut held: std::collections::BTreeMap<&str, Vec<&Assignment>> = Default::default();
    let mut distinct: Vec<&str> = roles.iter().map(String::as_str).collect();
    distinct.sort_unstable();
    distinct.dedup();
    for role in distinct {
        for a in ctx.holdings.assignments_of(role) {
            held.entry(&a.person).or_default().push(a);
        }
    }
    // In the model's order, as one pass over its assignments gives them: they are elements
    // of one slice, so their addresses are in that order.
    for list in held.values_mut() {
        list.sort_unstable_by_key(|a| std::ptr::from_ref::<Assignment>(a) as usize);
    }
    for (person, held) in held {
        let valid: Vec<&&Assignment> = held.iter().filter(|a| is_valid_on(a, day)).collect();
        let scoped: Vec<&&&Assignment> = valid
            .iter()
            .filter(|a| a.environment.as_ref().is_none_or(|e| *e == g.to))
            .collect();
        let exclusion = if valid.is_empty() {
            Some((Exclusion::OutsideValidity, None))
        } else if scoped.is_empty() {
            Some((Exclusion::OtherEnvironment, None))
        } else if no_self && person == ctx.requester {
            Some((Exclusion::Requester, None))
        } else {
            // Eligible through any one role held without conflict.
            let conflicts: Vec<Vec<&SodRule>> = scoped
                .iter()
                .map(|a| ctx.holdings.approval_conflicts(person, Some(&a.role)))
                .collect();
            if conflicts.iter().any(|c| c.is_empty()) {
                None
            } else {
                Some((
                    Exclusion::SodConflict,
                    conflicts[0].first().map(|r| r.id.clone()),
                ))
            }
        };
        push(person, exclusion, &mut eligible, &mut excluded);
    }
    let needed = quorum(count, all, eligible.len());
    ApproverGroup {
        about: None,
        needed,
        eligible,
        excluded,
    }
}

fn owner_groups(
    ctx: &Context,
    owner: OwnershipKind,
    count: u32,
    all: bool,
    no_self: bool,
) -> Vec<ApproverGroup> {
    owned_assets(ctx.model, ctx.facts.asset, owner)
        .into_iter()
        .map(|owned| {
            let mut eligible = Vec::new();
            let mut excluded = Vec::new();
            for person in owners(ctx.model, &owned.id, owner) {
                let exclusion = if no_self && person == ctx.requester {
                    Some((Exclusion::Requester, None))
                } else {
                    ctx.holdings
                        .approval_conflicts(person, None)
                        .first()
                        .map(|r| (Exclusion::SodConflict, Some(r.id.clone())))
                };
                push(person, exclusion, &mut eligible, &mut excluded);
            }
            ApproverGroup {
                about: Some(EntityRef {
                    kind: EntityKind::Asset,
                    key: owned.id.clone(),
                }),
                needed: quorum(count, all, eligible.len()),
                eligible,
                excluded,
            }
        })
        .collect()
}

/// Approvals needed: `count`, or with `all` every eligible person (at least one).
fn quorum(count: u32, all: bool, eligible: usize) -> u32 {
    if all {
        u32::try_from(eligible).unwrap_or(u32::MAX).max(1)
    } else {
        count
    }
}

fn push(
    person: &str,
    exclusion: Option<(Exclusion, Option<String>)>,
    eligible: &mut Vec<String>,
    excluded: &mut Vec<Excluded>,
) {
    match exclusion {
        None => eligible.push(person.to_string()),
        Some((reason, rule)) => excluded.push(Excluded {
            person: person.to_string(),
            reason,
            rule,
        }),
    }
}
