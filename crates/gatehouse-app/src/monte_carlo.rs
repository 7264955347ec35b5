//! The Monte Carlo simulation as a job: the mix parsed (TOML), the start defaulting to the
//! clock's now, the core's chunks run on a rayon pool of the chosen size, progress and
//! cancel through the job runner, the result tied to the model revision.

use std::path::Path;

use chrono::{DateTime, Utc};
use gatehouse_core::montecarlo::{self, MonteCarloError, Parallel};
use gatehouse_core::{Model, MonteCarloOptions, MonteCarloReport, RequestMix};
use gatehouse_vault::Identity;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::job::{self, Basis, Job, Reporter, Stale, Work};
use crate::ops::{self, Actor};
use crate::{AppError, AppResult, ErrorCode};

/// A Monte Carlo run as a person asks for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MonteCarloInput {
    pub runs: u32,
    #[ts(type = "number")]
    pub seed: u64,
    /// When requests start arriving; `None`: now.
    pub start: Option<DateTime<Utc>>,
    /// The mix; `None`: the default mix from the model.
    pub mix: Option<RequestMix>,
    /// Worker threads; `None`: one per core.
    pub threads: Option<u32>,
}

/// Chunks on a rayon pool; results in chunk order.
struct Pool(rayon::ThreadPool);

impl Parallel for Pool {
    fn map<T: Send>(&self, n: usize, f: &(dyn Fn(usize) -> T + Sync)) -> Vec<T> {
        self.0.install(|| (0..n).into_par_iter().map(f).collect())
    }
}

/// Parses a request mix from its TOML text (`what` names it in errors).
pub fn parse_mix(toml_text: &str, what: &str) -> AppResult<RequestMix> {
    toml::from_str(toml_text).map_err(|e| {
        AppError::new(
            ErrorCode::MixInvalid,
            format!(
                "{what}: the request mix does not parse: {}",
                e.message().trim()
            ),
        )
    })
}

/// Runs the Monte Carlo simulation of `input` on `model`; `now` starts it when the input
/// gives no start.
pub fn run(
    model: &Model,
    input: &MonteCarloInput,
    now: DateTime<Utc>,
    progress: Reporter<'_>,
) -> AppResult<MonteCarloReport> {
    let options = MonteCarloOptions {
        runs: input.runs,
        seed: input.seed,
        start: input.start.unwrap_or(now),
    };
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = input.threads {
        pool = pool.num_threads(n.max(1) as usize);
    }
    let pool = pool.build().map_err(|e| {
        AppError::new(
            ErrorCode::Internal,
            format!("could not start the Monte Carlo workers: {e}"),
        )
    })?;
    let mix = input.mix.clone().unwrap_or_default();
    montecarlo::monte_carlo(model, &mix, &options, progress, &Pool(pool)).map_err(|e| {
        let code = match &e {
            MonteCarloError::Cancelled => ErrorCode::MonteCarloCancelled,
            MonteCarloError::Simulate(_) => ErrorCode::InvalidRoute,
            MonteCarloError::Unknown { .. } | MonteCarloError::Invalid(_) => ErrorCode::MixInvalid,
        };
        AppError::new(code, e.to_string())
    })
}

/// The Monte Carlo simulation as long work of the job runner.
pub struct MonteCarloWork {
    pub model: Model,
    pub input: MonteCarloInput,
    pub now: DateTime<Utc>,
}

impl Work for MonteCarloWork {
    type Output = MonteCarloReport;

    fn stale(_: Stale) -> AppError {
        AppError::new(
            ErrorCode::SimulationStale,
            "the model changed while the Monte Carlo simulation ran; run it again",
        )
    }

    fn run(self, progress: Reporter<'_>) -> AppResult<MonteCarloReport> {
        run(&self.model, &self.input, self.now, progress)
    }
}

/// Opens the vault at `path` and runs `input` on its model, reporting to `report`.
pub fn monte_carlo_vault(
    path: &Path,
    identity: &Identity,
    input: &MonteCarloInput,
    actor: &Actor,
    report: job::Report<'_>,
) -> AppResult<MonteCarloReport> {
    let workbench = ops::open(path, identity, actor)?;
    let work = MonteCarloWork {
        model: workbench.model().clone(),
        input: input.clone(),
        now: actor.clock.now(),
    };
    Ok(Job::new(work, Basis::of(&workbench))
        .run(report)?
        .into_output())
}
