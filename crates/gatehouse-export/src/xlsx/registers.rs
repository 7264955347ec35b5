//! The register sheets: each an Excel table of one register of the model, ids beside names.

use gatehouse_core::{Condition, Exception, Requirement, SodTarget, Waiver};

use super::cells::{Cell, SheetWriter};
use super::Names;
use crate::access::AccessStatus;
use crate::{ExportError, Sheet, Snapshot};

fn yes_no(b: bool) -> Cell<'static> {
    Cell::from(if b { "yes" } else { "no" })
}

fn count(n: usize) -> Cell<'static> {
    Cell::Number(n as f64)
}

/// A condition as a short formula-free phrase for a cell.
fn condition(c: &Condition, s: &Snapshot) -> String {
    match c {
        Condition::Always => "always".into(),
        Condition::UserFacing => "user-facing".into(),
        Condition::ClassificationAtLeast(x) => format!("classification at least {x}"),
        Condition::CriticalityAtLeast(x) => format!("criticality at least {x}"),
        Condition::DataSensitivityAtLeast(x) => format!("data sensitivity at least {x}"),
        Condition::Attribute(a) => format!("change is {a}"),
        Condition::TierAtLeast(t) => {
            let name = s
                .model
                .risk_tiers
                .iter()
                .find(|x| x.id == *t)
                .map_or(t.as_str(), |x| &x.name);
            format!("risk tier at least {name}")
        }
        Condition::AllOf(all) if all.is_empty() => "always".into(),
        Condition::AnyOf(any) if any.is_empty() => "never".into(),
        Condition::AllOf(all) => join(all, " and ", s),
        Condition::AnyOf(any) => join(any, " or ", s),
    }
}

fn join(parts: &[Condition], with: &str, s: &Snapshot) -> String {
    let texts: Vec<String> = parts
        .iter()
        .map(|c| format!("({})", condition(c, s)))
        .collect();
    texts.join(with)
}

fn target(t: &SodTarget, names: &Names) -> String {
    match t {
        SodTarget::Role(r) => format!("role: {}", names.role(r)),
        SodTarget::Capability(c) => format!("capability: {}", names.capability(c)),
    }
}

fn exception_status(e: &Exception, s: &Snapshot) -> &'static str {
    let on = s.as_of_date();
    if e.end < on {
        "expired"
    } else if e.start > on {
        "not yet in force"
    } else {
        "in force"
    }
}

