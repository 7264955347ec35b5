//! The Simulate page's deck, pins and what-if sandbox on the demo model: the bundled deck
//! plays and shows its metrics, presentation mode steps through its events; pinning a
//! result is an undoable edit listed on the page; a what-if that gives the IT approver role to a viewer lifts the IT sign-off block on
//! the variant side only, and the model is not changed (nothing new to undo).

use super::matrix::{press, save_screenshot};
use super::pages::{go, type_into, undo};
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
