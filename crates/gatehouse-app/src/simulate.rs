//! Simulating one change request: names resolved (by id or name, with the closest names
//! when one is unknown), the moment defaulting to the clock's now, and the pure simulation
//! of `gatehouse-core` run on the vault's model.

use std::path::Path;

use chrono::{DateTime, Utc};
use gatehouse_core::simulate::SimulateError;
use gatehouse_core::{
    normalize_name, ChangeAttribute, Deck, DeckReport, EntityKind, Model, Simulation,
    SimulationRequest,
};
use gatehouse_vault::Identity;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ops::{self, Actor};
use crate::{AppError, AppResult, ErrorCode};

/// A request as a person gives it: people, assets and environments by id or name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SimulateInput {
    pub requester: String,
    pub asset: String,
    pub from: Option<String>,
    pub to: String,
    #[serde(default)]
    pub attributes: Vec<ChangeAttribute>,
    /// The simulated moment; `None`: now.
    pub at: Option<DateTime<Utc>>,
}

/// Simulates `input` on `model`; `now` is the moment when the input gives none.
pub fn run(model: &Model, input: &SimulateInput, now: DateTime<Utc>) -> AppResult<Simulation> {
    let people: Vec<(&str, &str)> = model
        .people
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    let assets: Vec<(&str, &str)> = model
        .assets
        .iter()
        .map(|a| (a.id.as_str(), a.name.as_str()))
        .collect();
    let envs: Vec<(&str, &str)> = model
        .environments
        .iter()
        .map(|e| (e.id.as_str(), e.name.as_str()))
        .collect();
    let request = SimulationRequest {
        requester: resolve(
            &people,
            &input.requester,
            "person",
            ErrorCode::UnknownPerson,
        )?,
        asset: resolve(&assets, &input.asset, "asset", ErrorCode::UnknownAsset)?,
        from: input
            .from
            .as_deref()
            .map(|f| resolve(&envs, f, "environment", ErrorCode::UnknownEnvironment))
            .transpose()?,
        to: resolve(
            &envs,
            &input.to,
            "environment",
            ErrorCode::UnknownEnvironment,
        )?,
        attributes: input.attributes.clone(),
        at: input.at.unwrap_or(now),
    };
    gatehouse_core::simulate(model, &request).map_err(|e| {
        let code = match &e {
            SimulateError::Unknown {
                kind: EntityKind::Person,
                ..
            } => ErrorCode::UnknownPerson,
            SimulateError::Unknown {
                kind: EntityKind::Asset,
                ..
            } => ErrorCode::UnknownAsset,
            SimulateError::Unknown { .. } => ErrorCode::UnknownEnvironment,
            SimulateError::Backwards { .. } | SimulateError::NothingBefore { .. } => {
                ErrorCode::InvalidRoute
            }
        };
        AppError::new(code, e.to_string())
    })
}

/// Opens the vault at `path` and simulates `input` on its model.
pub fn simulate_vault(
    path: &Path,
    identity: &Identity,
    input: &SimulateInput,
    actor: &Actor,
) -> AppResult<Simulation> {
    let workbench = ops::open(path, identity, actor)?;
    run(workbench.model(), input, actor.clock.now())
}

/// Plays the scenario deck `toml` (its text) on `model`.
pub fn play_deck(model: &Model, toml: &str) -> AppResult<DeckReport> {
    let deck: Deck = toml::from_str(toml).map_err(|e| {
        AppError::new(
            ErrorCode::DeckInvalid,
            format!("the deck does not parse: {}", e.message()),
        )
    })?;
    gatehouse_core::play(model, &deck)
        .map_err(|e| AppError::new(ErrorCode::DeckInvalid, e.to_string()))
}

/// Opens the vault at `path` and plays the deck at `deck` on its model.
pub fn play_deck_file(
    path: &Path,
    identity: &Identity,
    deck: &Path,
    actor: &Actor,
) -> AppResult<DeckReport> {
    let text =
        fs_err::read_to_string(deck).map_err(|e| AppError::new(ErrorCode::Io, e.to_string()))?;
    let workbench = ops::open(path, identity, actor)?;
    play_deck(workbench.model(), &text)
        .map_err(|e| AppError::new(e.code, format!("{}: {}", deck.display(), e.message)))
}

/// Parses a change attribute by its name (`user_facing`, …; `-` may stand for `_`).
pub fn parse_attribute(text: &str) -> AppResult<ChangeAttribute> {
    let wanted = text.trim().replace('-', "_");
    ChangeAttribute::ALL
        .iter()
        .copied()
        .find(|a| a.as_str() == wanted)
        .ok_or_else(|| {
            let all: Vec<&str> = ChangeAttribute::ALL.iter().map(|a| a.as_str()).collect();
            AppError::new(
                ErrorCode::InvalidAttribute,
                format!(
                    "no change attribute {text:?}; use one of {}",
                    all.join(", ")
                ),
            )
        })
}

/// The id of the entity whose id or name is `text`, or an error naming the closest ones.
fn resolve(list: &[(&str, &str)], text: &str, what: &str, code: ErrorCode) -> AppResult<String> {
    let wanted = normalize_name(text);
    if let Some((id, _)) = list
        .iter()
        .find(|(id, name)| *id == text || normalize_name(name) == wanted)
    {
        return Ok(id.to_string());
    }
    let mut scored: Vec<(f64, &str, &str)> = list
        .iter()
        .map(|(id, name)| {
            let score = strsim::normalized_levenshtein(&wanted, &normalize_name(name))
                .max(strsim::normalized_levenshtein(text, id));
            (score, *id, *name)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let closest: Vec<String> = scored
        .iter()
        .take(3)
        .map(|(_, id, name)| format!("{name} ({id})"))
        .collect();
    let hint = if closest.is_empty() {
        format!("the model has no {what}")
    } else {
        format!("closest: {}", closest.join(", "))
    };
    Err(AppError::new(
        code,
        format!("no {what} {text:?} in the model; {hint}"),
    ))
}
