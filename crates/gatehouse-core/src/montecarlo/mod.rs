//! Monte Carlo time to approval: many requests drawn from a request mix, each walked through
//! its gates with every eligible approver's response drawn from a log-normal time (by role
//! or ownership kind) in the gate's business hours, with availability. The result: time to
//! approval p50/p90/p99 per gate and overall, the share blocked and why, and each approver's
//! load.
//!
//! Deterministic: the requests are cut into chunks of [`CHUNK`], each with its own random
//! stream derived from the seed and the chunk's number, and the chunks' tallies are merged
//! in chunk order; so the same seed gives the same report whether the chunks run on one
//! thread or many. The host decides how chunks run ([`Parallel`]); this crate stays free
//! of a thread pool.
//!
//! Who may approve is decided by the single-request simulation at the request's arrival
//! (eligibility, SoD, exceptions, self-approval); an eligible approver answers at a drawn
//! time, and a quorum of k is met when its k fastest have answered.

mod mix;
mod plan;
mod report;
mod rng;
mod timing;

use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::entity::EntityKind;
use crate::model::Model;
use crate::progress::{Reporter, Stage};
use crate::simulate::{RuleRef, SimulateError};

pub use mix::{
    AttributeChance, RequestMix, ResponseProfile, Share, DEFAULT_ATTRIBUTE_CHANCE,
    DEFAULT_WINDOW_DAYS,
};

/// Requests per chunk: part of what makes a seed's numbers reproducible (changing it
/// changes the numbers a seed gives).
pub const CHUNK: u32 = 4_096;
/// The most requests one run draws.
pub const MAX_RUNS: u32 = 10_000_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct MonteCarloOptions {
    /// Requests to draw.
    pub runs: u32,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seed: u64,
    /// Requests arrive from this moment over the mix's window.
    pub start: DateTime<Utc>,
}

/// Hours, over the requests that got through.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Percentiles {
    pub p50: f64,
    pub p90: f64,
    pub p99: f64,
    pub mean: f64,
    pub max: f64,
}

/// Time from reaching a gate to passing it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct GateTimes {
    pub gate: String,
    pub name: String,
    /// Requests that passed the gate.
    pub requests: u32,
    pub hours: Percentiles,
}

/// Requests stopped by one rule, with the first sentence that says so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct BlockedReason {
    /// The gate (empty when no gate leads on).
    pub gate: String,
    pub rule: Option<RuleRef>,
    pub text: String,
    pub requests: u32,
    /// Of all requests drawn.
    pub share: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct ApproverLoad {
    pub person: String,
    pub name: String,
    /// Approvals the person gave (as one of a quorum's fastest).
    pub approvals: u32,
    /// Approvals per request drawn.
    pub per_request: f64,
    /// Asked on at least half of the requests drawn: the practice waits on them.
    pub bottleneck: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct HistogramBin {
    pub from_hours: f64,
    pub to_hours: f64,
    pub requests: u32,
}

/// What the Monte Carlo simulation found. Every list is sorted, numbers rounded (hours to
/// hundredths, shares to ten-thousandths), so the JSON is stable for diffing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct MonteCarloReport {
    pub options: MonteCarloOptions,
    pub window_days: u32,
    /// What the mix left out and was taken from the model or assumed.
    pub assumed: Vec<String>,
    pub promoted: u32,
    pub blocked: u32,
    pub blocked_share: f64,
    /// Arrival to promotion at the target; none if nothing got through.
    pub overall: Option<Percentiles>,
    /// By gate id.
    pub gates: Vec<GateTimes>,
    /// Most requests first.
    pub blocked_reasons: Vec<BlockedReason>,
    /// Most approvals first.
    pub load: Vec<ApproverLoad>,
    /// Of the overall time, up to the p99 (the last bin also holds the longer ones).
    pub histogram: Vec<HistogramBin>,
    /// Simulated requests through one gate each.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub evaluations: u64,
    /// Distinct request shapes (requester, asset, target, attributes, day) planned.
    pub distinct_requests: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MonteCarloError {
    #[error("the mix names {kind} {id:?}, which the model does not have")]
    Unknown { kind: EntityKind, id: String },
    #[error("the mix is not usable: {0}")]
    Invalid(String),
    #[error("{0}")]
    Simulate(#[from] SimulateError),
    #[error("the Monte Carlo simulation was cancelled")]
    Cancelled,
}

/// How the host runs independent pieces of work: in order, or on a thread pool. The
/// results come back in index order either way.
pub trait Parallel: Sync {
    fn map<T: Send>(&self, n: usize, f: &(dyn Fn(usize) -> T + Sync)) -> Vec<T>;
}

/// One piece after another, on the calling thread.
pub struct Sequential;

impl Parallel for Sequential {
    fn map<T: Send>(&self, n: usize, f: &(dyn Fn(usize) -> T + Sync)) -> Vec<T> {
        (0..n).map(f).collect()
    }
}

/// Runs the Monte Carlo simulation of `mix` on `model` (canonical, valid).
pub fn monte_carlo(
    model: &Model,
    mix: &RequestMix,
    options: &MonteCarloOptions,
    progress: Reporter<'_>,
    parallel: &impl Parallel,
) -> Result<MonteCarloReport, MonteCarloError> {
    if options.runs == 0 || options.runs > MAX_RUNS {
        return Err(MonteCarloError::Invalid(format!(
            "{} requests: give from 1 to {MAX_RUNS}",
            options.runs
        )));
    }
    let resolved = mix::resolve(model, mix)?;
    let chunks = options.runs.div_ceil(CHUNK) as usize;
    let sim = timing::Runner::new(model, &resolved, options);

    // Pass 1: the distinct request shapes, planned once each.
    progress.report(Stage::Planning, 0.0, || "drawing the requests".into());
    let mut keys: Vec<timing::Key> = parallel
        .map(chunks, &|c| sim.keys(c as u32))
        .into_iter()
        .flatten()
        .collect();
    keys.sort_unstable();
    keys.dedup();
    if progress.is_cancelled() {
        return Err(MonteCarloError::Cancelled);
    }
    progress.report(Stage::Planning, 0.5, || {
        format!("planning {} distinct requests", keys.len())
    });
    // The requests of a day share its holdings (who holds what, read from every assignment).
    let holdings = crate::eligibility::HoldingsCache::new(model);
    let assigned = plan::Assigned::new(model);
    let plans = parallel
        .map(keys.len(), &|i| {
            plan::plan(model, &resolved, &sim, &holdings, &assigned, keys[i])
        })
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?;
    let plans = plan::Plans::new(keys, plans);

    // Pass 2: each request's times, tallied per chunk.
    let done = AtomicUsize::new(0);
    let tallies = parallel.map(chunks, &|c| {
        if progress.is_cancelled() {
            return None;
        }
        let tally = sim.run_chunk(c as u32, &plans);
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        progress.report(Stage::Simulating, n as f64 / chunks as f64, || {
            format!(
                "{} of {} requests",
                (n as u32 * CHUNK).min(options.runs),
                options.runs
            )
        });
        Some(tally)
    });
    let tallies: Option<Vec<_>> = tallies.into_iter().collect();
    let tallies = tallies.ok_or(MonteCarloError::Cancelled)?;
    Ok(report::report(model, &resolved, options, &plans, tallies))
}

#[cfg(test)]
mod tests;
