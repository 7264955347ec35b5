//! Escalation coverage: on a date, whether each step of each escalation path has someone
//! to escalate to. A step is covered when at least one person holds its role by an
//! assignment valid on the date; an assignment with an end date (temporary access) covers
//! it only until then, so a step held only through temporary assignments is marked as such.
//! An uncovered step says why: nobody was ever assigned, the only assignments have ended,
//! or they start later.
//!
//! Response targets are business hours: counted on the path's calendar, else on the model's
//! first calendar (said so: the path names none), else around the clock.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::calendar::Hours;
use crate::findings::is_valid_on;
use crate::model::{vocabulary, Calendar, EscalationKind, EscalationPath, Model};

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
    /// The path names no calendar of its own, so `calendar` is the model's first.
    pub calendar_assumed: bool,
    /// What the targets are counted on, in a sentence (the binder and the desktop say it).
    pub calendar_note: String,
    pub steps: Vec<StepCoverage>,
    /// Every step covered on the date.
    pub covered: bool,
}

/// The coverage of every escalation path of `model` on `at`, in the model's order.
pub fn coverage(model: &Model, at: NaiveDate) -> Vec<PathCoverage> {
    let person = |id: &str| {
        (model.people.iter().find(|p| p.id == id))
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    };
    model
        .escalation_paths
        .iter()
        .map(|path| {
            let (calendar, calendar_assumed) = calendar_of(model, path);
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
                calendar_assumed,
                calendar_note: calendar_note(calendar, calendar_assumed),
                covered: steps.iter().all(|s| s.status.is_covered()),
                steps,
            }
        })
        .collect()
}

/// What the response targets are counted on, in a sentence: "Response targets in business
/// hours of Office hours.", with ", the model's first calendar: the path names none" when
/// assumed, or "Response targets around the clock (the model has no calendar)."
fn calendar_note(calendar: Option<&Calendar>, assumed: bool) -> String {
    match (calendar, assumed) {
        (Some(c), false) => format!("Response targets in business hours of {}.", c.name),
        (Some(c), true) => format!(
            "Response targets in business hours of {}, the model's first calendar: the path names none.",
            c.name
        ),
        (None, _) => "Response targets around the clock (the model has no calendar).".into(),
    }
}

/// The calendar `path`'s targets are counted on, and whether it is assumed: the path's own
/// (a valid model's path names a calendar it has), else the model's first (assumed), else
/// none (around the clock).
fn calendar_of<'m>(model: &'m Model, path: &EscalationPath) -> (Option<&'m Calendar>, bool) {
    let own = (path.calendar.as_ref()).and_then(|id| model.calendars.iter().find(|c| c.id == *id));
    match own {
        Some(c) => (Some(c), false),
        None => (model.calendars.first(), !model.calendars.is_empty()),
    }
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
