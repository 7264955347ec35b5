//! Simulation in the session: one request, a deck, a Monte Carlo job on the open model,
//! pinning a result (an audited, undoable edit), and the what-if sandbox: the same runs on
//! the model with edits that are never saved.

use std::path::Path;

use gatehouse_core::{DeckReport, Edit, MonteCarloReport, PinnedSimulation, Simulation, WhatIf};

use super::Session;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::job::{Basis, Computed, Job};
use crate::monte_carlo::{MonteCarloInput, MonteCarloWork};
use crate::pin::{self, Pinnable};
use crate::simulate::{self, SimulateInput};
use crate::what_if::{self, WhatIfMonteCarloWork};
use crate::workbench::Summary;

/// The bundled decks: name and TOML text.
const DECK_SAMPLES: &[(&str, &str)] = &[(
    "citizen-developer-to-production",
    include_str!("../../../../samples/decks/citizen-developer-to-production.toml"),
)];

impl Session {
    pub fn simulate(&self, input: &SimulateInput) -> AppResult<Simulation> {
        simulate::run(self.workbench.model(), input, self.clock.now())
    }

    /// Plays the deck whose TOML text is `deck`.
    pub fn play_deck(&self, deck: &str) -> AppResult<DeckReport> {
        simulate::play_deck(self.workbench.model(), deck)
    }

    /// The names of the bundled decks.
    pub fn deck_samples(&self) -> Vec<String> {
        DECK_SAMPLES.iter().map(|(n, _)| n.to_string()).collect()
    }

