//! The Exceptions page on the demo model: Hugo Silva requests changes and, standing in as
//! business validator, approves them ("Requester vs approver"). An exception approved by
//! Hugo himself is refused with the reason beside the form; one approved by Ines Berg (who
//! holds neither side) is recorded, and the conflict stays listed in the findings, marked
//! accepted with the exception named. Ending it makes the conflict open again.

use super::matrix::save_screenshot;
use super::pages::{choose, go, undo, wait_count};
use super::*;

const HUGO_CONFLICT: &str =
    "[data-testid=finding][data-code=sod_conflict][data-entities~=\"person:hugo-silva\"]";
const EXCEPTION_ID: &str = "exc-hugo-silva-sod-request-approve";

async fn type_into(client: &Client, css: &str, text: &str) -> Check {
    client
        .find(Locator::Css(css))
        .await
        .map_err(|e| format!("no field {css}: {e}"))?
        .send_keys(text)
        .await
        .map_err(|e| format!("typing into {css}: {e}"))
}

async fn check_exceptions(client: &Client) -> Check {
    model_shown(client).await?;
    click(client, "[data-testid=btn-findings]").await?;
    go(client, "exceptions").await?;
    wait_count(client, "[data-testid=exceptions-empty]", 1).await?;
    wait_count(client, &format!("{HUGO_CONFLICT}:not([data-accepted])"), 1).await?;

    choose(
        client,
        "[data-testid=new-exception-target]",
        "Requester vs approver",
    )
    .await?;
    choose(client, "[data-testid=new-exception-person]", "Hugo Silva").await?;
    choose(client, "[data-testid=new-exception-approver]", "Hugo Silva").await?;
    type_into(
        client,
        "[data-testid=new-exception-why]",
        "Only validator of the pilot; the CAB reviews each approval",
    )
    .await?;
    type_into(client, "[data-testid=new-exception-end]", "2099-12-31").await?;
    click(client, "[data-testid=new-exception-submit]").await?;
    wait_text(
        client,
        "[data-testid=exception-form-error]",
        "Hugo Silva is the person the exception is for: nobody approves their own exception; nothing was recorded",
    )
    .await?;
    wait_count(client, "[data-testid=exception-row]", 0).await?;

    choose(client, "[data-testid=new-exception-approver]", "Ines Berg").await?;
    click(client, "[data-testid=new-exception-submit]").await?;
    wait_count(
        client,
        "[data-testid=exception-row][data-status=in_force]",
        1,
    )
    .await?;
    wait_text(client, "[data-testid=exception-accepts]", "1 finding").await?;
    wait_count(
        client,
        &format!("{HUGO_CONFLICT}[data-accepted=\"{EXCEPTION_ID}\"]"),
        1,
    )
    .await?;
    wait_count(client, "[data-testid=findings-accepted]", 1).await?;
    save_screenshot(client, "page-exceptions").await;

    // Ended on its first day, it is removed; the conflict is open again. Undo restores it.
    click(client, "[data-testid=exception-end]").await?;
    wait_count(client, "[data-testid=exception-row]", 0).await?;
    wait_count(client, &format!("{HUGO_CONFLICT}:not([data-accepted])"), 1).await?;
    undo(client).await?;
    wait_count(client, "[data-testid=exception-row]", 1).await?;
    wait_count(
        client,
        &format!("{HUGO_CONFLICT}[data-accepted=\"{EXCEPTION_ID}\"]"),
        1,
    )
    .await
}

desktop_test!(
    an_exception_accepts_a_conflict_until_it_is_ended,
    "exceptions",
    check_exceptions
);
