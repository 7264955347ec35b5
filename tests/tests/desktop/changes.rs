//! The Changes page on the demo model: Ana Lima requests to promote "Expense Claims" from
//! development to test (one approval by an app owner or IT approver, no self-approval).
//! The request shows the simulation's verdict; Promote stays disabled with the rule that
//! holds it; Ines Berg (a viewer) is refused with the reason; Chloé Martin (the app owner)
//! signs; then the change is promoted and the change log shows who and when.

use super::matrix::save_screenshot;
use super::pages::{go, type_into, wait_count};
use super::*;

const CARD: &str = "[data-testid=change-card][data-change=chg-1]";

async fn pick(client: &Client, css: &str, value: &str) -> Check {
    client
        .find(Locator::Css(css))
        .await
        .map_err(|e| format!("no select `{css}`: {e}"))?
        .select_by_value(value)
        .await
        .map_err(|e| format!("picking {value:?} in `{css}`: {e}"))
}

async fn check_changes(client: &Client) -> Check {
    model_shown(client).await?;
    go(client, "changes").await?;
    // The demo's own request (from before sign-offs named their requirement) is listed.
    wait_count(client, "[data-testid=change-log-row]", 1).await?;

    pick(client, "[data-testid=new-change-requester]", "ana-lima").await?;
    pick(client, "[data-testid=new-change-asset]", "expense-claims").await?;
    pick(client, "[data-testid=new-change-to]", "test").await?;
    type_into(
        client,
        "[data-testid=new-change-description]",
        "Receipt upload field",
    )
    .await?;
    click(client, "[data-testid=new-change-evaluate]").await?;
    wait_text(
        client,
        "[data-testid=change-preview-verdict]",
        "Needs approvals",
    )
    .await?;
    click(client, "[data-testid=new-change-submit]").await?;
    wait_count(client, CARD, 1).await?;
    wait_count(client, "[data-testid=change-log-row]", 2).await?;
    wait_text(
        client,
        &format!("{CARD} [data-testid=change-status]"),
        "Awaiting sign-off",
    )
    .await?;
    let promote = client
        .find(Locator::Css(&format!(
            "{CARD} [data-testid=change-promote]"
        )))
        .await
        .map_err(|e| e.to_string())?;
    ensure(
        promote
            .attr("disabled")
            .await
            .map_err(|e| e.to_string())?
            .is_some(),
        || "Promote is disabled while the approval is missing".into(),
    )?;
    let hold = text_of(client, &format!("{CARD} [data-testid=change-hold]")).await?;
    ensure(
        hold.contains("Development to test") && hold.contains("0 given"),
        || format!("the hold names the gate and the approvals: {hold}"),
    )?;

    // Ines Berg is no approver: refused, with the reason, and nothing recorded.
    pick(
        client,
        &format!("{CARD} [data-testid=change-signer]"),
        "ines-berg",
    )
    .await?;
    click(client, &format!("{CARD} [data-testid=change-approve]")).await?;
    eventually(STARTUP, || async {
        let text = text_of(client, &format!("{CARD} [data-testid=change-refused]")).await?;
        ensure(
            text.contains("Ines Berg may not sign change chg-1")
                && text.contains("no role or ownership"),
            || format!("the refusal reads {text:?}"),
        )
    })
    .await?;
    save_screenshot(client, "page-changes-refused").await;

    // Chloé Martin, the app owner, is eligible: her approval makes the change approved.
    pick(
        client,
        &format!("{CARD} [data-testid=change-signer]"),
        "chloe-martin",
    )
    .await?;
    type_into(
        client,
        &format!("{CARD} [data-testid=change-comment]"),
        "Looks good",
    )
    .await?;
    click(client, &format!("{CARD} [data-testid=change-approve]")).await?;
    wait_text(
        client,
        &format!("{CARD} [data-testid=change-status]"),
        "Approved",
    )
    .await?;
    wait_count(
        client,
        &format!("{CARD} [data-testid=change-promote]:not([disabled])"),
        1,
    )
    .await?;
    save_screenshot(client, "page-changes").await;
    click(client, &format!("{CARD} [data-testid=change-promote]")).await?;
    wait_count(client, CARD, 0).await?;
    wait_count(
        client,
        "[data-testid=change-log-row][data-change=chg-1][data-status=deployed]",
        1,
    )
    .await?;
    let row = text_of(client, "[data-testid=change-log-row][data-change=chg-1]").await?;
    ensure(
        row.contains("Chloé Martin") && row.contains("Ana Lima") && row.contains("Promoted"),
        || format!("the change log row reads {row:?}"),
    )?;
    client
        .execute(
            "document.querySelector('[data-testid=change-log]').scrollIntoView()",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    save_screenshot(client, "page-changes-log").await;
    Ok(())
}

desktop_test!(
    a_change_is_requested_signed_by_an_eligible_person_and_promoted,
    "changes",
    check_changes
);