/// Writes the register sheet `w.sheet`.
pub(crate) fn write(w: &mut SheetWriter, s: &Snapshot, names: &Names) -> Result<(), ExportError> {
    let m = &s.model;
    let on = s.as_of_date();
    match w.sheet {
        Sheet::Roles => {
            let members_on = format!("Members on {on}");
            let rows = m.roles.iter().map(|r| {
                let members = m
                    .assignments
                    .iter()
                    .filter(|a| a.role == r.id && gatehouse_core::findings::is_valid_on(a, on))
                    .count();
                vec![
                    Cell::from(r.id.as_str()),
                    Cell::from(r.name.as_str()),
                    Cell::from(r.kind.as_str()),
                    Cell::from(r.description.as_str()),
                    count(members),
                    count(m.grants.iter().filter(|g| g.role == r.id).count()),
                ]
            });
            let cols = [
                "Id",
                "Name",
                "Kind",
                "Description",
                members_on.as_str(),
                "Grants",
            ];
            w.register(0, &cols, rows, "The model has no roles.")?;
        }
        Sheet::Capabilities => {
            let rows = m.capabilities.iter().map(|c| {
                vec![
                    Cell::from(c.id.as_str()),
                    Cell::from(c.name.as_str()),
                    Cell::from(c.action.as_str()),
                    Cell::from(c.classification.map(|x| x.as_str())),
                    Cell::from(c.environment.as_deref().map(|e| names.environment(e))),
                    Cell::from(c.description.as_str()),
                ]
            });
            let cols = [
                "Id",
                "Name",
                "Action",
                "Data classification",
                "Environment",
                "Description",
            ];
            w.register(0, &cols, rows, "The model has no capabilities.")?;
        }
        Sheet::Ownership => {
            let rows = m.ownerships.iter().map(|o| {
                vec![
                    Cell::from(names.asset(&o.asset)),
                    Cell::from(o.kind.as_str()),
                    Cell::from(names.person(&o.person)),
                    Cell::from(o.asset.as_str()),
                    Cell::from(o.person.as_str()),
                ]
            });
            let cols = ["Asset", "Ownership", "Person", "Asset id", "Person id"];
            w.register(0, &cols, rows, "The model records no ownership.")?;
        }
        Sheet::Assets => {
            let rows = m.assets.iter().map(|a| {
                let owners: Vec<&str> = m
                    .ownerships
                    .iter()
                    .filter(|o| o.asset == a.id)
                    .map(|o| names.person(&o.person))
                    .collect();
                vec![
                    Cell::from(a.id.as_str()),
                    Cell::from(a.name.as_str()),
                    Cell::from(a.kind.as_str()),
                    Cell::from(a.classification.as_str()),
                    Cell::from(a.criticality.as_str()),
                    yes_no(a.user_facing),
                    Cell::from(a.vetting.map(|v| v.as_str())),
                    Cell::from(a.version.as_deref()),
                    Cell::from(a.uses.join(", ")),
                    Cell::from(owners.join(", ")),
                ]
            });
            let cols = [
                "Id",
                "Name",
                "Kind",
                "Classification",
                "Criticality",
                "User facing",
                "Vetting",
                "Version",
                "Uses",
                "Owners",
            ];
            w.register(0, &cols, rows, "The model has no assets.")?;
        }
        Sheet::Assignments => {
            let status = format!("Status on {on}");
            let rows = m.assignments.iter().map(|a| {
                vec![
                    Cell::from(a.id.as_str()),
                    Cell::from(names.person(&a.person)),
                    Cell::from(names.role(&a.role)),
                    Cell::from(a.environment.as_deref().map(|e| names.environment(e))),
                    Cell::from(a.valid_from),
                    Cell::from(a.valid_until),
                    Cell::from(AccessStatus::of(a, on).as_str()),
                    Cell::from(a.justification.as_deref()),
                    Cell::from(a.approver.as_deref().map(|p| names.person(p))),
                    Cell::from(a.person.as_str()),
                    Cell::from(a.role.as_str()),
                ]
            });
            let cols = [
                "Id",
                "Person",
                "Role",
                "Environment",
                "Valid from",
                "Valid until",
                status.as_str(),
                "Justification",
                "Approver",
                "Person id",
                "Role id",
            ];
            w.register(0, &cols, rows, "The model has no assignments.")?;
        }
        Sheet::SodRules => {
            let rows = m.sod_rules.iter().map(|r| {
                vec![
                    Cell::from(r.id.as_str()),
                    Cell::from(r.name.as_str()),
                    Cell::from(r.severity.as_str()),
                    Cell::from(target(&r.left, names)),
                    Cell::from(target(&r.right, names)),
                    Cell::from(r.mitigation.as_deref()),
                    Cell::from(r.description.as_str()),
                ]
            });
            let cols = [
                "Id",
                "Name",
                "Severity",
                "Left",
                "Right",
                "Mitigation",
                "Description",
            ];
            w.register(0, &cols, rows, "The model has no SoD rules.")?;
        }
        Sheet::SodConflicts => {
            let conflicts = crate::sod::conflicts(s);
            let rows = conflicts.iter().map(|c| {
                let key = |kind| {
                    c.finding
                        .entities
                        .iter()
                        .find(|e| e.kind == kind)
                        .map(|e| e.key.as_str())
                };
                let person = key(gatehouse_core::EntityKind::Person).unwrap_or("");
                let rule = key(gatehouse_core::EntityKind::SodRule).unwrap_or("");
                vec![
                    Cell::from(match c.accepted_by {
                        Some(_) => "accepted by exception",
                        None => "open",
                    }),
                    Cell::from(c.finding.severity.as_str()),
                    Cell::from(names.person(person)),
                    Cell::from(names.rule(rule)),
                    Cell::from(c.accepted_by.map(|e| e.id.as_str())),
                    Cell::from(c.finding.message.as_str()),
                    Cell::from(c.finding.fix.as_str()),
                ]
            });
            let cols = [
                "Status",
                "Severity",
                "Person",
                "Rule",
                "Exception",
                "Conflict",
                "Fix",
            ];
            w.register(0, &cols, rows, &format!("No SoD conflicts on {on}."))?;
        }
        Sheet::Exceptions => {
            let status = format!("Status on {on}");
            let rows = m.exceptions.iter().map(|e| {
                let (kind, what) = match &e.waives {
                    Waiver::SodRule(r) => ("SoD rule", names.rule(r)),
                    Waiver::Gate(g) => ("gate", g.as_str()),
                    Waiver::Grant(g) => ("grant", g.as_str()),
                    Waiver::Access(a) => ("access outside the model", a.as_str()),
                };
                vec![
                    Cell::from(e.id.as_str()),
                    Cell::from(kind),
                    Cell::from(what),
                    Cell::from(names.person(&e.person)),
                    Cell::from(e.justification.as_str()),
                    Cell::from(names.person(&e.approver)),
                    Cell::Date(e.start),
                    Cell::Date(e.end),
                    Cell::from(e.review),
                    Cell::from(exception_status(e, s)),
                ]
            });
            let cols = [
                "Id",
                "Waives",
                "Waived",
                "Person",
                "Justification",
                "Approver",
                "Start",
                "End",
                "Review",
                status.as_str(),
            ];
            w.register(0, &cols, rows, "The model records no exceptions.")?;
        }
        Sheet::RiskTiers => {
            let rows = m.risk_tiers.iter().map(|t| {
                vec![
                    Cell::Number(f64::from(t.rank)),
                    Cell::from(t.id.as_str()),
                    Cell::from(t.name.as_str()),
                    Cell::from(condition(&t.when, s)),
                    Cell::from(t.description.as_str()),
                ]
            });
            let cols = ["Rank", "Id", "Name", "Criteria", "Description"];
            w.register(0, &cols, rows, "The model defines no risk tiers.")?;
        }
        Sheet::Gates => {
            let rows = m.gates.iter().flat_map(|g| {
                let gate = |n: usize, r: Option<&Requirement>| {
                    let (kind, who, how_many, when, detail) = requirement(r, s, names);
                    vec![
                        Cell::from(g.id.as_str()),
                        Cell::from(g.name.as_str()),
                        Cell::from(names.environment(&g.from)),
                        Cell::from(names.environment(&g.to)),
                        count(n),
                        Cell::from(r.map_or("(no requirements)".to_string(), |r| r.label())),
                        Cell::from(kind),
                        Cell::from(who),
                        how_many,
                        Cell::from(when),
                        Cell::from(detail),
                    ]
                };
                if g.requirements.is_empty() {
                    vec![gate(0, None)]
                } else {
                    g.requirements
                        .iter()
                        .enumerate()
                        .map(|(i, r)| gate(i + 1, Some(r)))
                        .collect()
                }
            });
            let cols = [
                "Gate id",
                "Gate",
                "From",
                "To",
                "#",
                "Requirement",
                "Type",
                "Who",
                "Count",
                "When",
                "Detail",
            ];
            w.register(0, &cols, rows, "The model has no gates.")?;
        }
        Sheet::Escalations => {
            let paths = gatehouse_core::escalation::coverage(m, s.as_of.date_naive());
            let rows = paths.iter().flat_map(|p| {
                p.steps.iter().map(move |step| {
                    vec![
                        Cell::from(p.id.as_str()),
                        Cell::from(p.name.as_str()),
                        Cell::from(p.kind.as_str()),
                        Cell::Number(f64::from(step.step)),
                        Cell::from(step.role_name.as_str()),
                        Cell::Number(f64::from(step.response_hours)),
                        Cell::from(step.response.as_str()),
                        Cell::from(match (&p.calendar, p.calendar_assumed) {
                            (Some(c), false) => c.clone(),
                            (Some(c), true) => {
                                format!("{c} (the model's first: the path names none)")
                            }
                            (None, _) => "around the clock".to_string(),
                        }),
                        Cell::from(step.status.as_str()),
                        Cell::from(step.note.as_str()),
                    ]
                })
            });
            let cols = [
                "Path id",
                "Path",
                "Kind",
                "Step",
                "Role",
                "Response (business hours)",
                "Response target",
                "Calendar",
                "Coverage",
                "Coverage note",
            ];
            w.register(0, &cols, rows, "The model has no escalation paths.")?;
        }
        Sheet::Findings => {
            let rows = s.findings.iter().map(|f| {
                let about: Vec<String> = f
                    .entities
                    .iter()
                    .map(|e| format!("{} {}", e.kind.as_str(), e.key))
                    .collect();
                vec![
                    Cell::from(f.severity.as_str()),
                    Cell::from(f.code.as_str()),
                    Cell::from(f.message.as_str()),
                    Cell::from(about.join("; ")),
                    Cell::from(f.fix.as_str()),
                ]
            });
            let cols = ["Severity", "Code", "Finding", "About", "Fix"];
            w.register(0, &cols, rows, &format!("No findings on {on}."))?;
        }
        Sheet::ChangeLog => {
            let log = gatehouse_core::change::change_log(m);
            let hours = |s: Option<i64>| s.map_or(Cell::Empty, |s| Cell::Number(s as f64 / 3600.0));
            let rows = log.iter().map(|e| {
                let by = |d: gatehouse_core::Decision| {
                    e.sign_offs
                        .iter()
                        .filter(|s| s.decision == d)
                        .map(|s| {
                            format!(
                                "{} {}{}",
                                s.person_name,
                                s.at.format("%Y-%m-%d %H:%M UTC"),
                                s.answers
                                    .as_deref()
                                    .map(|a| format!(" ({a})"))
                                    .unwrap_or_default()
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                vec![
                    Cell::from(e.id.as_str()),
                    Cell::from(e.title.as_str()),
                    Cell::from(e.asset_name.as_str()),
                    Cell::from(names.environment(&e.from)),
                    Cell::from(names.environment(&e.to)),
                    Cell::from(e.status.as_str()),
                    Cell::from(e.requester_name.as_str()),
                    Cell::DateTime(e.requested_at),
                    Cell::from(by(gatehouse_core::Decision::Approved)),
                    Cell::from(by(gatehouse_core::Decision::Rejected)),
                    e.approved_at.map_or(Cell::Empty, Cell::DateTime),
                    Cell::from(e.promoted_by_name.as_deref()),
                    e.promoted_at.map_or(Cell::Empty, Cell::DateTime),
                    hours(e.seconds_to_approval),
                    hours(e.seconds_to_promotion),
                ]
            });
            let cols = [
                "Id",
                "Title",
                "Asset",
                "From",
                "To",
                "Status",
                "Requested by",
                "Requested at",
                "Approved by",
                "Rejected by",
                "Approved at (last needed approval)",
                "Promoted by",
                "Promoted at",
                "Hours to approval",
                "Hours to promotion",
            ];
            w.register(0, &cols, rows, "The model records no change requests.")?;
        }
        Sheet::AuditLog => {
            let rows = s.events.iter().map(|e| {
                vec![
                    Cell::Number(e.seq as f64),
                    Cell::DateTime(e.at),
                    Cell::from(e.actor.as_str()),
                    Cell::from(e.action.as_str()),
                    Cell::from(e.summary.as_str()),
                    Cell::from(e.prev_hash.as_str()),
                    Cell::from(e.hash.as_str()),
                ]
            });
            let cols = [
                "Seq",
                "At (UTC)",
                "Actor",
                "Action",
                "Summary",
                "Previous hash",
                "Hash",
            ];
            w.register(0, &cols, rows, "The audit log is empty.")?;
        }
        Sheet::Provenance
        | Sheet::Controls
        | Sheet::Matrix
        | Sheet::Grants
        | Sheet::Simulations
        | Sheet::SimulationPercentiles
        | Sheet::Versions
        | Sheet::Changes
        | Sheet::AccessReviews
        | Sheet::Dashboard => {
            unreachable!("written by their own modules")
        }
    }
    Ok(())
}

/// A requirement's type, who approves, how many, when it applies and its other terms.
fn requirement(
    r: Option<&Requirement>,
    s: &Snapshot,
    names: &Names,
) -> (&'static str, String, Cell<'static>, String, String) {
    let Some(r) = r else {
        return ("", String::new(), Cell::Empty, String::new(), String::new());
    };
    let how_many = |count: u32, all: bool| {
        if all {
            Cell::from("all")
        } else {
            Cell::Number(f64::from(count))
        }
    };
    match r {
        Requirement::Approval {
            roles,
            count,
            condition: c,
            all,
            ..
        } => {
            let who: Vec<&str> = roles.iter().map(|r| names.role(r)).collect();
            (
                "approval",
                who.join(", "),
                how_many(*count, *all),
                condition(c, s),
                String::new(),
            )
        }
        Requirement::OwnerApproval {
            owner,
            count,
            condition: c,
            all,
            ..
        } => (
            "owner approval",
            owner.as_str().to_string(),
            how_many(*count, *all),
            condition(c, s),
            String::new(),
        ),
        Requirement::NoSelfApproval => (
            "no self-approval",
            String::new(),
            Cell::Empty,
            "always".into(),
            String::new(),
        ),
        Requirement::WaitTimer { hours } => (
            "wait timer",
            String::new(),
            Cell::Empty,
            "always".into(),
            format!("{hours} hours after the last approval"),
        ),
        Requirement::FreezeWindow { start, end, reason } => (
            "freeze window",
            String::new(),
            Cell::Empty,
            "always".into(),
            format!("no promotion {start} to {end}: {reason}"),
        ),
    }
}
