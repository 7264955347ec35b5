//! Each difference of a drift check as a finding: its code, severity, a sentence that
//! starts with the export's cell, the entities it is about and a fix.

use rustc_hash::FxHashMap;

use super::{Drift, DriftEntry, DriftPart, UnmatchedEntry};
use crate::entity::EntityKind;
use crate::findings::{Acceptance, EntityRef, Finding, FindingCode};
use crate::model::{Exception, Model, Severity};

/// Names of the model's people, roles and environments by id.
struct Names<'m> {
    people: FxHashMap<&'m str, &'m str>,
    roles: FxHashMap<&'m str, &'m str>,
    environments: FxHashMap<&'m str, &'m str>,
}

impl<'m> Names<'m> {
    fn new(m: &'m Model) -> Names<'m> {
        Names {
            people: m
                .people
                .iter()
                .map(|p| (p.id.as_str(), p.name.as_str()))
                .collect(),
            roles: m
                .roles
                .iter()
                .map(|r| (r.id.as_str(), r.name.as_str()))
                .collect(),
            environments: (m.environments.iter())
                .map(|e| (e.id.as_str(), e.name.as_str()))
                .collect(),
        }
    }

    /// "Ana Lima holds IT Administrator in Production".
    fn holds(&self, e: &DriftEntry) -> String {
        let name = |map: &FxHashMap<&str, &'m str>, id: &str| {
            map.get(id)
                .map_or_else(|| id.to_string(), |n| n.to_string())
        };
        let env = e.environment.as_deref().map_or_else(String::new, |id| {
            format!(" in {}", name(&self.environments, id))
        });
        format!(
            "{} holds {}{env}",
            name(&self.people, &e.person),
            name(&self.roles, &e.role)
        )
    }
}

/// "Users!A7: " before a sentence about a row of the export.
fn at(source: Option<&str>) -> String {
    source.map_or_else(String::new, |s| format!("{s}: "))
}

/// The entities a matched entry names (its model assignment first, when there is one).
fn entities_of(entry: &DriftEntry, assignment: Option<&str>) -> Vec<EntityRef> {
    let refer = |kind, key: &str| EntityRef {
        kind,
        key: key.to_string(),
    };
    let mut out = Vec::new();
    if let Some(a) = assignment {
        out.push(refer(EntityKind::Assignment, a));
    }
    out.push(refer(EntityKind::Person, &entry.person));
    out.push(refer(EntityKind::Role, &entry.role));
    if let Some(e) = &entry.environment {
        out.push(refer(EntityKind::Environment, e));
    }
    out
}

fn unmatched_message(u: &UnmatchedEntry) -> String {
    let unknown: Vec<String> = (u.unknown.iter())
        .map(|part| {
            let text = match part {
                DriftPart::Person => u.person.as_str(),
                DriftPart::Role => u.role.as_str(),
                DriftPart::Environment => u.environment.as_deref().unwrap_or_default(),
            };
            format!("the {part} {text:?}")
        })
        .collect();
    let env = u
        .environment
        .as_ref()
        .map_or_else(String::new, |e| format!(" in {e:?}"));
    format!(
        "{}the export names {}, which the model does not have: the row ({:?} as {:?}{env}) is not compared.",
        at(u.source.as_deref()),
        unknown.join(" and "),
        u.person,
        u.role,
    )
}

/// The findings of a drift check of `model`: unauthorised and expired access still present
/// (high), unmatched rows (medium), missing access (low); in each code the order of the
/// drift's lists. Access present outside the model is accepted, not hidden, where an
/// exception in force on the check's date waives it for the person (an access waiver).
pub fn drift_findings(model: &Model, drift: &Drift) -> Vec<Finding> {
    let names = Names::new(model);
    let finding = |code, severity, message, entities, fix: &str| Finding {
        code,
        severity,
        message,
        entities,
        fix: fix.to_string(),
        accepted: None,
    };
    let mut out = Vec::with_capacity(drift.counts().total() as usize);
    for e in &drift.unauthorised {
        out.push(finding(
            FindingCode::DriftUnauthorised,
            Severity::High,
            format!(
                "{}{} on the platform, but no assignment of the model gives it.",
                at(e.source.as_deref()),
                names.holds(e)
            ),
            entities_of(e, None),
            "Remove the access on the platform, or record the assignment in the model with its justification and approver.",
        ));
    }
    for l in &drift.expired_present {
        let window = match (l.valid_until, l.valid_from) {
            (Some(until), _) if until < drift.at => format!("ended on {until}"),
            (_, Some(from)) if from > drift.at => format!("starts on {from}"),
            _ => format!("is not valid on {}", drift.at),
        };
        out.push(finding(
            FindingCode::DriftExpiredPresent,
            Severity::High,
            format!(
                "{}{} on the platform, but the model's assignment {window}.",
                at(l.entry.source.as_deref()),
                names.holds(&l.entry)
            ),
            entities_of(&l.entry, Some(&l.assignment)),
            "Remove the access on the platform, or extend the assignment in the model with a new justification and approval.",
        ));
    }
    for u in &drift.unmatched {
        out.push(finding(
            FindingCode::DriftUnmatched,
            Severity::Medium,
            unmatched_message(u),
            Vec::new(),
            "Add it to the model, or correct the name in the export: people, roles and environments are matched by id or by name, ignoring case and spacing (people also by e-mail).",
        ));
    }
    for m in &drift.missing {
        out.push(finding(
            FindingCode::DriftMissing,
            Severity::Low,
            format!(
                "{} in the model, but the actual access export does not show it.",
                names.holds(&m.entry)
            ),
            entities_of(&m.entry, Some(&m.assignment)),
            "Grant the access on the platform, or end the assignment in the model if it is no longer needed.",
        ));
    }
    accept(model, drift, &mut out);
    out
}

/// Marks each finding of access present outside the model (unauthorised, or expired in the
/// model and still present) that an exception in force on the check's date waives: an
/// access waiver for the person and the role, in every environment or in the finding's.
/// Of several, the one that lasts longest is named.
fn accept(model: &Model, drift: &Drift, out: &mut [Finding]) {
    let mut waivers: Vec<&Exception> = (model.exceptions.iter())
        .filter(|e| e.in_force(drift.at) && e.waives.access().is_some())
        .collect();
    if waivers.is_empty() {
        return;
    }
    waivers.sort_by(|a, b| (b.end, &a.id).cmp(&(a.end, &b.id)));
    let outside = [
        FindingCode::DriftUnauthorised,
        FindingCode::DriftExpiredPresent,
    ];
    for f in out.iter_mut().filter(|f| outside.contains(&f.code)) {
        let of = |kind| {
            f.entities
                .iter()
                .find(|e| e.kind == kind)
                .map(|e| e.key.as_str())
        };
        let (Some(person), Some(role)) = (of(EntityKind::Person), of(EntityKind::Role)) else {
            continue;
        };
        let environment = of(EntityKind::Environment);
        let covering = waivers.iter().find(|e| {
            let (r, env) = e.waives.access().expect("access waivers only");
            e.person == person && r == role && env.is_none_or(|env| Some(env) == environment)
        });
        if let Some(e) = covering {
            f.accepted = Some(Acceptance {
                exception: e.id.clone(),
                until: e.end,
                justification: e.justification.clone(),
            });
        }
    }
}
