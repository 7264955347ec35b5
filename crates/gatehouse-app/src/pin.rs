//! Pinned results: a simulation result (a request, a deck, a Monte Carlo run) kept in the
//! model for the audit binder, with the model fingerprint and the seed it was computed on,
//! when and by whom. Pinning is an edit like any other: audited and undoable.

use std::path::Path;

use chrono::{DateTime, Utc};
use gatehouse_core::{
    DeckReport, Edit, Entity, Model, MonteCarloReport, PinnedSimulation, Simulation, SimulationKind,
};
use gatehouse_vault::Identity;

use crate::ops::{self, Actor};
use crate::workbench::Workbench;
use crate::{AppError, AppResult, ErrorCode};

/// A result ready to pin: its kind, seed, one-line summary and JSON.
pub struct Pinnable {
    pub kind: SimulationKind,
    pub seed: Option<u64>,
    pub summary: String,
    pub result: String,
}

fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).expect("simulation results always serialise")
}

impl Pinnable {
    pub fn request(s: &Simulation) -> Pinnable {
        Pinnable {
            kind: SimulationKind::Request,
            seed: None,
            summary: s
                .sentences
                .last()
                .map(|x| x.text.clone())
                .unwrap_or_default(),
            result: json(s),
        }
    }

    pub fn deck(d: &DeckReport) -> Pinnable {
        let m = &d.metrics;
        Pinnable {
            kind: SimulationKind::Deck,
            seed: None,
            summary: format!(
                "deck \"{}\": {} promotion(s) of {} request(s), {} attempt(s) blocked, {} near-miss(es)",
                d.name, m.promotions, m.requests, m.blocked_attempts, m.near_misses
            ),
            result: json(d),
        }
    }

    pub fn monte_carlo(r: &MonteCarloReport) -> Pinnable {
        let overall = r.overall.as_ref().map_or_else(
            || "none got through".to_string(),
            |o| format!("p50 {} h, p90 {} h, p99 {} h", o.p50, o.p90, o.p99),
        );
        Pinnable {
            kind: SimulationKind::MonteCarlo,
            seed: Some(r.options.seed),
            summary: format!(
                "{} requests, seed {}: {overall}; {:.1}% blocked",
                r.options.runs,
                r.options.seed,
                r.blocked_share * 100.0
            ),
            result: json(r),
        }
    }
}

/// The pin's id: its name in lower case, words joined by `-`.
pub fn pin_id(name: &str) -> String {
    let mut id = String::new();
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_string()
}

/// The edit that pins `what`, computed on `model`, under `name`.
pub fn pin_edit(
    model: &Model,
    name: &str,
    what: Pinnable,
    by: &str,
    at: DateTime<Utc>,
) -> AppResult<Edit> {
    let id = pin_id(name);
    if id.is_empty() {
        return Err(AppError::new(
            ErrorCode::Usage,
            format!("the pin's name {name:?} has no letter or digit: give it a name"),
        ));
    }
    Ok(Edit::Upsert {
        entity: Entity::PinnedSimulation(PinnedSimulation {
            id,
            name: name.trim().to_string(),
            kind: what.kind,
            fingerprint: model.simulated_fingerprint(),
            seed: what.seed,
            pinned_at: at,
            pinned_by: by.to_string(),
            summary: what.summary,
            result: what.result,
        }),
    })
}

/// Pins `what` in the open workbench (an audited, undoable edit); returns the pin.
pub fn pin(
    workbench: &mut Workbench,
    name: &str,
    what: Pinnable,
    by: &str,
    at: DateTime<Utc>,
) -> AppResult<PinnedSimulation> {
    let edit = pin_edit(workbench.model(), name, what, by, at)?;
    let Edit::Upsert {
        entity: Entity::PinnedSimulation(pinned),
    } = &edit
    else {
        unreachable!("pin_edit makes an upsert of a pinned simulation")
    };
    let pinned = pinned.clone();
    workbench.apply(edit)?;
    Ok(pinned)
}

/// Opens the vault, checks it is still the model `computed_on` (its simulated
/// fingerprint, when the caller knows it), pins `what` and saves.
pub fn pin_in_vault(
    path: &Path,
    identity: &Identity,
    actor: &Actor,
    computed_on: Option<&str>,
    name: &str,
    what: Pinnable,
) -> AppResult<PinnedSimulation> {
    let mut workbench = ops::open(path, identity, actor)?;
    if computed_on.is_some_and(|f| workbench.model().simulated_fingerprint() != f) {
        return Err(AppError::new(
            ErrorCode::SimulationStale,
            format!(
                "{}: the model changed since the simulation ran; run it again to pin it",
                path.display()
            ),
        ));
    }
    let pinned = pin(&mut workbench, name, what, &actor.name, actor.clock.now())?;
    workbench.save()?;
    Ok(pinned)
}
