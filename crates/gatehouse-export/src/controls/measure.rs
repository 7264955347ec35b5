//! The model's status for a control: a few counts read from the snapshot, in one line.

use std::collections::{BTreeMap, BTreeSet};

use gatehouse_core::{
    Action, Classification, Effect, EnvironmentKind, FindingCode, Requirement, RoleKind, Waiver,
};
use serde::{Deserialize, Serialize};

use crate::access::{AccessStatus, EXPIRING_WITHIN_DAYS};
use crate::{Section, Snapshot};

/// What a control's status is computed from (`measure = "..."` in a controls file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    RolesAndResponsibilities,
    SegregationOfDuties,
    AccessControl,
    AccessRights,
    TemporaryAccess,
    AccessReview,
    PrivilegedAccess,
    AuditTrail,
    EnvironmentSeparation,
    ChangeManagement,
}

/// The counts every status reads, computed once per snapshot.
pub(super) struct Facts<'a> {
    s: &'a Snapshot,
    findings: BTreeMap<FindingCode, usize>,
    statuses: BTreeMap<AccessStatus, usize>,
    sod_accepted: usize,
}

impl<'a> Facts<'a> {
    pub(super) fn new(s: &'a Snapshot) -> Facts<'a> {
        let mut findings = BTreeMap::new();
        for f in &s.findings {
            *findings.entry(f.code).or_insert(0) += 1;
        }
        let mut statuses = BTreeMap::new();
        for a in &s.model.assignments {
            *statuses
                .entry(AccessStatus::of(a, s.as_of_date()))
                .or_insert(0) += 1;
        }
        Facts {
            s,
            sod_accepted: crate::sod::conflicts(s)
                .iter()
                .filter(|c| c.accepted_by.is_some())
                .count(),
            findings,
            statuses,
        }
    }

    fn count(&self, code: FindingCode) -> usize {
        self.findings.get(&code).copied().unwrap_or(0)
    }

    fn status_count(&self, st: AccessStatus) -> usize {
        self.statuses.get(&st).copied().unwrap_or(0)
    }

    /// "; 2 findings (expired_access: 2)" for the findings of `codes`, or "; no findings".
    fn findings_of(&self, codes: &[FindingCode]) -> (String, usize) {
        let parts: Vec<String> = codes
            .iter()
            .filter(|c| self.count(**c) > 0)
            .map(|c| format!("{c}: {}", self.count(*c)))
            .collect();
        let total: usize = codes.iter().map(|c| self.count(*c)).sum();
        if total == 0 {
            ("; no findings".into(), 0)
        } else {
            (
                format!("; {} ({})", plural(total, "finding"), parts.join(", ")),
                total,
            )
        }
    }

    pub(super) fn status(&self, measure: Measure) -> (String, bool) {
        let m = &self.s.model;
        let on = self.s.as_of_date();
        let (text, codes, concern) = match measure {
            Measure::RolesAndResponsibilities => {
                let owned: BTreeSet<&str> = m.ownerships.iter().map(|o| o.asset.as_str()).collect();
                (
                    format!(
                        "{}, {} without a description; {}; {} of {} with an owner; {}",
                        plural(m.roles.len(), "role"),
                        m.roles
                            .iter()
                            .filter(|r| r.description.trim().is_empty())
                            .count(),
                        plural(m.responsibilities.len(), "RACI responsibility"),
                        m.assets
                            .iter()
                            .filter(|a| owned.contains(a.id.as_str()))
                            .count(),
                        plural(m.assets.len(), "asset"),
                        plural(m.escalation_paths.len(), "escalation path"),
                    ),
                    &[
                        FindingCode::AssetWithoutOwner,
                        FindingCode::DataSetWithoutSteward,
                        FindingCode::RoleWithoutMembers,
                        FindingCode::EscalationStepUnstaffed,
                    ][..],
                    m.roles.is_empty(),
                )
            }
            Measure::SegregationOfDuties => {
                let open = self.count(FindingCode::SodConflict);
                let expired = m
                    .exceptions
                    .iter()
                    .filter(|e| matches!(e.waives, Waiver::SodRule(_)) && e.end < on)
                    .count();
                let mut text = format!(
                    "{}; {} open, {} accepted by exception",
                    plural(m.sod_rules.len(), "SoD rule"),
                    plural(open, "conflict"),
                    self.sod_accepted
                );
                if expired > 0 {
                    text.push_str(&format!("; {} expired", plural(expired, "SoD exception")));
                }
                (text, &[][..], open > 0 || m.sod_rules.is_empty())
            }
            Measure::AccessControl => {
                let by = |e: Effect| m.grants.iter().filter(|g| g.effect == e).count();
                (
                    format!(
                        "{} over {} × {} × {}: {} allowed, {} with approval, {} denied",
                        plural(m.grants.len(), "grant"),
                        plural(m.roles.len(), "role"),
                        plural(m.capabilities.len(), "capability"),
                        plural(m.environments.len(), "environment"),
                        by(Effect::Allow),
                        by(Effect::Approval),
                        by(Effect::Deny),
                    ),
                    &[FindingCode::PersonWithoutRole][..],
                    m.grants.is_empty(),
                )
            }
            Measure::AccessRights => {
                let no_approver = m
                    .assignments
                    .iter()
                    .filter(|a| a.approver.is_none())
                    .count();
                (
                    format!(
                        "{} on {on}: {} active, {} expiring within {EXPIRING_WITHIN_DAYS} days, {} expired, {} not yet valid; {} without a recorded approver",
                        plural(m.assignments.len(), "assignment"),
                        self.status_count(AccessStatus::Active),
                        self.status_count(AccessStatus::Expiring),
                        self.status_count(AccessStatus::Expired),
                        self.status_count(AccessStatus::NotYetValid),
                        no_approver,
                    ),
                    &[FindingCode::ExpiredAccess, FindingCode::PersonWithoutRole][..],
                    no_approver > 0,
                )
            }
            Measure::TemporaryAccess => {
                let temporary: Vec<_> = m
                    .assignments
                    .iter()
                    .filter(|a| a.valid_until.is_some())
                    .collect();
                let st = |want: AccessStatus| {
                    temporary
                        .iter()
                        .filter(|a| AccessStatus::of(a, on) == want)
                        .count()
                };
                let expired_ex = m.exceptions.iter().filter(|e| e.end < on).count();
                (
                    format!(
                        "{}: {} active, {} expiring within {EXPIRING_WITHIN_DAYS} days, {} expired; {}, {} expired",
                        plural(temporary.len(), "temporary assignment"),
                        st(AccessStatus::Active) + st(AccessStatus::NotYetValid),
                        st(AccessStatus::Expiring),
                        st(AccessStatus::Expired),
                        plural(m.exceptions.len(), "exception"),
                        expired_ex,
                    ),
                    &[FindingCode::ExpiredAccess][..],
                    false,
                )
            }
            Measure::AccessReview => {
                use gatehouse_core::ReviewStatus;
                let r = &m.access_reviews;
                let closed: Vec<_> = r
                    .iter()
                    .filter(|c| c.status == ReviewStatus::Closed)
                    .collect();
                let open = r.iter().filter(|c| c.status == ReviewStatus::Open).count();
                let revoked: usize = (closed.iter())
                    .filter_map(|c| c.closed.as_ref())
                    .map(|c| c.revoked.len())
                    .sum();
                let last = (closed.iter())
                    .filter_map(|c| c.closed.as_ref())
                    .map(|c| c.at.date_naive())
                    .max()
                    .map_or("none closed".to_string(), |d| format!("last closed {d}"));
                (
                    format!(
                        "{}: {} closed ({last}, {} revoked on closing), {} open, {} overdue on {on}",
                        plural(r.len(), "access review campaign"),
                        closed.len(),
                        plural(revoked, "assignment"),
                        open,
                        r.iter().filter(|c| c.is_overdue(on)).count(),
                    ),
                    &[FindingCode::ReviewOverdue, FindingCode::ReviewItemUnreviewable][..],
                    closed.is_empty(),
                )
            }
            Measure::PrivilegedAccess => {
                let (caps, roles, people, temporary) = privileged(self.s);
                (
                    format!(
                        "{} (manage roles or connectors, deploy, approve changes, restricted data) granted to {}, held by {} on {on} ({} temporarily)",
                        plural(caps, "privileged capability"),
                        plural(roles, "role"),
                        plural(people, "person"),
                        temporary,
                    ),
                    &[
                        FindingCode::CitizenDeveloperDeploysToProduction,
                        FindingCode::SelfApprovalPath,
                    ][..],
                    false,
                )
            }
            Measure::AuditTrail => {
                let p = &self.s.provenance;
                let head: String = p.chain_head.chars().take(16).collect();
                let text = if self.s.events.is_empty() {
                    "no audit events recorded".to_string()
                } else {
                    format!(
                        "{}, chain verified, head {head}…",
                        plural(self.s.events.len(), "audit event")
                    )
                };
                (text, &[][..], self.s.events.is_empty())
            }
            Measure::EnvironmentSeparation => {
                let prod: Vec<&str> = m
                    .environments
                    .iter()
                    .filter(|e| e.kind == EnvironmentKind::Production)
                    .map(|e| e.id.as_str())
                    .collect();
                let gated = m
                    .gates
                    .iter()
                    .filter(|g| prod.contains(&g.to.as_str()))
                    .count();
                let cd_roles = m
                    .roles
                    .iter()
                    .filter(|r| r.kind == RoleKind::CitizenDeveloper)
                    .count();
                (
                    format!(
                        "{} ({} production); {} between them, {} into production; {}",
                        plural(m.environments.len(), "environment"),
                        prod.len(),
                        plural(m.gates.len(), "gate"),
                        gated,
                        plural(cd_roles, "citizen-developer role"),
                    ),
                    &[
                        FindingCode::CitizenDeveloperDeploysToProduction,
                        FindingCode::SelfApprovalPath,
                    ][..],
                    prod.is_empty() || gated == 0,
                )
            }
            Measure::ChangeManagement => {
                let requirements: usize = m.gates.iter().map(|g| g.requirements.len()).sum();
                let without_approval = m
                    .gates
                    .iter()
                    .filter(|g| {
                        !g.requirements.iter().any(|r| {
                            matches!(
                                r,
                                Requirement::Approval { .. } | Requirement::OwnerApproval { .. }
                            )
                        })
                    })
                    .count();
                let no_self = m
                    .gates
                    .iter()
                    .filter(|g| g.requirements.contains(&Requirement::NoSelfApproval))
                    .count();
                (
                    format!(
                        "{} with {}; {} without an approval, no self-approval at {} of {}; {}; {}{}",
                        plural(m.gates.len(), "gate"),
                        plural(requirements, "requirement"),
                        without_approval,
                        no_self,
                        m.gates.len(),
                        plural(m.risk_tiers.len(), "risk tier"),
                        change_requests(m),
                        self.history(),
                    ),
                    &[
                        FindingCode::GateUnsatisfiable,
                        FindingCode::SelfApprovalPath,
                        FindingCode::WeakProductionQuorum,
                        FindingCode::QuorumUnreachable,
                    ][..],
                    m.gates.is_empty() || without_approval > 0,
                )
            }
        };
        let (found, n) = self.findings_of(codes);
        let text = if codes.is_empty() {
            text
        } else {
            text + &found
        };
        (text, concern || n > 0)
    }

    /// "; 2 pinned simulation results (1 current); 3 named versions, 4 changes since v1.2"
    /// (what the change-management evidence adds about tests and approved versions).
    fn history(&self) -> String {
        let pins = crate::history::pinned(&self.s.model);
        let current = pins.iter().filter(|p| p.current).count();
        let mut text = format!(
            "; {} ({current} current)",
            plural(pins.len(), "pinned simulation result")
        );
        if let Some(v) = &self.s.versions {
            text.push_str(&format!("; {}", plural(v.list.len(), "named version")));
            if let Some(c) = &v.changes {
                text.push_str(&format!(
                    ", {} since {}",
                    plural(c.diff.entities.len(), "change"),
                    c.since
                ));
            }
        }
        text
    }

    /// "Roles: 12 rows; Matrix: 80 rows" for a control without a measure.
    pub(super) fn row_counts(&self, sections: &[Section]) -> String {
        sections
            .iter()
            .map(|s| format!("{}: {}", s.title(), plural(self.s.rows(*s), "row")))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// (privileged capabilities, roles granting one, people holding such a role on the date,
/// of whom temporarily).
fn privileged(s: &Snapshot) -> (usize, usize, usize, usize) {
    let m = &s.model;
    let on = s.as_of_date();
    let production: BTreeSet<&str> = m
        .environments
        .iter()
        .filter(|e| e.kind == EnvironmentKind::Production)
        .map(|e| e.id.as_str())
        .collect();
    let caps: BTreeSet<&str> = m
        .capabilities
        .iter()
        .filter(|c| {
            matches!(
                c.action,
                Action::ManageRoles
                    | Action::ManageConnectors
                    | Action::Deploy
                    | Action::ApproveChange
            ) || c.classification == Some(Classification::Restricted)
                || c.environment
                    .as_deref()
                    .is_some_and(|e| production.contains(e))
        })
        .map(|c| c.id.as_str())
        .collect();
    let roles: BTreeSet<&str> = m
        .grants
        .iter()
        .filter(|g| g.effect != Effect::Deny && caps.contains(g.capability.as_str()))
        .map(|g| g.role.as_str())
        .collect();
    let holding: Vec<_> = m
        .assignments
        .iter()
        .filter(|a| roles.contains(a.role.as_str()) && gatehouse_core::findings::is_valid_on(a, on))
        .collect();
    let people: BTreeSet<&str> = holding.iter().map(|a| a.person.as_str()).collect();
    let temporary: BTreeSet<&str> = holding
        .iter()
        .filter(|a| a.valid_until.is_some())
        .map(|a| a.person.as_str())
        .collect();
    (caps.len(), roles.len(), people.len(), temporary.len())
}

/// "1 role", "3 roles", "2 capabilities", "0 people".
pub(crate) fn plural(n: usize, one: &str) -> String {
    let many = match one {
        "person" => "people".to_string(),
        o if o.ends_with('y') => format!("{}ies", &o[..o.len() - 1]),
        o => format!("{o}s"),
    };
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "3 change requests (1 promoted, mean time to approval 2.5 h)".
fn change_requests(m: &gatehouse_core::Model) -> String {
    let log = gatehouse_core::change::change_log(m);
    let promoted = log.iter().filter(|e| e.promoted_at.is_some()).count();
    let approvals: Vec<i64> = log.iter().filter_map(|e| e.seconds_to_approval).collect();
    if log.is_empty() {
        return plural(0, "change request");
    }
    let mean = if approvals.is_empty() {
        String::new()
    } else {
        let hours = approvals.iter().sum::<i64>() as f64 / approvals.len() as f64 / 3600.0;
        format!(", mean time to approval {hours:.1} h")
    };
    format!(
        "{} ({promoted} promoted{mean})",
        plural(log.len(), "change request")
    )
}
