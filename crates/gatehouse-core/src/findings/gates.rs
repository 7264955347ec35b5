//! Gate lint: gates nobody can approve (also once the requester is excluded),
//! self-approval paths, and "any one of" quorums at production gates for sensitive assets;
//! with the helpers the quorum lint shares.

use std::collections::BTreeSet;

use super::*;

/// Whether an approval condition can apply to a change of an asset (some change of it
/// may carry any attribute and fall in any tier).
pub(super) fn applies_to(m: &Model, condition: &Condition, a: &Asset) -> bool {
    match condition {
        Condition::Always | Condition::Attribute(_) | Condition::TierAtLeast(_) => true,
        Condition::UserFacing => a.user_facing,
        Condition::ClassificationAtLeast(c) => a.classification >= *c,
        Condition::CriticalityAtLeast(c) => a.criticality >= *c,
        Condition::DataSensitivityAtLeast(c) => crate::eligibility::data_sensitivity(m, a).0 >= *c,
        Condition::AllOf(all) => all.iter().all(|c| applies_to(m, c, a)),
        Condition::AnyOf(any) => any.iter().any(|c| applies_to(m, c, a)),
    }
}

/// People who could request a change: those holding a request-change capability.
pub(super) fn requesters<'m>(ix: &Index<'m>) -> BTreeSet<&'m str> {
    let mut roles: Vec<usize> =
        ix.m.capabilities
            .iter()
            .filter(|c| c.action == Action::RequestChange)
            .filter_map(|c| ix.roles_granting.get(c.id.as_str()))
            .flatten()
            .copied()
            .collect();
    roles.sort_unstable();
    roles.dedup();
    roles
        .iter()
        .flat_map(|&r| &ix.members[r])
        .map(|&p| ix.person_id(p))
        .collect()
}

pub(super) fn gates(ix: &Index, out: &mut Vec<Finding>) {
    let requesters = requesters(ix);
    for g in &ix.m.gates {
        let no_self = g.requirements.contains(&Requirement::NoSelfApproval);
        let to_production = ix.is_production(&g.to);
        let gate_ref = EntityRef::new(EntityKind::Gate, &g.id);
        let mut self_approvers: BTreeSet<&str> = BTreeSet::new();
        for req in &g.requirements {
            let Requirement::Approval {
                roles,
                count,
                condition,
                all,
                ..
            } = req
            else {
                continue;
            };
            let eligible = ix.members_of_any(roles);
            let needed = least_needed(*count, *all);
            let role_refs = roles.iter().map(|r| EntityRef::new(EntityKind::Role, r));
            if eligible.len() < needed {
                out.push(Finding {
                    accepted: None,
                    code: FindingCode::GateUnsatisfiable,
                    severity: Severity::Critical,
                    message: format!(
                        "The gate \"{}\" needs {needed} approval(s) from {}, but {} hold that role.",
                        g.name,
                        ix.roles_list(roles),
                        people_count(eligible.len())
                    ),
                    entities: std::iter::once(gate_ref.clone()).chain(role_refs).collect(),
                    fix: format!("Assign {} to more people, or lower the quorum.", ix.roles_list(roles)),
                });
            } else if no_self && eligible.len() == needed {
                // Excluding the requester leaves too few when the requester is one of them.
                if let Some(person) = eligible.iter().find(|p| requesters.contains(*p)) {
                    out.push(Finding {
                        accepted: None,
                        code: FindingCode::GateUnsatisfiable,
                        severity: Severity::High,
                        message: format!(
                            "The gate \"{}\" needs {needed} approval(s) from {}; only {} can give them, so a change that {} requests cannot pass (nobody may approve their own change).",
                            g.name,
                            ix.roles_list(roles),
                            names(ix, &eligible),
                            ix.person(person)
                        ),
                        entities: std::iter::once(gate_ref.clone())
                            .chain(role_refs)
                            .chain(std::iter::once(EntityRef::new(EntityKind::Person, person)))
                            .collect(),
                        fix: format!("Assign {} to at least one more person.", ix.roles_list(roles)),
                    });
                }
            }
            if !no_self {
                self_approvers.extend(eligible.intersection(&requesters).copied());
            }
            if to_production && roles.len() > 1 && *count == 1 && !*all {
                let sensitive: Vec<&Asset> =
                    ix.m.assets
                        .iter()
                        .filter(|a| {
                            (a.classification >= Classification::Confidential
                                || a.criticality == Criticality::Critical)
                                && applies_to(ix.m, condition, a)
                        })
                        .collect();
                if let Some(first) = sensitive.first() {
                    out.push(Finding {
                        accepted: None,
                        code: FindingCode::WeakProductionQuorum,
                        severity: Severity::High,
                        message: format!(
                            "The production gate \"{}\" accepts any one approval from {} for confidential, restricted or critical assets such as \"{}\" ({} in all).",
                            g.name,
                            ix.roles_list(roles),
                            first.name,
                            sensitive.len()
                        ),
                        entities: std::iter::once(gate_ref.clone())
                            .chain(sensitive.iter().map(|a| EntityRef::new(EntityKind::Asset, &a.id)))
                            .collect(),
                        fix: "Require an approval from each of the named roles (one requirement per role), not any one of them.".into(),
                    });
                }
            }
        }
        if !self_approvers.is_empty() {
            out.push(Finding {
                accepted: None,
                code: FindingCode::SelfApprovalPath,
                severity: if to_production {
                    Severity::High
                } else {
                    Severity::Medium
                },
                message: format!(
                    "At the gate \"{}\", {} could both request a change and approve it.",
                    g.name,
                    names(ix, &self_approvers)
                ),
                entities: std::iter::once(gate_ref.clone())
                    .chain(
                        self_approvers
                            .iter()
                            .map(|p| EntityRef::new(EntityKind::Person, p)),
                    )
                    .collect(),
                fix: format!(
                    "Add \"nobody approves their own change\" to the gate \"{}\".",
                    g.name
                ),
            });
        }
    }
}

fn people_count(n: usize) -> String {
    match n {
        0 => "nobody".into(),
        1 => "only 1 person".into(),
        n => format!("only {n} people"),
    }
}

pub(super) fn names(ix: &Index, people: &BTreeSet<&str>) -> String {
    let names: Vec<&str> = people.iter().map(|p| ix.person(p)).collect();
    match &names[..] {
        [one] => one.to_string(),
        [rest @ .., last] if rest.len() < 5 => format!("{} and {last}", rest.join(", ")),
        _ => format!("{} and {} others", names[..3].join(", "), names.len() - 3),
    }
}

/// The fewest approvals a requirement can need: `count`, or one when it asks for all of
/// the eligible (who must number at least one).
pub(super) fn least_needed(count: u32, all: bool) -> usize {
    if all {
        1
    } else {
        count as usize
    }
}
