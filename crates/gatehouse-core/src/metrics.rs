//! The dashboard's figures on a date, computed from the model alone (the drift at the last
//! check and the findings over time come from the vault, in the app):
//!
//! - **policy adherence**: the share of grants (those that give access: allow or with
//!   approval) and assignments that no open finding is about. A finding is about a grant
//!   when it names the grant; about an assignment when it names the assignment, or names
//!   both its person and its role (an SoD conflict through that role).
//! - **time to approve changes**: over change requests approved or deployed, the hours
//!   from `created` to the last approving sign-off.
//! - **unauthorised deployments avoided and near-misses, from change requests**: the
//!   requests rejected at a sign-off plus the promotion attempts the gates refused (each
//!   recorded on its request); near-misses are the deployed requests whose promotion got
//!   through thanks to an exception or temporary access (recorded at promotion).
//! - **simulated figures**: from the pinned simulations: time to approval (the latest
//!   Monte Carlo run's overall percentiles, and the pinned decks' mean hours to
//!   promotion), unauthorised deployments avoided and near-misses (summed over the pinned
//!   decks).
//! - **open findings by severity**, **exceptions expiring** within 30 days, and
//!   **reviews overdue** (access reviews whose due date has passed).

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::deck::DeckReport;
use crate::entity::{EntityKind, Keyed};
use crate::exceptions::{expiring, EXPIRING_WITHIN_DAYS};
use crate::findings::{findings, Finding};
use crate::model::{ChangeStatus, Decision, Effect, Model, Severity, SimulationKind};
use crate::montecarlo::MonteCarloReport;

/// Open findings counted by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct SeverityCounts {
    pub critical: u32,
    pub high: u32,
    pub medium: u32,
    pub low: u32,
}

impl SeverityCounts {
    /// The open findings of `list` (those no exception accepts), by severity.
    pub fn of_open(list: &[Finding]) -> SeverityCounts {
        let mut c = SeverityCounts::default();
        for f in list.iter().filter(|f| f.is_open()) {
            match f.severity {
                Severity::Critical => c.critical += 1,
                Severity::High => c.high += 1,
                Severity::Medium => c.medium += 1,
                Severity::Low => c.low += 1,
            }
        }
        c
    }

    pub fn total(&self) -> u32 {
        self.critical + self.high + self.medium + self.low
    }
}

/// Grants and assignments without open findings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Adherence {
    pub grants: u32,
    pub grants_clean: u32,
    pub assignments: u32,
    pub assignments_clean: u32,
    /// (grants_clean + assignments_clean) / (grants + assignments); `None` when there are
    /// neither.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub rate: Option<f64>,
}

/// Time to approve change requests, from the requests themselves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Approvals {
    pub requests: u32,
    /// Approved or deployed, with an approving sign-off to measure to.
    pub approved: u32,
    pub rejected: u32,
    /// Draft or submitted.
    pub open: u32,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub mean_hours: Option<f64>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub median_hours: Option<f64>,
    /// Promotion attempts the gates refused.
    pub promotions_refused: u32,
    /// Rejected requests plus refused promotion attempts.
    pub deployments_avoided: u32,
    /// Deployed requests that got through thanks to an exception or temporary access.
    pub near_misses: u32,
}

/// What the pinned simulations say.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Simulated {
    pub decks: u32,
    pub monte_carlo_runs: u32,
    /// The latest pinned Monte Carlo run's overall time to approval (working hours).
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub p50_hours: Option<f64>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub p90_hours: Option<f64>,
    /// The mean over pinned decks of their mean hours from request to promotion.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub deck_mean_hours: Option<f64>,
    /// Promotion attempts the gates stopped, over the pinned decks.
    pub deployments_avoided: u32,
    /// Promotions through only thanks to an exception or temporary access.
    pub near_misses: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ExpiringException {
    pub id: String,
    pub person: String,
    pub end: NaiveDate,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub days_left: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct OverdueReview {
    pub id: String,
    pub name: String,
    pub due: NaiveDate,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub days_overdue: i64,
}

/// The dashboard's model figures on `at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Metrics {
    pub at: NaiveDate,
    pub adherence: Adherence,
    pub approvals: Approvals,
    pub simulated: Simulated,
    pub open_findings: SeverityCounts,
    /// Exceptions in force ending within 30 days, soonest first.
    pub exceptions_expiring: Vec<ExpiringException>,
    /// Access reviews past their due date, most overdue first.
    pub reviews_overdue: Vec<OverdueReview>,
}

/// The figures of `model` on `at`.
pub fn metrics(model: &Model, at: NaiveDate) -> Metrics {
    let found = findings(model, at);
    Metrics {
        at,
        adherence: adherence(model, &found),
        approvals: approvals(model),
        simulated: simulated(model),
        open_findings: SeverityCounts::of_open(&found),
        exceptions_expiring: expiring(model, at, EXPIRING_WITHIN_DAYS)
            .into_iter()
            .map(|e| ExpiringException {
                id: e.id.clone(),
                person: e.person.clone(),
                end: e.end,
                days_left: (e.end - at).num_days(),
            })
            .collect(),
        reviews_overdue: overdue(model, at),
    }
}

