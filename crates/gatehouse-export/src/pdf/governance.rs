//! The governance sections: SoD rules and conflicts, exceptions, decision criteria, gates,
//! escalation paths, findings, the audit log's summary.

use std::collections::BTreeMap;

use gatehouse_core::{Condition, FindingCode, Requirement, Severity, SodTarget, Waiver};

use super::registers::{empty, Names};
use crate::layout::{Flow, Style, Table};
use crate::snapshot::Snapshot;

const SIZE: f32 = 8.5;

fn target(t: &SodTarget, names: &Names) -> String {
    match t {
        SodTarget::Role(id) => format!("role {}", names.role(id)),
        SodTarget::Capability(id) => format!("capability {id}"),
    }
}

fn waiver(w: &Waiver) -> String {
    match w {
        Waiver::SodRule(id) => format!("SoD rule {id}"),
        Waiver::Gate(id) => format!("gate {id}"),
        Waiver::Grant(id) => format!("grant {id}"),
        Waiver::Access(id) => format!("access outside the model {id}"),
    }
}

pub(super) fn sod(flow: &mut Flow, s: &Snapshot) {
    let m = &s.model;
    let names = Names::new(m);
    flow.heading(&format!("Rules ({})", m.sod_rules.len()), 12.0);
    if m.sod_rules.is_empty() {
        empty(flow, "segregation-of-duties rules");
    } else {
        let mut t = Table::auto(
            &[
                "Id",
                "Name",
                "Keeps apart",
                "From",
                "Severity",
                "Mitigation",
            ],
            SIZE,
        );
        for r in &m.sod_rules {
            t.row(vec![
                r.id.clone(),
                r.name.clone(),
                target(&r.left, &names),
                target(&r.right, &names),
                r.severity.to_string(),
                r.mitigation.clone().unwrap_or_default(),
            ]);
        }
        flow.table(&t);
    }
    let conflicts: Vec<_> = s
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::SodConflict)
        .collect();
    flow.heading(
        &format!(
            "Current conflicts on {} ({})",
            s.as_of_date(),
            conflicts.len()
        ),
        12.0,
    );
    if conflicts.is_empty() {
        flow.paragraph("No person holds both sides of a rule.", 9.0, Style::Regular);
    } else {
        finding_table(flow, &conflicts);
    }
    let accepted: Vec<_> = m
        .exceptions
        .iter()
        .filter(|e| matches!(e.waives, Waiver::SodRule(_)))
        .collect();
    flow.heading(&format!("Accepted exceptions ({})", accepted.len()), 12.0);
    if accepted.is_empty() {
        flow.paragraph(
            "No SoD rule is waived by an exception.",
            9.0,
            Style::Regular,
        );
    } else {
        exception_table(flow, &accepted, &names);
    }
}

fn exception_table(flow: &mut Flow, rows: &[&gatehouse_core::Exception], names: &Names) {
    if rows.is_empty() {
        flow.paragraph("None.", 9.0, Style::Regular);
        flow.space(4.0);
        return;
    }
    let mut t = Table::auto(
        &[
            "Id",
            "Waives",
            "Person",
            "Justification",
            "Approver",
            "Start",
            "End",
            "Review",
        ],
        SIZE,
    );
    for e in rows {
        t.row(vec![
            e.id.clone(),
            waiver(&e.waives),
            names.person(&e.person),
            e.justification.clone(),
            names.person(&e.approver),
            e.start.to_string(),
            e.end.to_string(),
            e.review.map(|d| d.to_string()).unwrap_or_default(),
        ]);
    }
    flow.table(&t);
}

pub(super) fn exceptions(flow: &mut Flow, s: &Snapshot) {
    let m = &s.model;
    if m.exceptions.is_empty() {
        return empty(flow, "exceptions");
    }
    let at = s.as_of_date();
    let names = Names::new(m);
    let (current, other): (Vec<_>, Vec<_>) = m
        .exceptions
        .iter()
        .partition(|e| e.start <= at && at <= e.end);
    flow.heading(&format!("In force on {at} ({})", current.len()), 12.0);
    exception_table(flow, &current, &names);
    flow.heading(&format!("Not in force on {at} ({})", other.len()), 12.0);
    exception_table(flow, &other, &names);
}

