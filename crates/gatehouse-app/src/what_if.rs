//! What-if: a simulation (one request, a deck, a Monte Carlo run) on the model and on a
//! variant of it, both sides and what differs. The variant is the model with edits that
//! are not saved (a file of edits in the JSON form of [`Edit`], or the desktop's sandbox),
//! another vault, or a model JSON.

use std::path::Path;

use chrono::{DateTime, Utc};
use gatehouse_core::whatif::{deck_differences, monte_carlo_differences, simulation_differences};
use gatehouse_core::{DeckReport, Edit, Model, MonteCarloReport, Simulation, WhatIf};
use gatehouse_vault::Identity;

use crate::job::{Reporter, Stale, Work};
use crate::monte_carlo::{self, MonteCarloInput};
use crate::ops::{self, Actor};
use crate::simulate::{self, SimulateInput};
use crate::{AppError, AppResult, ErrorCode};

/// `base` with `edits` applied in order (nothing is saved); errors name the edit.
pub fn with_edits(base: &Model, edits: &[Edit]) -> AppResult<Model> {
    let mut model = base.clone();
    for (i, edit) in edits.iter().enumerate() {
        gatehouse_core::apply(&mut model, edit.clone()).map_err(|e| {
            AppError::new(
                ErrorCode::InvalidEdit,
                format!("edit {} of the variant ({}): {e}", i + 1, edit.describe()),
            )
        })?;
    }
    Ok(model)
}

/// The variant a file describes: a JSON list of edits (or one edit) applied to `base`, a
/// model JSON, or another vault (opened with the same identity).
pub fn load_variant(
    base: &Model,
    path: &Path,
    identity: &Identity,
    actor: &Actor,
) -> AppResult<Model> {
    let bytes = fs_err::read(path).map_err(|e| AppError::new(ErrorCode::Io, e.to_string()))?;
    let text = std::str::from_utf8(&bytes).ok().map(str::trim_start);
    let Some(text) = text.filter(|t| t.starts_with('[') || t.starts_with('{')) else {
        return Ok(ops::open(path, identity, actor)?.model().clone());
    };
    let name = path.display();
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        AppError::new(
            ErrorCode::ModelJsonSyntax,
            format!("{name}: the variant is not JSON: {e}"),
        )
    })?;
    let in_file = |e: AppError| AppError::new(e.code, format!("{name}: {}", e.message));
    if value.get("meta").is_some() {
        return Model::from_json(text).map_err(|e| {
            AppError::new(
                ErrorCode::InvalidModel,
                format!("{name}: the variant model: {e}"),
            )
        });
    }
    let edits: Vec<Edit> = if value.is_array() {
        serde_json::from_value(value)
    } else {
        serde_json::from_value(value).map(|e| vec![e])
    }
    .map_err(|e| {
        AppError::new(
            ErrorCode::InvalidEdit,
            format!("{name}: not a list of edits (each {{\"op\": \"upsert\" | \"delete\" | …}}) nor a model: {e}"),
        )
    })?;
    with_edits(base, &edits).map_err(in_file)
}

pub fn simulation(
    base: &Model,
    variant: &Model,
    input: &SimulateInput,
    now: DateTime<Utc>,
) -> AppResult<WhatIf<Simulation>> {
    let a = simulate::run(base, input, now)?;
    let b = simulate::run(variant, input, now)
        .map_err(|e| AppError::new(e.code, format!("in the variant: {}", e.message)))?;
    Ok(WhatIf {
        differences: simulation_differences(&a, &b),
        base: a,
        variant: b,
    })
}

pub fn deck(base: &Model, variant: &Model, toml: &str) -> AppResult<WhatIf<DeckReport>> {
    let a = simulate::play_deck(base, toml)?;
    let b = simulate::play_deck(variant, toml)
        .map_err(|e| AppError::new(e.code, format!("in the variant: {}", e.message)))?;
    Ok(WhatIf {
        differences: deck_differences(&a, &b),
        base: a,
        variant: b,
    })
}

/// Both runs with the same seed and mix, so what differs comes from the model.
pub fn monte_carlo(
    base: &Model,
    variant: &Model,
    input: &MonteCarloInput,
    now: DateTime<Utc>,
    progress: Reporter<'_>,
) -> AppResult<WhatIf<MonteCarloReport>> {
    let a = monte_carlo::run(base, input, now, progress)?;
    let b = monte_carlo::run(variant, input, now, progress)
        .map_err(|e| AppError::new(e.code, format!("in the variant: {}", e.message)))?;
    Ok(WhatIf {
        differences: monte_carlo_differences(&a, &b),
        base: a,
        variant: b,
    })
}

/// The Monte Carlo what-if as long work of the job runner (the desktop's sandbox).
pub struct WhatIfMonteCarloWork {
    pub base: Model,
    pub variant: Model,
    pub input: MonteCarloInput,
    pub now: DateTime<Utc>,
}

impl Work for WhatIfMonteCarloWork {
    type Output = WhatIf<MonteCarloReport>;

    fn stale(why: Stale) -> AppError {
        <monte_carlo::MonteCarloWork as Work>::stale(why)
    }

    fn run(self, progress: Reporter<'_>) -> AppResult<WhatIf<MonteCarloReport>> {
        monte_carlo(&self.base, &self.variant, &self.input, self.now, progress)
    }
}

/// The vault's model and the variant at `variant`.
pub fn open_both(
    path: &Path,
    identity: &Identity,
    variant: &Path,
    actor: &Actor,
) -> AppResult<(Model, Model)> {
    let base = ops::open(path, identity, actor)?.model().clone();
    let other = load_variant(&base, variant, identity, actor)?;
    Ok((base, other))
}
