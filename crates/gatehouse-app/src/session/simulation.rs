//! Simulation in the session: one request, a deck, a Monte Carlo job on the open model,
//! and pinning a result (an audited, undoable edit).

use gatehouse_core::{DeckReport, MonteCarloReport, PinnedSimulation, Simulation};

use super::Session;
use crate::error::AppResult;
use crate::job::{Basis, Computed, Job};
use crate::monte_carlo::{MonteCarloInput, MonteCarloWork};
use crate::pin::{self, Pinnable};
use crate::simulate::{self, SimulateInput};
use crate::workbench::Summary;

impl Session {
    pub fn simulate(&self, input: &SimulateInput) -> AppResult<Simulation> {
        simulate::run(self.workbench.model(), input, self.clock.now())
    }

    /// Plays the deck whose TOML text is `deck`.
    pub fn play_deck(&self, deck: &str) -> AppResult<DeckReport> {
        simulate::play_deck(self.workbench.model(), deck)
    }

    /// A Monte Carlo job on a copy of the model as it is now (run it off the session).
    pub fn monte_carlo_job(&self, input: MonteCarloInput) -> Job<MonteCarloWork> {
        let work = MonteCarloWork {
            model: self.workbench.model().clone(),
            input,
            now: self.clock.now(),
        };
        Job::new(work, Basis::of(&self.workbench))
    }

    /// The finished job's report, if the model is still the one it ran on.
    pub fn monte_carlo_keep(
        &self,
        done: Computed<MonteCarloReport>,
    ) -> AppResult<MonteCarloReport> {
        if done.basis() != &Basis::of(&self.workbench) {
            return Err(<MonteCarloWork as crate::job::Work>::stale(
                crate::job::Stale::Model,
            ));
        }
        Ok(done.into_output())
    }

    /// Pins a result under `name`; returns the pin and the new summary (undo names it).
    pub fn pin(&mut self, name: &str, what: Pinnable) -> AppResult<(PinnedSimulation, Summary)> {
        let now = self.clock.now();
        let pinned = pin::pin(&mut self.workbench, name, what, &self.actor, now)?;
        Ok((pinned, self.workbench.summary()?))
    }
}
