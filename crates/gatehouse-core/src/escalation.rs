//! Escalation coverage: on a date, whether each step of each escalation path has someone
//! to escalate to. A step is covered when at least one person holds its role by an
//! assignment valid on the date; an assignment with an end date (temporary access) covers
//! it only until then, so a step held only through temporary assignments is marked as such.
//! An uncovered step says why: nobody was ever assigned, the only assignments have ended,
//! or they start later.
//!
//! Response targets are business hours: counted on the model's first calendar when it has
//! one (the calendar named beside the target), around the clock otherwise.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::calendar::Hours;
use crate::findings::is_valid_on;
use crate::model::{vocabulary, Calendar, EscalationKind, Model};

vocabulary!(
    /// How a step of an escalation path is staffed on a date.
    StepStatus {
        /// Someone holds the role with no end date.
        Covered => "covered",
        /// Only temporary assignments (with an end date) give the role on the date.
        TemporaryOnly => "temporary_only",
        /// Nobody on the date: the role's assignments have all ended.
        Expired => "expired",
        /// Nobody on the date: the role's assignments all start later.
        NotYetStarted => "not_yet_started",
        /// Nobody has ever been assigned the role.
        Nobody => "nobody",
    }
);

impl StepStatus {
    /// Whether someone can be escalated to on the date.
    pub fn is_covered(self) -> bool {
        matches!(self, StepStatus::Covered | StepStatus::TemporaryOnly)
    }
}

/// Someone holding a step's role on the date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Holder {
    pub person: String,
    pub name: String,
    /// The end of a temporary assignment; `None` for a standing one.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub until: Option<NaiveDate>,
}

/// One step of a path with its coverage on the date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct StepCoverage {
    /// 1 for the first step.
    pub step: u32,
    pub role: String,
    pub role_name: String,
    pub response_hours: u32,
    /// The response target in words: "4 business hours (half a working day …)".
    pub response: String,
    pub status: StepStatus,
    /// People holding the role on the date, standing holders first, then by name.
    pub holders: Vec<Holder>,
    /// One line on the coverage: who covers the step, or why nobody does.
    pub note: String,
}

/// An escalation path with the coverage of each step on the date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct PathCoverage {
    pub id: String,
    pub name: String,
    pub kind: EscalationKind,
    /// The calendar response targets are counted on; `None`: around the clock.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub calendar: Option<String>,
    pub steps: Vec<StepCoverage>,
    /// Every step covered on the date.
    pub covered: bool,
}

/// The coverage of every escalation path of `model` on `at`, in the model's order.
pub fn coverage(model: &Model, at: NaiveDate) -> Vec<PathCoverage> {
    let calendar = model.calendars.first();
    let person = |id: &str| {
        (model.people.iter().find(|p| p.id == id))
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    };
    model
        .escalation_paths
        .iter()
        .map(|path| {
            let steps: Vec<StepCoverage> = (path.steps.iter().enumerate())
                .map(|(i, step)| {
                    let role_name = (model.roles.iter().find(|r| r.id == step.role))
                        .map_or_else(|| step.role.clone(), |r| r.name.clone());
                    let of_role: Vec<_> = (model.assignments.iter())
                        .filter(|a| a.role == step.role)
                        .collect();
                    let mut holders: Vec<Holder> = Vec::new();
                    for a in of_role.iter().filter(|a| is_valid_on(a, at)) {
                        let name = person(&a.person);
                        match holders.iter_mut().find(|h| h.person == a.person) {
                            // Several assignments of one person: the longest lasting counts.
                            Some(h) => h.until = h.until.zip(a.valid_until).map(|(x, y)| x.max(y)),
                            None => holders.push(Holder {
                                person: a.person.clone(),
                                name,
                                until: a.valid_until,
                            }),
                        }
                    }
                    holders.sort_by(|a, b| {
                        (a.until.is_some(), &a.name).cmp(&(b.until.is_some(), &b.name))
                    });
                    let (status, note) = if let Some(h) = holders.iter().find(|h| h.until.is_none())
                    {
                        let others = holders.len() - 1;
                        let note = match others {
                            0 => format!("covered by {}", h.name),
                            n => format!("covered by {} and {n} more", h.name),
                        };
                        (StepStatus::Covered, note)
                    } else if let Some(last) = holders.iter().filter_map(|h| h.until).max() {
                        let names: Vec<&str> = holders.iter().map(|h| h.name.as_str()).collect();
                        let note = format!(
                            "covered only by temporary access ({}) until {last}",
                            names.join(", ")
                        );
                        (StepStatus::TemporaryOnly, note)
                    } else if let Some(ended) = (of_role.iter())
                        .filter_map(|a| a.valid_until.filter(|u| *u < at))
                        .max()
                    {
                        let note = format!(
                            "nobody: every assignment to {role_name} has ended, the last on {ended}"
                        );
                        (StepStatus::Expired, note)
                    } else if let Some(from) = (of_role.iter())
                        .filter_map(|a| a.valid_from.filter(|f| *f > at))
                        .min()
                    {
                        let note = format!(
                            "nobody yet: the first assignment to {role_name} starts on {from}"
                        );
                        (StepStatus::NotYetStarted, note)
                    } else {
                        let note = format!("nobody has ever been assigned {role_name}");
                        (StepStatus::Nobody, note)
                    };
                    StepCoverage {
                        step: i as u32 + 1,
                        role: step.role.clone(),
                        role_name,
                        response_hours: step.response_hours,
                        response: response_target(step.response_hours, calendar),
                        status,
                        holders,
                        note,
                    }
                })
                .collect();
            PathCoverage {
                id: path.id.clone(),
                name: path.name.clone(),
                kind: path.kind,
                calendar: calendar.map(|c| c.name.clone()),
                covered: steps.iter().all(|s| s.status.is_covered()),
                steps,
            }
        })
        .collect()
}

/// "1 business hour", "4 business hours (half a working day on Office hours)", "16
/// business hours (2 working days on Office hours)"; around the clock: "4 hours, around
/// the clock".
pub fn response_target(hours: u32, calendar: Option<&Calendar>) -> String {
    let unit = if hours == 1 { "hour" } else { "hours" };
    let Some(calendar) = calendar else {
        return format!("{hours} {unit}, around the clock");
    };
    let day = Hours::Calendar(calendar).day_length_hours();
    let base = format!("{hours} business {unit}");
    if day <= 0.0 {
        return base;
    }
    let days = f64::from(hours) / day;
    let days = if (days - 0.5).abs() < 1e-9 {
        "half a working day".to_string()
    } else if days < 1.0 {
        return base;
    } else if (days - days.round()).abs() < 1e-9 {
        let n = days.round() as u64;
        format!("{n} working day{}", if n == 1 { "" } else { "s" })
    } else {
        format!("{days:.1} working days")
    };
    format!("{base} ({days} on {})", calendar.name)
}
