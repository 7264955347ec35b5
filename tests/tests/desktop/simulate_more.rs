//! The Simulate page's deck, pins and what-if sandbox on the demo model: the bundled deck
//! plays and shows its metrics, presentation mode steps through its events; pinning a
//! result is an undoable edit listed on the page; a what-if that gives the IT approver role to a viewer lifts the IT sign-off block on
//! the variant side only, and the model is not changed (nothing new to undo). A second
//! test pins a request and a Monte Carlo run, removes a pin with its button (undo brings it
//! back), and runs the Monte Carlo what-if.

use super::matrix::{press, save_screenshot};
use super::pages::{go, type_into, undo, wait_count};
use super::simulate::choose;
use super::*;

async fn check_decks_pins_what_if(client: &Client) -> Check {
    model_shown(client).await?;
    go(client, "simulate").await?;

    // The bundled deck: its timeline and the practice's metrics.
    click(client, "[data-testid=deck-play]").await?;
    appear(
        client,
        "[data-testid=deck-result-metrics]",
        Duration::from_secs(20),
        "the deck's metrics were not shown",
    )
    .await?;
    let metrics = text_of(client, "[data-testid=deck-result-metrics]").await?;
    for label in [
        "Unauthorised deployments avoided",
        "Near-misses",
        "Policy adherence",
        "Stuck requests",
        "Time to approval",
    ] {
        ensure(metrics.contains(label), || format!("no {label}: {metrics}"))?;
    }
    save_screenshot(client, "page-simulate-deck").await;

    // Presentation mode steps through the deck's events, one at a time.
    click(client, "[data-testid=deck-present]").await?;
    let first = text_of(client, "[data-testid=presentation-step]").await?;
    ensure(first.contains("Farid Haddad loses the role"), || {
        first.clone()
    })?;
    press(client, "\u{E014}").await?; // ArrowRight
    let second = text_of(client, "[data-testid=presentation-step]").await?;
    ensure(second.contains("Ines Berg gets the role"), || {
        second.clone()
    })?;
    press(client, "\u{E00C}").await?; // Escape
    eventually(Duration::from_secs(5), || async {
        ensure(
            count(client, "[data-testid=presentation]").await? == 0,
            || "Escape did not leave presentation mode".into(),
        )
    })
    .await?;

    // Pin it: listed on the page, matching the model, and undo offers to take it back.
    click(client, "[data-testid=pin-deck]").await?;
    type_into(client, "[data-testid=pin-deck-name]", "Deck for the binder").await?;
    click(client, "[data-testid=pin-deck-save]").await?;
    appear(
        client,
        "[data-testid=pin-deck-for-the-binder]",
        Duration::from_secs(15),
        "the pin is not listed",
    )
    .await?;
    let pin = text_of(client, "[data-testid=pin-deck-for-the-binder]").await?;
    ensure(pin.contains("matches the model"), || pin.clone())?;
    let offered = undo_title(client).await?;
    ensure(offered.to_lowercase().contains("pinned"), || {
        format!("undo does not offer the pin: {offered}")
    })?;

    // What if Ines Berg (a viewer) were an IT approver too: Eva's request is no longer blocked by
    // IT sign-off on the variant side; the model's side still is.
    choose(client, "[data-testid=sim-requester]", "eva-novak").await?;
    choose(client, "[data-testid=sim-asset]", "expense-claims").await?;
    choose(client, "[data-testid=sim-target]", "production").await?;
    click(client, "[data-testid=whatif-toggle]").await?;
    choose(client, "[data-testid=wi-person]", "ines-berg").await?;
    choose(client, "[data-testid=wi-role]", "it-approver").await?;
    click(client, "[data-testid=wi-assign]").await?;
    let edits = text_of(client, "[data-testid=wi-edits]").await?;
    ensure(edits.contains("Ines Berg becomes IT Approver"), || {
        edits.clone()
    })?;
    click(client, "[data-testid=sim-run]").await?;
    appear(
        client,
        "[data-testid=sim-walk-variant]",
        Duration::from_secs(20),
        "no variant side",
    )
    .await?;
    let base = texts_of(client, "[data-testid=sim-walk] li.blocked").await?;
    ensure(base.iter().any(|t| t.contains("IT sign-off")), || {
        format!("the model's side is not blocked by IT sign-off: {base:?}")
    })?;
    let variant = texts_of(client, "[data-testid=sim-walk-variant] li.blocked").await?;
    ensure(!variant.iter().any(|t| t.contains("IT sign-off")), || {
        format!("the variant is still blocked by IT sign-off: {variant:?}")
    })?;
    let diffs = text_of(client, "[data-testid=sim-diffs]").await?;
    ensure(
        diffs.contains("verdict") && diffs.contains("blocked") && diffs.contains("needs_approvals"),
        || format!("the differences do not show blocked → needs approvals: {diffs}"),
    )?;
    save_screenshot(client, "page-simulate-what-if").await;
    ensure(undo_title(client).await? == offered, || {
        "the what-if changed the model".into()
    })?;

    // Undo removes the pin from the list.
    undo(client).await?;
    eventually(Duration::from_secs(10), || async {
        ensure(
            count(client, "[data-testid=pin-deck-for-the-binder]").await? == 0,
            || "undo did not remove the pin".into(),
        )
    })
    .await?;
    Ok(())
}

