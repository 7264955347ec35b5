//! The Versions page on the demo model: name a version, add an SoD rule, see exactly that
//! rule in the diff against the current model, restore the version (the rule is gone) and
//! undo the restore in one step.

use super::matrix::save_screenshot;
use super::pages::{choose, go, type_into, undo, wait_count};
use super::*;

async fn check_versions(client: &Client) -> Check {
    model_shown(client).await?;
    go(client, "versions").await?;
    wait_count(client, "[data-testid=versions-empty]", 1).await?;
    type_into(client, "[data-testid=new-version-name]", "v1.0").await?;
    type_into(client, "[data-testid=new-version-approved]", "the CAB").await?;
    click(client, "[data-testid=new-version-submit]").await?;
    wait_count(
        client,
        "[data-testid=version-row][data-version=\"v1.0\"] [data-testid=version-current]",
        1,
    )
    .await?;
    wait_text(client, "[data-testid=diff-totals]", "No differences.").await?;

    go(client, "sod").await?;
    type_into(
        client,
        "[data-testid=new-rule-name]",
        "Connector admin vs approver",
    )
    .await?;
    choose(client, "[data-testid=new-rule-left]", "Manage connectors").await?;
    choose(client, "[data-testid=new-rule-right]", "Approve change").await?;
    click(
        client,
        "form[aria-label=\"Add a rule\"] button[type=submit]",
    )
    .await?;
    wait_count(client, "[data-testid=sod-row]", 4).await?;

    go(client, "versions").await?;
    wait_count(client, "[data-testid=version-current]", 0).await?;
    wait_text(client, "[data-testid=diff-totals]", "1 SoD rule added.").await?;
    wait_count(
        client,
        "[data-testid=diff-entity][data-kind=sod_rule][data-change=added]",
        1,
    )
    .await?;
    wait_count(client, "[data-testid=diff-entity]", 1).await?;
    save_screenshot(client, "page-versions").await;

    click(
        client,
        "[data-testid=version-row][data-version=\"v1.0\"] [data-testid=version-restore]",
    )
    .await?;
    wait_text(client, "[data-testid=diff-totals]", "No differences.").await?;
    wait_count(client, "[data-testid=version-current]", 1).await?;
    go(client, "sod").await?;
    wait_count(client, "[data-testid=sod-row]", 3).await?;
    undo(client).await?;
    wait_count(client, "[data-testid=sod-row]", 4).await
}

desktop_test!(
    a_version_diff_shows_the_edit_and_restore_undoes_it,
    "versions",
    check_versions
);