fn adherence(model: &Model, found: &[Finding]) -> Adherence {
    let mut named: HashSet<(EntityKind, &str)> = HashSet::new();
    let mut person_role: HashSet<(&str, &str)> = HashSet::new();
    for f in found.iter().filter(|f| f.is_open()) {
        for e in &f.entities {
            named.insert((e.kind, e.key.as_str()));
        }
        let of = |kind| f.entities.iter().filter(move |e| e.kind == kind);
        for p in of(EntityKind::Person) {
            for r in of(EntityKind::Role) {
                person_role.insert((p.key.as_str(), r.key.as_str()));
            }
        }
    }
    let giving: Vec<_> = (model.grants.iter())
        .filter(|g| g.effect != Effect::Deny)
        .collect();
    let grants_clean = (giving.iter())
        .filter(|g| !named.contains(&(EntityKind::Grant, g.key().as_str())))
        .count() as u32;
    let assignments_clean = (model.assignments.iter())
        .filter(|a| {
            !named.contains(&(EntityKind::Assignment, a.id.as_str()))
                && !person_role.contains(&(a.person.as_str(), a.role.as_str()))
        })
        .count() as u32;
    let grants = giving.len() as u32;
    let assignments = model.assignments.len() as u32;
    let all = grants + assignments;
    Adherence {
        grants,
        grants_clean,
        assignments,
        assignments_clean,
        rate: (all > 0).then(|| f64::from(grants_clean + assignments_clean) / f64::from(all)),
    }
}

fn approvals(model: &Model) -> Approvals {
    let mut hours: Vec<f64> = Vec::new();
    let (mut rejected, mut open, mut refused, mut near_misses) = (0, 0, 0, 0);
    for c in &model.change_requests {
        refused += c.track.refused.len() as u32;
        near_misses +=
            u32::from((c.track.promotion.as_ref()).is_some_and(|p| !p.near_miss.is_empty()));
        match c.status {
            ChangeStatus::Approved | ChangeStatus::Deployed => {
                let last = (c.sign_offs.iter())
                    .filter(|s| s.decision == Decision::Approved)
                    .map(|s| s.at)
                    .max();
                if let Some(last) = last {
                    hours.push((last - c.created).num_seconds().max(0) as f64 / 3_600.0);
                }
            }
            ChangeStatus::Rejected => rejected += 1,
            ChangeStatus::Draft | ChangeStatus::Submitted => open += 1,
        }
    }
    hours.sort_by(f64::total_cmp);
    let n = hours.len();
    let median = match n {
        0 => None,
        _ if n % 2 == 1 => Some(hours[n / 2]),
        _ => Some((hours[n / 2 - 1] + hours[n / 2]) / 2.0),
    };
    Approvals {
        requests: model.change_requests.len() as u32,
        approved: n as u32,
        rejected,
        open,
        mean_hours: (n > 0).then(|| hours.iter().sum::<f64>() / n as f64),
        median_hours: median,
        promotions_refused: refused,
        deployments_avoided: rejected + refused,
        near_misses,
    }
}

fn simulated(model: &Model) -> Simulated {
    let mut s = Simulated {
        decks: 0,
        monte_carlo_runs: 0,
        p50_hours: None,
        p90_hours: None,
        deck_mean_hours: None,
        deployments_avoided: 0,
        near_misses: 0,
    };
    let mut deck_hours: Vec<f64> = Vec::new();
    let mut latest_mc = None;
    for pin in &model.pinned_simulations {
        match pin.kind {
            SimulationKind::Deck => {
                // A pin whose result no longer reads (an older format) is left out.
                if let Ok(d) = serde_json::from_str::<DeckReport>(&pin.result) {
                    s.decks += 1;
                    s.deployments_avoided += d.metrics.blocked_attempts;
                    s.near_misses += d.metrics.near_misses;
                    deck_hours.extend(d.metrics.mean_hours_to_promotion);
                }
            }
            SimulationKind::MonteCarlo => {
                if let Ok(r) = serde_json::from_str::<MonteCarloReport>(&pin.result) {
                    s.monte_carlo_runs += 1;
                    if latest_mc
                        .as_ref()
                        .is_none_or(|(at, _)| pin.pinned_at >= *at)
                    {
                        latest_mc = Some((pin.pinned_at, r.overall));
                    }
                }
            }
            SimulationKind::Request => {}
        }
    }
    if let Some((_, Some(overall))) = latest_mc {
        s.p50_hours = Some(overall.p50);
        s.p90_hours = Some(overall.p90);
    }
    if !deck_hours.is_empty() {
        s.deck_mean_hours = Some(deck_hours.iter().sum::<f64>() / deck_hours.len() as f64);
    }
    s
}

fn overdue(model: &Model, at: NaiveDate) -> Vec<OverdueReview> {
    let mut out: Vec<OverdueReview> = (model.access_reviews.iter())
        .filter(|r| r.is_overdue(at))
        .map(|r| OverdueReview {
            id: r.id.clone(),
            name: r.name.clone(),
            due: r.due,
            days_overdue: (at - r.due).num_days(),
        })
        .collect();
    out.sort_by(|a, b| (b.days_overdue, &a.id).cmp(&(a.days_overdue, &b.id)));
    out
}

/// One point of the open findings over time: a model (a named version, or the current
/// model) and the date its findings are judged on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct FindingsPoint {
    /// The version's name, or "now".
    pub label: String,
    pub at: NaiveDate,
    pub counts: SeverityCounts,
}

/// The open findings of `model` on `at`, as a point labelled `label`.
pub fn findings_point(label: &str, model: &Model, at: NaiveDate) -> FindingsPoint {
    FindingsPoint {
        label: label.to_string(),
        at,
        counts: SeverityCounts::of_open(&findings(model, at)),
    }
}
