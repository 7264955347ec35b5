//! The exception register as hosts use it: recording an exception (names resolved, the
//! approver rules checked), ending one, and the register on a date with what each
//! exception accepts and which expire soon.

use chrono::NaiveDate;
use gatehouse_core::exceptions::{self as rules, ApprovalProblem, EndError};
use gatehouse_core::{
    Edit, Entity, EntityKind, Exception, ExceptionStatus, Finding, Keyed, Model, Requirement,
    Waiver,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::edits::resolve;
use crate::error::{AppError, AppResult, ErrorCode};

/// An exception as a person gives it: people, SoD rules and gates by id or name; a grant
/// by its key (`role|capability|environment`, `*` for every environment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExceptionInput {
    pub waives: Waiver,
    /// Who the exception is for.
    pub person: String,
    pub approver: String,
    pub justification: String,
    /// The first day in force; `None`: today.
    pub start: Option<NaiveDate>,
    /// The last day in force.
    pub end: NaiveDate,
    pub review: Option<NaiveDate>,
}

/// One exception of the register, as of a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ExceptionRow {
    pub exception: Exception,
    pub status: ExceptionStatus,
    pub person_name: String,
    pub approver_name: String,
    /// What it waives, as people read it ("SoD rule Build vs deploy").
    pub waives_label: String,
    /// The findings it accepts on the date (open again once it ends).
    pub accepts: Vec<Finding>,
    /// In force: days left, the date itself counted (1 on its last day).
    #[ts(type = "number | null")]
    pub days_left: Option<i64>,
    /// In force and ending within the register's horizon.
    pub expiring: bool,
    /// Why its approver may not approve it, if so.
    pub approval_problem: Option<String>,
}

/// The exception register on a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ExceptionRegister {
    pub at: NaiveDate,
    /// The expiring-soon horizon, in days.
    pub within_days: u32,
    /// In force first, then upcoming, then expired; each by end date.
    pub rows: Vec<ExceptionRow>,
    /// Ids of the exceptions expiring within the horizon, the soonest first.
    pub expiring: Vec<String>,
}

/// The edit that records `input` as a new exception, approved on `today`.
///
/// Refuses an approver who is the beneficiary, or who is in SoD conflict with them today
/// or on the first day in force.
pub fn add(model: &Model, input: &ExceptionInput, today: NaiveDate) -> AppResult<Edit> {
    let person = resolve(model, EntityKind::Person, &input.person)?;
    let approver = resolve(model, EntityKind::Person, &input.approver)?;
    let waives = match &input.waives {
        Waiver::SodRule(r) => Waiver::SodRule(resolve(model, EntityKind::SodRule, r)?),
        Waiver::Gate(text) => Waiver::Gate(gate_waiver(model, text)?),
        Waiver::Grant(key) => {
            if model.get(EntityKind::Grant, key).is_none() {
                return Err(AppError::new(
                    ErrorCode::NotFound,
                    format!(
                        "no grant {key:?} in the permission matrix; give it as role|capability|environment (ids, * for every environment)"
                    ),
                ));
            }
            Waiver::Grant(key.clone())
        }
        w @ Waiver::Access(_) => {
            let (role, env) = w.access().expect("an access waiver");
            let role = resolve(model, EntityKind::Role, role)?;
            Waiver::Access(
                match env.map(str::trim).filter(|e| !e.is_empty() && *e != "*") {
                    Some(env) => {
                        format!("{role}|{}", resolve(model, EntityKind::Environment, env)?)
                    }
                    None => role,
                },
            )
        }
    };
    let justification = input.justification.trim();
    if justification.is_empty() {
        return Err(AppError::new(
            ErrorCode::ExceptionInvalid,
            "an exception needs a justification: say why the rule is waived and what mitigates it",
        ));
    }
    let start = input.start.unwrap_or(today);
    if input.end < start {
        return Err(AppError::new(
            ErrorCode::ExceptionInvalid,
            format!(
                "the exception would end ({}) before it starts ({start})",
                input.end
            ),
        ));
    }
    if let Some(review) = input.review.filter(|r| *r < start || *r > input.end) {
        return Err(AppError::new(
            ErrorCode::ExceptionInvalid,
            format!(
                "the review date {review} is outside the exception's period ({start} to {})",
                input.end
            ),
        ));
    }
    let base = format!("exc-{person}-{}", waives_id(&waives));
    let id = (1..)
        .map(|n| match n {
            1 => base.clone(),
            n => format!("{base}-{n}"),
        })
        .find(|id| model.get(EntityKind::Exception, id).is_none())
        .expect("an unused id exists");
    let exception = Exception {
        id,
        waives,
        person,
        justification: justification.to_string(),
        approver,
        start,
        end: input.end,
        review: input.review,
    };
    for on in [today, start] {
        if let Some(problem) = rules::approval_problem(model, &exception, on) {
            let code = match problem {
                ApprovalProblem::OwnException { .. } => ErrorCode::ExceptionSelfApproval,
                ApprovalProblem::InConflict { .. } => ErrorCode::ExceptionApproverConflict,
            };
            return Err(AppError::new(
                code,
                format!("{problem}; nothing was recorded"),
            ));
        }
    }
    Ok(Edit::Upsert {
        entity: Entity::Exception(exception),
    })
}

