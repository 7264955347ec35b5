//! RACI gaps: an activity of a chart that no role, or several roles, are accountable for;
//! and the roles only a chart names, reported once together rather than one by one.

use std::collections::{BTreeMap, BTreeSet};

use super::{EntityRef, Finding, FindingCode, Index};
use crate::{EntityKind, Severity};

/// One finding per activity without exactly one accountable role.
pub(super) fn gaps(ix: &Index<'_>, out: &mut Vec<Finding>) {
    let mut by_activity: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for r in &ix.m.responsibilities {
        by_activity
            .entry(r.activity.as_str())
            .or_default()
            .push((r.role.as_str(), r.letters.as_str()));
    }
    for (activity, entries) in by_activity {
        let accountable: BTreeSet<&str> = (entries.iter())
            .filter(|(_, letters)| letters.contains('A'))
            .map(|(role, _)| *role)
            .collect();
        let names = |roles: &BTreeSet<&str>| {
            (roles.iter())
                .map(|r| ix.role_name(r))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (code, severity, message, roles) = match accountable.len() {
            1 => continue,
            0 => {
                let involved: BTreeSet<&str> = entries.iter().map(|(role, _)| *role).collect();
                (
                    FindingCode::ActivityWithoutAccountable,
                    Severity::Medium,
                    format!(
                        "No role is accountable (A) for the activity \"{activity}\" (the chart names {}).",
                        names(&involved)
                    ),
                    involved,
                )
            }
            n => (
                FindingCode::ActivitySeveralAccountable,
                Severity::Medium,
                format!(
                    "{n} roles are accountable (A) for the activity \"{activity}\": {}; there should be one.",
                    names(&accountable)
                ),
                accountable,
            ),
        };
        out.push(Finding {
            code,
            severity,
            message,
            entities: (roles.iter())
                .map(|r| EntityRef::new(EntityKind::Role, r))
                .collect(),
            fix: format!(
                "Make exactly one role accountable for \"{activity}\" in the RACI chart (and import it again)."
            ),
            accepted: None,
        });
    }
}

/// The roles nobody holds that grant nothing and that only RACI charts name: one finding
/// for all of them (a chart's columns are often teams, not roles people are given), so that
/// they do not bury the findings that matter.
pub(super) fn chart_only_roles(ix: &Index<'_>, idle: &[&str], out: &mut Vec<Finding>) {
    if idle.is_empty() {
        return;
    }
    let names: Vec<&str> = idle.iter().map(|r| ix.role_name(r)).collect();
    out.push(Finding {
        code: FindingCode::RoleWithoutMembers,
        severity: Severity::Low,
        message: format!(
            "Nobody holds the {} {} only a RACI chart names: {}.",
            idle.len(),
            if idle.len() == 1 {
                "role that"
            } else {
                "roles that"
            },
            names.join(", ")
        ),
        entities: (idle.iter())
            .map(|r| EntityRef::new(EntityKind::Role, r))
            .collect(),
        fix: "Assign people to the roles the chart means, or leave them as the chart's teams."
            .into(),
        accepted: None,
    });
}
