//! The Simulate page on the demo model: a request that IT sign-off blocks (the requester is
//! its only approver) names the rule, presentation mode steps through the walk with the
//! keyboard, and a Monte Carlo run draws its chart. Screenshots go to `artifacts/` as
//! `desktop-page-simulate*.png` for a person to look at.

use super::matrix::{press, save_screenshot};
use super::pages::go;
use super::*;

/// Chooses `value` in the select `css` as a person would (the page listens to `change`).
pub(super) async fn choose(client: &Client, css: &str, value: &str) -> Check {
    appear(client, css, Duration::from_secs(15), &format!("no `{css}`")).await?;
    let script = "const el = document.querySelector(arguments[0]); el.value = arguments[1];\
                  el.dispatchEvent(new Event('change', { bubbles: true }));\
                  el.dispatchEvent(new Event('input', { bubbles: true })); return el.value;";
    let set = client
        .execute(script, vec![json!(css), json!(value)])
        .await
        .map_err(|e| format!("choosing {value} in {css}: {e}"))?;
    ensure(set == json!(value), || {
        format!("{css} has no option {value}: {set}")
    })
}

async fn check_simulate(client: &Client) -> Check {
    model_shown(client).await?;
    go(client, "simulate").await?;
    choose(client, "[data-testid=sim-requester]", "eva-novak").await?;
    choose(client, "[data-testid=sim-asset]", "expense-claims").await?;
    choose(client, "[data-testid=sim-target]", "production").await?;
    click(client, "[data-testid=sim-run]").await?;
    eventually(Duration::from_secs(20), || async {
        let blocked = texts_of(client, "[data-testid=sim-walk] li.blocked").await?;
        ensure(
            blocked.iter().any(|t| {
                t.contains("IT sign-off") && t.contains("the only one is the requester, Eva Novák")
            }),
            || format!("no blocked line names IT sign-off and why: {blocked:?}"),
        )
    })
    .await?;
    save_screenshot(client, "page-simulate").await;

    // Presentation mode: one step at a time, the arrow keys move, Escape leaves.
    click(client, "[data-testid=sim-present]").await?;
    let first = text_of(client, "[data-testid=presentation-step]").await?;
    ensure(first.contains("Eva Novák asks to promote"), || {
        first.clone()
    })?;
    press(client, "\u{E014}").await?; // ArrowRight
    let second = text_of(client, "[data-testid=presentation-step]").await?;
    ensure(second != first, || "ArrowRight did not move on".into())?;
    save_screenshot(client, "page-simulate-presentation").await;
    press(client, "\u{E00C}").await?; // Escape
    eventually(Duration::from_secs(5), || async {
        ensure(
            count(client, "[data-testid=presentation]").await? == 0,
            || "Escape did not leave presentation mode".into(),
        )
    })
    .await?;

    // Monte Carlo: the run reports its numbers and draws the histogram.
    let runs = "const el = document.querySelector('[data-testid=mc-runs]'); el.value = '3000';\
                el.dispatchEvent(new Event('input', { bubbles: true }));";
    client
        .execute(runs, vec![])
        .await
        .map_err(|e| e.to_string())?;
    click(client, "[data-testid=mc-run]").await?;
    appear(
        client,
        "[data-testid=mc-chart] canvas",
        Duration::from_secs(30),
        "the Monte Carlo chart was not drawn",
    )
    .await?;
    let summary = text_of(client, "[data-testid=mc-result] p").await?;
    ensure(summary.contains("p50") && summary.contains("p99"), || {
        summary.clone()
    })?;
    save_screenshot(client, "page-simulate-monte-carlo").await;
    Ok(())
}

desktop_test!(
    a_simulation_names_the_blocking_rule_and_a_monte_carlo_run_draws_its_chart,
    "simulate",
    check_simulate
);