    /// The TOML text of the bundled deck `name`.
    pub fn deck_sample(&self, name: &str) -> AppResult<String> {
        DECK_SAMPLES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| text.to_string())
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::Usage,
                    format!("there is no bundled deck {name:?}; choose a deck file instead"),
                )
            })
    }

    /// The TOML text of the deck file at `path` (one the person picked).
    pub fn deck_file(&self, path: &Path) -> AppResult<String> {
        fs_err::read_to_string(path).map_err(|e| AppError::new(ErrorCode::Io, e.to_string()))
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
        self.still_current(done.basis())?;
        Ok(done.into_output())
    }

    fn still_current(&self, basis: &Basis) -> AppResult<()> {
        if basis != &Basis::of(&self.workbench) {
            return Err(<MonteCarloWork as crate::job::Work>::stale(
                crate::job::Stale::Model,
            ));
        }
        Ok(())
    }

    /// Pins a result under `name`; returns the pin and the new summary (undo names it).
    pub fn pin(&mut self, name: &str, what: Pinnable) -> AppResult<(PinnedSimulation, Summary)> {
        let now = self.clock.now();
        let pinned = pin::pin(&mut self.workbench, name, what, &self.actor, now)?;
        Ok((pinned, self.workbench.summary()?))
    }

    /// Runs the request again on the model as it is and pins it.
    pub fn pin_request(&mut self, name: &str, input: &SimulateInput) -> AppResult<Summary> {
        let what = Pinnable::request(&self.simulate(input)?);
        Ok(self.pin(name, what)?.1)
    }

    /// Plays the deck again on the model as it is and pins its report.
    pub fn pin_deck(&mut self, name: &str, deck: &str) -> AppResult<Summary> {
        let what = Pinnable::deck(&self.play_deck(deck)?);
        Ok(self.pin(name, what)?.1)
    }

    /// Pins a Monte Carlo report computed at `revision`, refused once the model moved on.
    pub fn pin_monte_carlo(
        &mut self,
        name: &str,
        report: &MonteCarloReport,
        revision: u64,
    ) -> AppResult<Summary> {
        if self.workbench.summary()?.revision != revision {
            return Err(AppError::new(
                ErrorCode::SimulationStale,
                "the model changed since the Monte Carlo run; run it again to pin it",
            ));
        }
        Ok(self.pin(name, Pinnable::monte_carlo(report))?.1)
    }

    /// The fingerprint a pin computed on the model as it is now would carry.
    pub fn simulated_fingerprint(&self) -> String {
        self.workbench.model().simulated_fingerprint()
    }

    /// The request on the model and on the model with `edits` (never saved).
    pub fn what_if_simulate(
        &self,
        edits: &[Edit],
        input: &SimulateInput,
    ) -> AppResult<WhatIf<Simulation>> {
        let base = self.workbench.model();
        what_if::simulation(
            base,
            &what_if::with_edits(base, edits)?,
            input,
            self.clock.now(),
        )
    }

    /// The deck on the model and on the model with `edits` (never saved).
    pub fn what_if_deck(&self, edits: &[Edit], deck: &str) -> AppResult<WhatIf<DeckReport>> {
        let base = self.workbench.model();
        what_if::deck(base, &what_if::with_edits(base, edits)?, deck)
    }

    /// A Monte Carlo what-if job on copies of the model and its variant (run it off the
    /// session).
    pub fn what_if_monte_carlo_job(
        &self,
        edits: &[Edit],
        input: MonteCarloInput,
    ) -> AppResult<Job<WhatIfMonteCarloWork>> {
        let base = self.workbench.model();
        let work = WhatIfMonteCarloWork {
            variant: what_if::with_edits(base, edits)?,
            base: base.clone(),
            input,
            now: self.clock.now(),
        };
        Ok(Job::new(work, Basis::of(&self.workbench)))
    }

    /// The finished what-if job's result, if the model is still the one it ran on.
    pub fn what_if_monte_carlo_keep(
        &self,
        done: Computed<WhatIf<MonteCarloReport>>,
    ) -> AppResult<WhatIf<MonteCarloReport>> {
        self.still_current(done.basis())?;
        Ok(done.into_output())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use gatehouse_core::{Assignment, Entity, Verdict};

    use super::*;
    use crate::job::quiet;
    use crate::FixedClock;

    fn session(dir: &Path) -> Session {
        let clock = Arc::new(FixedClock::at("2026-12-07T09:00:00Z"));
        Session::demo(dir.join("identity.age"), "facilitator", clock).unwrap()
    }

    fn eva_to_production() -> SimulateInput {
        SimulateInput {
            requester: "eva-novak".into(),
            asset: "expense-claims".into(),
            from: None,
            to: "production".into(),
            attributes: vec![],
            at: None,
        }
    }

    /// Ines Berg (a viewer) as a second IT approver, in the sandbox.
    fn ines_it_approver() -> Edit {
        Edit::Upsert {
            entity: Entity::Assignment(Assignment {
                id: "what-if-ines".into(),
                person: "ines-berg".into(),
                role: "it-approver".into(),
                environment: None,
                valid_from: None,
                valid_until: None,
                justification: None,
                approver: None,
            }),
        }
    }

    #[test]
    fn a_what_if_changes_the_variant_only_and_never_the_model() {
        let dir = tempfile::tempdir().unwrap();
        let s = session(dir.path());
        let before = s.workbench.summary().unwrap();
        let model = s.workbench.model().clone();
        let w = s
            .what_if_simulate(&[ines_it_approver()], &eva_to_production())
            .unwrap();
        assert_eq!(w.base.verdict, Verdict::Blocked);
        assert_ne!(w.variant.verdict, Verdict::Blocked);
        assert!(w.differences.iter().any(|d| d.what == "verdict"));
        let deck = s.deck_sample("citizen-developer-to-production").unwrap();
        let d = s.what_if_deck(&[ines_it_approver()], &deck).unwrap();
        assert_eq!(d.base, s.play_deck(&deck).unwrap());
        let job = s
            .what_if_monte_carlo_job(
                &[ines_it_approver()],
                MonteCarloInput {
                    runs: 200,
                    seed: 7,
                    start: None,
                    mix: None,
                    threads: Some(1),
                },
            )
            .unwrap();
        let mc = s
            .what_if_monte_carlo_keep(job.run(&quiet).unwrap())
            .unwrap();
        assert_eq!(mc.base.options.seed, mc.variant.options.seed);
        let after = s.workbench.summary().unwrap();
        assert_eq!(after.revision, before.revision);
        assert_eq!(s.workbench.model(), &model);
    }

    #[test]
    fn pins_are_undoable_edits_and_a_stale_monte_carlo_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = session(dir.path());
        let deck = s.deck_sample("citizen-developer-to-production").unwrap();
        let summary = s.pin_deck("Deck for the binder", &deck).unwrap();
        assert_eq!(summary.counts.pinned_simulations, 1);
        let pinned = &s.workbench.model().pinned_simulations[0];
        assert_eq!(pinned.fingerprint, s.simulated_fingerprint());
        let summary = s.pin_request("Eva blocked", &eva_to_production()).unwrap();
        assert_eq!(summary.counts.pinned_simulations, 2);

        let job = s.monte_carlo_job(MonteCarloInput {
            runs: 100,
            seed: 1,
            start: None,
            mix: None,
            threads: Some(1),
        });
        let report = s.monte_carlo_keep(job.run(&quiet).unwrap()).unwrap();
        let stale = s
            .pin_monte_carlo("Old run", &report, summary.revision - 1)
            .unwrap_err();
        assert_eq!(stale.code, ErrorCode::SimulationStale);
        let pinned = s.pin_monte_carlo("Run", &report, summary.revision).unwrap();
        assert_eq!(pinned.counts.pinned_simulations, 3);
        assert_eq!(s.deck_sample("nope").unwrap_err().code, ErrorCode::Usage);
    }
}