/// A gate (id or name), or one of its requirements as `gate#N` (N from 1, in the gate's
/// order): an approval, an owner's approval or no-self-approval, which an exception can
/// waive; a wait timer or a freeze window it cannot.
fn gate_waiver(model: &Model, text: &str) -> AppResult<String> {
    let (gate, n) = match text.rsplit_once('#') {
        Some((gate, n)) => (gate, Some(n.trim())),
        None => (text, None),
    };
    let id = resolve(model, EntityKind::Gate, gate)?;
    let Some(n) = n else {
        return Ok(id);
    };
    let g = (model.gates.iter().find(|g| g.id == id)).expect("resolved");
    let invalid = |why: String| AppError::new(ErrorCode::ExceptionInvalid, why);
    let position = n
        .parse::<usize>()
        .ok()
        .filter(|p| (1..=g.requirements.len()).contains(p));
    let Some(position) = position else {
        return Err(invalid(format!(
            "gate \"{}\" has no requirement #{n}: give its position from 1 to {}",
            g.name,
            g.requirements.len()
        )));
    };
    let r = &g.requirements[position - 1];
    match r {
        Requirement::Approval { .. }
        | Requirement::OwnerApproval { .. }
        | Requirement::NoSelfApproval => Ok(format!("{id}#{position}")),
        _ => Err(invalid(format!(
            "requirement #{position} of gate \"{}\" ({}) is a rule of time, which no exception waives: waive an approval or no-self-approval",
            g.name,
            r.label()
        ))),
    }
}

/// The id part of what an exception waives, usable in an entity id.
fn waives_id(w: &Waiver) -> String {
    match w {
        Waiver::SodRule(id) => id.clone(),
        Waiver::Gate(id) => id.replace('#', ".r"),
        Waiver::Grant(key) => key.replace('|', ".").replace('*', "all"),
        Waiver::Access(id) => format!("access.{}", id.replace('|', ".")),
    }
}

fn person_name(model: &Model, id: &str) -> String {
    model
        .people
        .iter()
        .find(|p| p.id == id)
        .map(|p| p.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// The edit that ends the exception `id` (no longer in force from `today`).
pub fn end(model: &Model, id: &str, today: NaiveDate) -> AppResult<Edit> {
    rules::end(model, id, today).map_err(|e| {
        let code = match e {
            EndError::NotFound(_) => ErrorCode::NotFound,
            EndError::AlreadyEnded { .. } => ErrorCode::ExceptionEnded,
        };
        let known: Vec<&str> = model.exceptions.iter().map(|e| e.id.as_str()).collect();
        let message = match &e {
            EndError::NotFound(_) if !known.is_empty() => {
                format!("{e}; the register holds: {}", known.join(", "))
            }
            _ => e.to_string(),
        };
        AppError::new(code, message)
    })
}

/// The register on `at`, with the exceptions ending within `within_days` marked.
pub fn register(model: &Model, at: NaiveDate, within_days: u32) -> ExceptionRegister {
    let findings = gatehouse_core::findings(model, at);
    let expiring: Vec<String> = rules::expiring(model, at, within_days)
        .into_iter()
        .map(|e| e.id.clone())
        .collect();
    let mut rows: Vec<ExceptionRow> = model
        .exceptions
        .iter()
        .map(|e| {
            let status = e.status(at);
            ExceptionRow {
                exception: e.clone(),
                status,
                person_name: person_name(model, &e.person),
                approver_name: person_name(model, &e.approver),
                waives_label: waives_label(model, &e.waives),
                accepts: findings
                    .iter()
                    .filter(|f| f.accepted.as_ref().is_some_and(|a| a.exception == e.id))
                    .cloned()
                    .collect(),
                days_left: (status == ExceptionStatus::InForce)
                    .then(|| (e.end - at).num_days() + 1),
                expiring: expiring.contains(&e.id),
                approval_problem: rules::approval_problem(model, e, at).map(|p| p.to_string()),
            }
        })
        .collect();
    let rank = |s: ExceptionStatus| match s {
        ExceptionStatus::InForce => 0,
        ExceptionStatus::Upcoming => 1,
        ExceptionStatus::Expired => 2,
    };
    rows.sort_by(|a, b| {
        (rank(a.status), a.exception.end, &a.exception.id).cmp(&(
            rank(b.status),
            b.exception.end,
            &b.exception.id,
        ))
    });
    ExceptionRegister {
        at,
        within_days,
        rows,
        expiring,
    }
}

fn waives_label(model: &Model, w: &Waiver) -> String {
    match w {
        Waiver::SodRule(id) => {
            let name = model.sod_rules.iter().find(|r| &r.id == id);
            format!("SoD rule {}", name.map_or(id.as_str(), |r| r.name.as_str()))
        }
        Waiver::Gate(id) => {
            let (gate, n) = w.gate().unwrap_or((id.as_str(), None));
            let found = model.gates.iter().find(|g| g.id == gate);
            let name = found.map_or(gate, |g| g.name.as_str());
            match (n, found.and_then(|g| n.and_then(|n| g.requirements.get(n)))) {
                (Some(_), Some(r)) => format!("{} of gate {name}", r.label()),
                (Some(n), None) => format!("requirement #{} of gate {name}", n + 1),
                (None, _) => format!("gate {name} (its approvals)"),
            }
        }
        Waiver::Grant(key) => {
            let grant = model.grants.iter().find(|g| &g.key() == key);
            match grant {
                Some(g) => format!(
                    "grant of {} to {}{}",
                    g.capability,
                    g.role,
                    g.environment
                        .as_deref()
                        .map(|e| format!(" in {e}"))
                        .unwrap_or_default()
                ),
                None => format!("grant {key}"),
            }
        }
        Waiver::Access(_) => {
            let (role, env) = w.access().expect("an access waiver");
            let role = (model.roles.iter().find(|r| r.id == role)).map_or(role, |r| &r.name);
            let env =
                env.map(|e| (model.environments.iter().find(|x| x.id == e)).map_or(e, |x| &x.name));
            format!(
                "access outside the model: {role}{}",
                env.map(|e| format!(" in {e}")).unwrap_or_default()
            )
        }
    }
}
