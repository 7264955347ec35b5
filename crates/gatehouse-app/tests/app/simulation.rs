//! Simulation in the session, as the desktop will drive it: a request, a Monte Carlo job
//! kept only while the model is the one it ran on, and a pin that undo takes back.

use std::path::Path;
use std::sync::Arc;

use gatehouse_app::core::{Edit, Entity, EntityKind, Verdict};
use gatehouse_app::job::quiet;
use gatehouse_app::monte_carlo::MonteCarloInput;
use gatehouse_app::pin::Pinnable;
use gatehouse_app::simulate::SimulateInput;
use gatehouse_app::{ErrorCode, FixedClock, Session};

fn session(dir: &Path) -> Session {
    let clock = Arc::new(FixedClock::at("2026-12-07T09:00:00Z"));
    Session::demo(dir.join("identity.age"), "facilitator", clock).unwrap()
}

fn input() -> MonteCarloInput {
    MonteCarloInput {
        runs: 5_000,
        seed: 5,
        start: None,
        mix: None,
        threads: Some(2),
    }
}

#[test]
fn a_request_walks_the_demo_model_and_its_result_can_be_pinned_and_unpinned() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    let trace = s
        .simulate(&SimulateInput {
            requester: "Ana Lima".into(),
            asset: "Expense Claims".into(),
            from: None,
            to: "production".into(),
            attributes: Vec::new(),
            at: None,
        })
        .unwrap();
    assert_eq!(trace.verdict, Verdict::NeedsApprovals);
    let (pinned, summary) = s
        .pin("Ana to production", Pinnable::request(&trace))
        .unwrap();
    assert_eq!(pinned.id, "ana-to-production");
    assert_eq!(pinned.pinned_by, "facilitator");
    assert!(summary.dirty, "a pin is an edit of the model");
    assert!(s
        .workbench()
        .model()
        .get(EntityKind::PinnedSimulation, "ana-to-production")
        .is_some());
    s.undo().unwrap();
    assert!(
        s.workbench().model().pinned_simulations.is_empty(),
        "undo takes the pin back"
    );
}

#[test]
fn a_monte_carlo_result_is_kept_only_while_the_model_is_the_one_it_ran_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    let done = s.monte_carlo_job(input()).run(&quiet).unwrap();
    let report = s.monte_carlo_keep(done).unwrap();
    assert_eq!(report.promoted + report.blocked, 5_000);
    assert_eq!(
        report.options.start.to_rfc3339(),
        "2026-12-07T09:00:00+00:00",
        "the start defaults to the clock's now"
    );

    let stale = s.monte_carlo_job(input()).run(&quiet).unwrap();
    let role = s.workbench().model().roles[0].clone();
    s.apply_edit(Edit::Upsert {
        entity: Entity::Role(gatehouse_app::core::Role {
            description: "changed".into(),
            ..role
        }),
    })
    .unwrap();
    let err = s.monte_carlo_keep(stale).unwrap_err();
    assert_eq!(err.code, ErrorCode::SimulationStale);
}
