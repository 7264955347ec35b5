//! The exception register: which exceptions are in force on a date, who may approve one,
//! which expire soon, and ending one.
//!
//! An exception waives one rule (an SoD rule, a gate, a grant, access outside the model)
//! for one person from `start`
//! to `end`, both inclusive. Its approver may be neither the beneficiary nor someone in SoD
//! conflict with them: a person who, on the date, holds one side of an SoD rule whose other
//! side the beneficiary holds (for an SoD waiver, anyone holding either side of the waived
//! rule, since the beneficiary holds both).

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::edit::Edit;
use crate::eligibility::Holdings;
use crate::entity::{Entity, EntityKind};
use crate::model::{vocabulary, *};

/// How many days ahead the expiring-soon list looks by default.
pub const EXPIRING_WITHIN_DAYS: u32 = 30;

vocabulary!(
    /// Where an exception stands on a date.
    ExceptionStatus {
        /// It starts later.
        Upcoming => "upcoming",
        InForce => "in_force",
        /// Its end has passed: what it waived is a finding again.
        Expired => "expired",
    }
);

impl Waiver {
    /// The gate a gate waiver names, and the requirement's position (from 0) when it waives
    /// one requirement (`None` for other waivers, and for a `#N` that is not a number ≥ 1).
    pub fn gate(&self) -> Option<(&str, Option<usize>)> {
        let Waiver::Gate(id) = self else {
            return None;
        };
        match id.split_once('#') {
            Some((gate, n)) => match n.parse::<usize>() {
                Ok(n) if n >= 1 => Some((gate, Some(n - 1))),
                _ => None,
            },
            None => Some((id.as_str(), None)),
        }
    }

    /// The role and environment an access waiver names (`None` for other waivers).
    pub fn access(&self) -> Option<(&str, Option<&str>)> {
        let Waiver::Access(id) = self else {
            return None;
        };
        Some(match id.split_once('|') {
            Some((role, env)) => (role, Some(env)),
            None => (id.as_str(), None),
        })
    }
}

impl Exception {
    /// Whether it waives its rule on `at` (from `start` to `end`, both inclusive).
    pub fn in_force(&self, at: NaiveDate) -> bool {
        self.start <= at && at <= self.end
    }

    pub fn status(&self, at: NaiveDate) -> ExceptionStatus {
        if at < self.start {
            ExceptionStatus::Upcoming
        } else if at <= self.end {
            ExceptionStatus::InForce
        } else {
            ExceptionStatus::Expired
        }
    }

    /// The entity the exception waives, as the model's findings name it; `None` for access
    /// outside the model (which only drift checks find: see [`crate::drift_findings`]).
    pub fn waived_entity(&self) -> Option<(EntityKind, &str)> {
        match &self.waives {
            Waiver::SodRule(id) => Some((EntityKind::SodRule, id)),
            Waiver::Gate(_) => self.waives.gate().map(|(gate, _)| (EntityKind::Gate, gate)),
            Waiver::Grant(key) => Some((EntityKind::Grant, key)),
            Waiver::Access(_) => None,
        }
    }
}

/// Why a person may not approve an exception (people by name).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApprovalProblem {
    #[error("{approver} is the person the exception is for: nobody approves their own exception")]
    OwnException { approver: String },
    #[error(
        "{approver} is in SoD conflict with {person} under the rule {rule:?} on {on}: \
         ask someone who holds neither side of it"
    )]
    InConflict {
        approver: String,
        person: String,
        rule: String,
        on: NaiveDate,
    },
}

/// What is wrong with the exception's approver on `at`, if anything.
pub fn approval_problem(model: &Model, e: &Exception, at: NaiveDate) -> Option<ApprovalProblem> {
    approval_problem_with(&Holdings::new(model, at), model, e)
}

pub(crate) fn approval_problem_with(
    holdings: &Holdings,
    model: &Model,
    e: &Exception,
) -> Option<ApprovalProblem> {
    let name = |id: &str| {
        let person = model.people.iter().find(|p| p.id == id);
        person.map_or(id, |p| p.name.as_str()).to_string()
    };
    if e.approver == e.person {
        return Some(ApprovalProblem::OwnException {
            approver: name(&e.approver),
        });
    }
    let (a, p) = (e.approver.as_str(), e.person.as_str());
    let holds = |who, side| holdings.holds_side(who, side);
    model
        .sod_rules
        .iter()
        .find(|r| {
            (holds(a, &r.left) && holds(p, &r.right)) || (holds(a, &r.right) && holds(p, &r.left))
        })
        .map(|r| ApprovalProblem::InConflict {
            approver: name(&e.approver),
            person: name(&e.person),
            rule: r.name.clone(),
            on: holdings.day(),
        })
}

/// Exceptions in force on `at` that end within `days` days (the end date included), the
/// soonest first.
pub fn expiring(model: &Model, at: NaiveDate, days: u32) -> Vec<&Exception> {
    let horizon = at
        .checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX);
    let mut out: Vec<&Exception> = model
        .exceptions
        .iter()
        .filter(|e| e.in_force(at) && e.end <= horizon)
        .collect();
    out.sort_by(|a, b| (a.end, &a.id).cmp(&(b.end, &b.id)));
    out
}

/// Why an exception cannot be ended.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EndError {
    #[error("there is no exception {0:?}")]
    NotFound(String),
    #[error("the exception {id:?} already ended on {end}")]
    AlreadyEnded { id: String, end: NaiveDate },
}

/// The edit that ends the exception `id` so that it is no longer in force from `today`:
/// its end becomes yesterday (an earlier end stays as it was); one that has not started
/// before today is removed.
pub fn end(model: &Model, id: &str, today: NaiveDate) -> Result<Edit, EndError> {
    let Some(Entity::Exception(mut e)) = model.get(EntityKind::Exception, id) else {
        return Err(EndError::NotFound(id.to_string()));
    };
    if e.end < today {
        return Err(EndError::AlreadyEnded {
            id: id.to_string(),
            end: e.end,
        });
    }
    match today.pred_opt() {
        Some(yesterday) if e.start <= yesterday => e.end = yesterday,
        _ => {
            return Ok(Edit::Delete {
                kind: EntityKind::Exception,
                key: id.to_string(),
            })
        }
    }
    Ok(Edit::Upsert {
        entity: Entity::Exception(e),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn exception(start: &str, end: &str) -> Exception {
        Exception {
            id: "x".into(),
            waives: Waiver::SodRule("r".into()),
            person: "ann".into(),
            justification: "cover".into(),
            approver: "bob".into(),
            start: day(start),
            end: day(end),
            review: None,
        }
    }

    #[test]
    fn in_force_from_start_to_end_inclusive() {
        let e = exception("2026-11-01", "2026-11-30");
        assert_eq!(e.status(day("2026-10-31")), ExceptionStatus::Upcoming);
        assert_eq!(e.status(day("2026-11-01")), ExceptionStatus::InForce);
        assert_eq!(e.status(day("2026-11-30")), ExceptionStatus::InForce);
        assert_eq!(e.status(day("2026-12-01")), ExceptionStatus::Expired);
    }
}
