//! Gate lint: approval quorums that the eligible people can never reach once the requester
//! and people in SoD conflict are excluded (the raw head count is `gate_unsatisfiable`'s).

use std::collections::BTreeSet;

use super::*;
use crate::eligibility::{owned_assets, Holdings};

pub(super) fn unreachable(ix: &Index, out: &mut Vec<Finding>) {
    let holdings = Holdings::new(ix.m, ix.at);
    let requesters = requesters(ix);
    let owners = owners_by_asset(ix.m);
    let no_owners = BTreeSet::new();
    for g in &ix.m.gates {
        let no_self = g.requirements.contains(&Requirement::NoSelfApproval);
        let gate_ref = EntityRef::new(EntityKind::Gate, &g.id);
        for req in &g.requirements {
            match req {
                Requirement::Approval {
                    roles,
                    count,
                    all,
                    condition,
                    ..
                } => {
                    // Each holder with the roles of the list they hold.
                    let mut held: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
                    for r in roles {
                        for &p in ix.members_of(r) {
                            held.entry(ix.person_id(p)).or_default().push(r);
                        }
                    }
                    let needed = least_needed(*count, *all);
                    if held.len() < needed {
                        continue;
                    }
                    let mut rules = BTreeSet::new();
                    let eligible: BTreeSet<&str> = held
                        .iter()
                        .filter(|(p, via)| {
                            let through: Vec<Vec<&SodRule>> = via
                                .iter()
                                .map(|r| holdings.approval_conflicts(p, Some(r)))
                                .collect();
                            let free = through.iter().any(|c| c.is_empty());
                            if !free {
                                rules.extend(through.iter().flatten().map(|r| r.id.as_str()));
                            }
                            free
                        })
                        .map(|(p, _)| *p)
                        .collect();
                    let what = format!(
                        "{} approval(s) from {} ({}, {})",
                        needed,
                        ix.roles_list(roles),
                        req.label(),
                        describe(ix, condition)
                    );
                    let mut entities: Vec<EntityRef> = std::iter::once(gate_ref.clone())
                        .chain(roles.iter().map(|r| EntityRef::new(EntityKind::Role, r)))
                        .chain(rules.iter().map(|r| EntityRef::new(EntityKind::SodRule, r)))
                        .collect();
                    if let Some(message) = verdict(
                        ix,
                        g,
                        &what,
                        &eligible,
                        needed,
                        held.len(),
                        no_self,
                        &requesters,
                        &mut entities,
                    ) {
                        out.push(finding(message, entities, &ix.roles_list(roles)));
                    }
                }
                Requirement::OwnerApproval {
                    owner,
                    count,
                    all,
                    condition,
                    ..
                } => {
                    let needed = least_needed(*count, *all);
                    for asset in
                        ix.m.assets
                            .iter()
                            .filter(|a| applies_to(ix.m, condition, a))
                    {
                        for owned in owned_assets(ix.m, asset, *owner) {
                            let recorded = owners
                                .get(&(owned.id.as_str(), *owner))
                                .unwrap_or(&no_owners);
                            let mut rules = BTreeSet::new();
                            let eligible: BTreeSet<&str> = recorded
                                .iter()
                                .copied()
                                .filter(|p| {
                                    let c = holdings.approval_conflicts(p, None);
                                    rules.extend(c.iter().map(|r| r.id.as_str()));
                                    c.is_empty()
                                })
                                .collect();
                            let who = owner.as_str().replace('_', " ");
                            let what = format!(
                                "{needed} approval(s) from the {who} of \"{}\" for changes of \"{}\" ({}, {})",
                                owned.name,
                                asset.name,
                                req.label(),
                                describe(ix, condition)
                            );
                            let mut entities = vec![
                                gate_ref.clone(),
                                EntityRef::new(EntityKind::Asset, &asset.id),
                            ];
                            if owned.id != asset.id {
                                entities.push(EntityRef::new(EntityKind::Asset, &owned.id));
                            }
                            entities.extend(
                                rules.iter().map(|r| EntityRef::new(EntityKind::SodRule, r)),
                            );
                            if let Some(message) = verdict(
                                ix,
                                g,
                                &what,
                                &eligible,
                                needed,
                                recorded.len().max(needed),
                                no_self,
                                &requesters,
                                &mut entities,
                            ) {
                                out.push(finding(
                                    message,
                                    entities,
                                    &format!("the {who} of \"{}\"", owned.name),
                                ));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// The message when the quorum cannot be reached: for any requester (too few eligible), or
/// for one who is among exactly as many eligible people as needed (named in `entities`).
#[allow(clippy::too_many_arguments)]
fn verdict(
    ix: &Index,
    g: &Gate,
    what: &str,
    eligible: &BTreeSet<&str>,
    needed: usize,
    holders: usize,
    no_self: bool,
    requesters: &BTreeSet<&str>,
    entities: &mut Vec<EntityRef>,
) -> Option<String> {
    if eligible.len() < needed {
        let left = match eligible.len() {
            0 => "nobody remains".to_string(),
            _ => format!("only {} remain(s)", names(ix, eligible)),
        };
        return Some(format!(
            "The gate \"{}\" needs {what}, but once people in SoD conflict are excluded {left}.",
            g.name
        ));
    }
    // The requester is excluded too; when SoD has already thinned the field to exactly
    // the quorum, a request by one of them cannot pass (the raw case is gate_unsatisfiable).
    if no_self && eligible.len() == needed && eligible.len() < holders {
        let person = eligible.iter().find(|p| requesters.contains(*p))?;
        entities.push(EntityRef::new(EntityKind::Person, person));
        return Some(format!(
            "The gate \"{}\" needs {what}; once people in SoD conflict are excluded only {} can give them, so a change that {} requests cannot pass.",
            g.name,
            names(ix, eligible),
            ix.person(person)
        ));
    }
    None
}

fn finding(message: String, entities: Vec<EntityRef>, who: &str) -> Finding {
    Finding {
        accepted: None,
        code: FindingCode::QuorumUnreachable,
        severity: Severity::High,
        message,
        entities,
        fix: format!(
            "Give the approval to more people ({who}) who are not in SoD conflict, lower the quorum, or record a time-boxed exception."
        ),
    }
}

/// When a condition applies, in words that need no particular change.
fn describe(ix: &Index, c: &Condition) -> String {
    match c {
        Condition::Always => "for every change".into(),
        Condition::UserFacing => "when the change is user-facing".into(),
        Condition::ClassificationAtLeast(x) => format!("for {x} assets or above"),
        Condition::CriticalityAtLeast(x) => format!("for assets of {x} criticality or above"),
        Condition::DataSensitivityAtLeast(x) => format!("when the data touched is {x} or above"),
        Condition::Attribute(a) => format!("when the change is marked {a}"),
        Condition::TierAtLeast(t) => {
            let name =
                ix.m.risk_tiers
                    .iter()
                    .find(|x| x.id == *t)
                    .map_or(t.as_str(), |x| x.name.as_str());
            format!("on risk tier {name} or above")
        }
        Condition::AllOf(all) => all
            .iter()
            .map(|c| describe(ix, c))
            .collect::<Vec<_>>()
            .join(" and "),
        Condition::AnyOf(any) => any
            .iter()
            .map(|c| describe(ix, c))
            .collect::<Vec<_>>()
            .join(" or "),
    }
}