/// A condition as a person reads it.
pub(super) fn condition(c: &Condition) -> String {
    match c {
        Condition::Always => "always".into(),
        Condition::UserFacing => "the asset is user-facing".into(),
        Condition::ClassificationAtLeast(x) => format!("classification at least {x}"),
        Condition::CriticalityAtLeast(x) => format!("criticality at least {x}"),
        Condition::DataSensitivityAtLeast(x) => format!("data it uses at least {x}"),
        Condition::Attribute(a) => format!("the change: {}", a.as_str().replace('_', " ")),
        Condition::TierAtLeast(t) => format!("risk tier at least {t}"),
        Condition::AllOf(cs) => cs.iter().map(condition).collect::<Vec<_>>().join(" and "),
        Condition::AnyOf(cs) => {
            format!(
                "({})",
                cs.iter().map(condition).collect::<Vec<_>>().join(" or ")
            )
        }
    }
}

fn requirement(r: &Requirement, names: &Names) -> (String, String, String) {
    match r {
        Requirement::Approval {
            roles,
            count,
            condition: c,
            all,
            ..
        } => {
            let who = roles
                .iter()
                .map(|r| names.role(r))
                .collect::<Vec<_>>()
                .join(", ");
            let how = if *all {
                format!("{count} from each of")
            } else {
                format!("{count} of")
            };
            (format!("{how} {who}"), condition(c), r.label())
        }
        Requirement::OwnerApproval {
            owner,
            count,
            condition: c,
            all,
            ..
        } => {
            let how = if *all { "every" } else { "any" };
            (
                format!("{count} approval(s), {how} {owner}"),
                condition(c),
                r.label(),
            )
        }
        Requirement::NoSelfApproval => (
            "the requester may not approve".into(),
            "always".into(),
            r.label(),
        ),
        Requirement::WaitTimer { hours } => (
            format!("{hours} business hours after the request"),
            "always".into(),
            r.label(),
        ),
        Requirement::FreezeWindow { start, end, reason } => (
            format!("no promotion {start} to {end}: {reason}"),
            "always".into(),
            r.label(),
        ),
    }
}

fn mentions_tier(c: &Condition, tier: &str) -> bool {
    match c {
        Condition::TierAtLeast(t) => t == tier,
        Condition::AllOf(cs) | Condition::AnyOf(cs) => cs.iter().any(|c| mentions_tier(c, tier)),
        _ => false,
    }
}

fn requirement_condition(r: &Requirement) -> Option<&Condition> {
    match r {
        Requirement::Approval { condition, .. } | Requirement::OwnerApproval { condition, .. } => {
            Some(condition)
        }
        _ => None,
    }
}

pub(super) fn criteria(flow: &mut Flow, s: &Snapshot) {
    let m = &s.model;
    if m.risk_tiers.is_empty() {
        return empty(flow, "risk tiers (decision criteria)");
    }
    let names = Names::new(m);
    flow.paragraph(
        "A change falls in the highest tier whose condition it meets (sensitivity of the \
         data, impact on users, criticality of the asset); the tier decides which gate \
         requirements apply.",
        9.0,
        Style::Regular,
    );
    flow.space(4.0);
    let mut tiers: Vec<_> = m.risk_tiers.iter().collect();
    tiers.sort_by_key(|t| t.rank);
    let mut t = Table::auto(
        &[
            "Rank",
            "Id",
            "Name",
            "When",
            "Required controls (gate: requirement)",
        ],
        SIZE,
    );
    for tier in tiers {
        let controls: Vec<String> = m
            .gates
            .iter()
            .flat_map(|g| g.requirements.iter().map(move |r| (g, r)))
            .filter(|(_, r)| requirement_condition(r).is_some_and(|c| mentions_tier(c, &tier.id)))
            .map(|(g, r)| format!("{}: {}", g.name, requirement(r, &names).0))
            .collect();
        t.row(vec![
            tier.rank.to_string(),
            tier.id.clone(),
            tier.name.clone(),
            condition(&tier.when),
            if controls.is_empty() {
                "none".into()
            } else {
                controls.join("\n")
            },
        ]);
    }
    flow.table(&t);
}

pub(super) fn gates(flow: &mut Flow, s: &Snapshot) {
    let m = &s.model;
    if m.gates.is_empty() {
        return empty(flow, "promotion gates");
    }
    let names = Names::new(m);
    for g in &m.gates {
        let calendar = g
            .calendar
            .as_deref()
            .map(|c| format!(", calendar {c}"))
            .unwrap_or_default();
        flow.heading(
            &format!("{} ({}): {} → {}{calendar}", g.name, g.id, g.from, g.to),
            11.0,
        );
        if g.requirements.is_empty() {
            flow.paragraph("No requirements: any change passes.", 9.0, Style::Regular);
            flow.space(4.0);
            continue;
        }
        let mut t = Table::auto(&["Requirement", "What", "When"], SIZE);
        for r in &g.requirements {
            let (what, when, label) = requirement(r, &names);
            t.row(vec![label, what, when]);
        }
        flow.table(&t);
    }
}

