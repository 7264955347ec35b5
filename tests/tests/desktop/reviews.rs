//! The Reviews page on the demo model: a campaign over the Business Validator role, with
//! reviewers from ownership. Hugo Silva may not decide on his own (temporary) validator
//! access; its reviewer revokes it, Farid Haddad's is kept, and closing the campaign removes
//! the revoked assignment: gone from the Assignments page, and Hugo's SoD conflict
//! (requester and validator) gone from the findings. One undo brings both back. Before the
//! decisions, the campaign goes to Excel and back through the native file dialogs.

use super::dialog::{answer, Dialog};
use super::matrix::save_screenshot;
use super::pages::{go, type_into, undo, wait_count};
use super::*;

const HUGO_CONFLICT: &str =
    "[data-testid=finding][data-code=sod_conflict][data-entities~=\"person:hugo-silva\"]";
const HUGO_ITEM: &str = "[data-testid=review-item][data-assignment=asg-hugo-temp-test]";
const FARID_ITEM: &str = "[data-testid=review-item][data-assignment=asg-farid-bv]";
const HUGO_ROW: &str =
    "[data-testid=assignment-row][data-entity=\"assignment:asg-hugo-temp-test\"]";

/// Picks the option of value `value` in the select `css`.
async fn pick(client: &Client, css: &str, value: &str) -> Check {
    client
        .find(Locator::Css(css))
        .await
        .map_err(|e| format!("no select `{css}`: {e}"))?
        .select_by_value(value)
        .await
        .map_err(|e| format!("picking {value:?} in `{css}`: {e}"))
}

async fn check_reviews(client: &Client) -> Check {
    model_shown(client).await?;
    click(client, "[data-testid=btn-findings]").await?;
    wait_count(client, HUGO_CONFLICT, 1).await?;
    go(client, "assignments").await?;
    wait_count(client, HUGO_ROW, 1).await?;

    go(client, "reviews").await?;
    // The demo's quarterly review of privileged roles is scheduled, not started.
    wait_count(
        client,
        "[data-testid=campaign-row][data-status=scheduled]",
        1,
    )
    .await?;
    type_into(client, "[data-testid=new-review-name]", "Validators").await?;
    pick(client, "[data-testid=new-review-reviewer]", "grace-kim").await?;
    pick(
        client,
        "[data-testid=new-review-role]",
        "business-validator",
    )
    .await?;
    type_into(client, "[data-testid=new-review-due]", "2026-12-31").await?;
    click(client, "[data-testid=new-review-submit]").await?;
    wait_count(client, "[data-testid=campaign-row][data-status=open]", 1).await?;
    wait_count(client, "[data-testid=review-item]", 2).await?;
    wait_text(
        client,
        "[data-testid=campaign-row][data-status=open] [data-testid=campaign-progress]",
        "0 of 2 decided — due 2026-12-31",
    )
    .await?;
    excel_round_trip(client).await?;

    // Hugo deciding on his own access is refused, with the reason beside the form.
    click(
        client,
        &format!("{HUGO_ITEM} [data-testid=review-item-decide]"),
    )
    .await?;
    pick(client, "[data-testid=decide-by]", "hugo-silva").await?;
    click(client, "[data-testid=decide-submit]").await?;
    wait_text(
        client,
        "[data-testid=decide-error]",
        "Hugo Silva may not decide on their own access (asg-hugo-temp-test): the item goes to the next reviewer of its chain; nothing was recorded",
    )
    .await?;
    // Its reviewer (the app owner of what validators reach) revokes it.
    pick(client, "[data-testid=decide-by]", "chloe-martin").await?;
    pick(client, "[data-testid=decide-kind]", "revoke").await?;
    type_into(client, "[data-testid=decide-comment]", "the pilot is over").await?;
    click(client, "[data-testid=decide-submit]").await?;
    wait_count(client, &format!("{HUGO_ITEM}[data-decision=revoke]"), 1).await?;
    click(
        client,
        &format!("{FARID_ITEM} [data-testid=review-item-decide]"),
    )
    .await?;
    click(client, "[data-testid=decide-submit]").await?;
    wait_count(client, &format!("{FARID_ITEM}[data-decision=keep]"), 1).await?;
    wait_text(
        client,
        "[data-testid=campaign-row][data-status=open] [data-testid=campaign-progress]",
        "2 of 2 decided — due 2026-12-31",
    )
    .await?;
    save_screenshot(client, "page-reviews").await;

    click(client, "[data-testid=campaign-close]").await?;
    wait_count(client, "[data-testid=campaign-row][data-status=closed]", 1).await?;
    wait_text(
        client,
        "[data-testid=campaign-row][data-status=closed] [data-testid=campaign-progress]",
        "Closed — 1 revoked, 0 end dates changed, 1 kept",
    )
    .await?;
    // The campaign stays as evidence, with its decisions.
    wait_count(client, &format!("{HUGO_ITEM}[data-decision=revoke]"), 1).await?;
    save_screenshot(client, "page-reviews-closed").await;
    wait_count(client, HUGO_CONFLICT, 0).await?;
    go(client, "assignments").await?;
    wait_count(client, HUGO_ROW, 0).await?;

    // Closing is one undo step: the assignment and the conflict are back.
    undo(client).await?;
    wait_count(client, HUGO_ROW, 1).await?;
    wait_count(client, HUGO_CONFLICT, 1).await
}

/// The campaign's reviewers' workbook written through the native save dialog, then read
/// back through the open dialog: two items, none decided in the file.
async fn excel_round_trip(client: &Client) -> Check {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let file = dir.path().join("validators-review.xlsx");
    let open = "[data-testid=campaign-row][data-status=open]";
    click(client, &format!("{open} [data-testid=campaign-export]")).await?;
    answer(Dialog::Save, "Where the reviewers' workbook goes", &file).await?;
    wait_text(
        client,
        "[data-testid=reviews-notice]",
        "Wrote the reviewers' workbook: 2 items.",
    )
    .await?;
    let bytes = fs_err::read(&file).map_err(|e| e.to_string())?;
    ensure(bytes.starts_with(b"PK"), || {
        format!("{} is not an xlsx (zip) file", file.display())
    })?;
    click(client, &format!("{open} [data-testid=campaign-import]")).await?;
    answer(
        Dialog::Open,
        "A reviewer's workbook to read the decisions from",
        &file,
    )
    .await?;
    wait_text(
        client,
        "[data-testid=reviews-notice]",
        "0 decisions recorded, 2 left blank",
    )
    .await
}

desktop_test!(
    a_review_campaign_runs_to_closure_and_revokes_the_assignment,
    "reviews",
    check_reviews
);