desktop_test!(
    simulate_a_deck_a_pin_and_a_what_if,
    "simulate-more",
    check_decks_pins_what_if
);

/// Sets the Monte Carlo's request count (a number input WebDriver cannot clear reliably).
async fn set_runs(client: &Client, runs: u32) -> Check {
    let script = format!(
        "const el = document.querySelector('[data-testid=mc-runs]'); el.value = '{runs}';\
         el.dispatchEvent(new Event('input', {{ bubbles: true }}));"
    );
    client
        .execute(&script, vec![])
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Brings `css` into view for a screenshot.
async fn scroll_to(client: &Client, css: &str) -> Check {
    let script = format!("document.querySelector('{css}').scrollIntoView({{ block: 'center' }});");
    client
        .execute(&script, vec![])
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

async fn pin_as(client: &Client, button: &str, name: &str, listed: &str) -> Check {
    click(client, &format!("[data-testid={button}]")).await?;
    type_into(client, &format!("[data-testid={button}-name]"), name).await?;
    click(client, &format!("[data-testid={button}-save]")).await?;
    appear(
        client,
        &format!("[data-testid=pin-{listed}]"),
        Duration::from_secs(15),
        "the pin is not listed",
    )
    .await
    .map(|_| ())
}

async fn check_request_and_monte_carlo_pins(client: &Client) -> Check {
    model_shown(client).await?;
    go(client, "simulate").await?;

    // A request, pinned.
    choose(client, "[data-testid=sim-requester]", "eva-novak").await?;
    choose(client, "[data-testid=sim-asset]", "expense-claims").await?;
    choose(client, "[data-testid=sim-target]", "production").await?;
    click(client, "[data-testid=sim-run]").await?;
    appear(
        client,
        "[data-testid=sim-walk] li",
        Duration::from_secs(20),
        "the walk was not shown",
    )
    .await?;
    pin_as(
        client,
        "pin-request",
        "Eva to production",
        "eva-to-production",
    )
    .await?;
    let pin = text_of(client, "[data-testid=pin-eva-to-production]").await?;
    ensure(
        pin.contains("request") && pin.contains("matches the model"),
        || pin.clone(),
    )?;

    // A Monte Carlo run, pinned.
    set_runs(client, 2000).await?;
    click(client, "[data-testid=mc-run]").await?;
    appear(
        client,
        "[data-testid=pin-mc]",
        Duration::from_secs(30),
        "the Monte Carlo run offered no pin",
    )
    .await?;
    let summary = text_of(client, "[data-testid=mc-result] p").await?;
    pin_as(client, "pin-mc", "Time to approval", "time-to-approval").await?;
    let pin = text_of(client, "[data-testid=pin-time-to-approval]").await?;
    ensure(
        pin.contains("monte carlo") && pin.contains("matches the model"),
        || pin.clone(),
    )?;
    scroll_to(client, "[data-testid=pins]").await?;
    save_screenshot(client, "page-simulate-pins").await;

    // Removing a pin with its button is an undoable edit: undo brings it back.
    click(client, "[data-testid=unpin-eva-to-production]").await?;
    wait_count(client, "[data-testid=pin-eva-to-production]", 0).await?;
    ensure(
        count(client, "[data-testid=pin-time-to-approval]").await? == 1,
        || "removing one pin removed the other".into(),
    )?;
    undo(client).await?;
    wait_count(client, "[data-testid=pin-eva-to-production]", 1).await?;
    let offered = undo_title(client).await?;

    // The Monte Carlo what-if: Ines Berg made an IT approver; the model's side is the run
    // above (same seed), the variant's differs, and the model is not changed.
    click(client, "[data-testid=whatif-toggle]").await?;
    choose(client, "[data-testid=wi-person]", "ines-berg").await?;
    choose(client, "[data-testid=wi-role]", "it-approver").await?;
    click(client, "[data-testid=wi-assign]").await?;
    click(client, "[data-testid=mc-run]").await?;
    appear(
        client,
        "[data-testid=mc-variant]",
        Duration::from_secs(60),
        "the Monte Carlo what-if showed no variant",
    )
    .await?;
    let variant = text_of(client, "[data-testid=mc-variant]").await?;
    ensure(variant.starts_with("What if:"), || variant.clone())?;
    let base = text_of(client, "[data-testid=mc-result] p").await?;
    ensure(base == summary, || {
        format!("the model's side changed with the same seed: {summary} then {base}")
    })?;
    let diffs = texts_of(client, "[data-testid=mc-diffs] tbody tr").await?;
    ensure(
        !diffs.is_empty() && !diffs[0].contains("Nothing differs"),
        || format!("no differences listed: {diffs:?}"),
    )?;
    ensure(count(client, "[data-testid=pin-mc]").await? == 0, || {
        "a what-if result offers to pin".into()
    })?;
    scroll_to(client, "[data-testid=mc-variant]").await?;
    save_screenshot(client, "page-simulate-monte-carlo-what-if").await;
    ensure(undo_title(client).await? == offered, || {
        "the what-if changed the model".into()
    })?;
    Ok(())
}

desktop_test!(
    simulate_pins_a_request_and_a_monte_carlo_run_and_compares_a_monte_carlo_what_if,
    "simulate-pins",
    check_request_and_monte_carlo_pins
);