/// Each path with its steps' response targets (business hours) and coverage on the as-of
/// date: who covers the step, or why nobody does.
pub(super) fn escalations(flow: &mut Flow, s: &Snapshot) {
    let m = &s.model;
    if m.escalation_paths.is_empty() {
        return empty(flow, "escalation paths");
    }
    let at = s.as_of.date_naive();
    for p in gatehouse_core::escalation::coverage(m, at) {
        let state = if p.covered {
            "every step covered".to_string()
        } else {
            let open = p.steps.iter().filter(|st| !st.status.is_covered()).count();
            format!("{open} of {} steps uncovered", p.steps.len())
        };
        flow.heading(
            &format!("{} ({}, {}): {state} on {at}", p.name, p.id, p.kind),
            10.0,
        );
        flow.paragraph(&p.calendar_note, 8.5, Style::Regular);
        let mut t = Table::auto(&["Step", "Role", "Response target", "Coverage"], SIZE);
        for st in &p.steps {
            t.row(vec![
                st.step.to_string(),
                st.role_name.clone(),
                st.response.clone(),
                st.note.clone(),
            ]);
        }
        flow.table(&t);
        flow.space(4.0);
    }
}

fn finding_table(flow: &mut Flow, rows: &[&gatehouse_core::Finding]) {
    let mut t = Table::auto(&["Severity", "Code", "Finding", "Concerns", "Fix"], SIZE);
    for f in rows {
        let entities: Vec<String> = f
            .entities
            .iter()
            .map(|e| format!("{} {}", e.kind, e.key))
            .collect();
        t.row(vec![
            f.severity.to_string(),
            f.code.to_string(),
            f.message.clone(),
            entities.join("\n"),
            f.fix.clone(),
        ]);
    }
    flow.table(&t);
}

pub(super) fn findings(flow: &mut Flow, s: &Snapshot) {
    let mut by: BTreeMap<std::cmp::Reverse<Severity>, Vec<&gatehouse_core::Finding>> =
        BTreeMap::new();
    for f in &s.findings {
        by.entry(std::cmp::Reverse(f.severity)).or_default().push(f);
    }
    let counts: Vec<String> = Severity::ALL
        .iter()
        .rev()
        .map(|sev| {
            let n = by.get(&std::cmp::Reverse(*sev)).map_or(0, Vec::len);
            format!("{n} {sev}")
        })
        .collect();
    flow.paragraph(
        &format!(
            "{} findings on {}: {}.",
            s.findings.len(),
            s.as_of_date(),
            counts.join(", ")
        ),
        9.0,
        Style::Regular,
    );
    flow.space(4.0);
    for (sev, rows) in &by {
        flow.heading(&format!("Severity {} ({})", sev.0, rows.len()), 12.0);
        finding_table(flow, rows);
    }
}

pub(super) fn audit_log(flow: &mut Flow, s: &Snapshot) {
    let p = &s.provenance;
    flow.paragraph(
        &format!(
            "{} events; the chain's head is {}. The full chain is data/audit-log.jsonl in the \
             package, one event a line, each holding the hash of the one before.",
            s.events.len(),
            p.chain_head
        ),
        9.0,
        Style::Regular,
    );
    flow.space(4.0);
    if s.events.is_empty() {
        return;
    }
    let mut t = Table::auto(&["Seq", "At", "Actor", "Action", "Summary"], SIZE);
    t.caption = Some("First and last event".into());
    let first = &s.events[0];
    let last = &s.events[s.events.len() - 1];
    for e in if s.events.len() > 1 {
        vec![first, last]
    } else {
        vec![first]
    } {
        t.row(vec![
            e.seq.to_string(),
            e.at.to_rfc3339(),
            e.actor.clone(),
            e.action.clone(),
            e.summary.clone(),
        ]);
    }
    flow.table(&t);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &s.events {
        *counts.entry(e.action.as_str()).or_default() += 1;
    }
    let mut t = Table::auto(&["Action", "Events"], SIZE);
    t.caption = Some("Events by action".into());
    for (action, n) in counts {
        t.row(vec![action.to_string(), n.to_string()]);
    }
    flow.table(&t);
}
