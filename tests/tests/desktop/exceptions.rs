//! The Exceptions page on the demo model: Hugo Silva requests changes and, standing in as
//! business validator, approves them ("Requester vs approver"). An exception approved by
//! Hugo himself is refused with the reason beside the form; one approved by Ines Berg (who
//! holds neither side) is recorded, and the conflict stays listed in the findings, marked
//! accepted with the exception named. Ending it makes the conflict open again. The Audit
//! log page then shows those changes with their before and after, filtered.

use super::matrix::save_screenshot;
use super::pages::{choose, go, type_into, undo, wait_count};
use super::*;

const HUGO_CONFLICT: &str =
    "[data-testid=finding][data-code=sod_conflict][data-entities~=\"person:hugo-silva\"]";
const EXCEPTION_ID: &str = "exc-hugo-silva-sod-request-approve";

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

    // Another pick in the same select: by its option (typing again within the select's
    // type-ahead time would append to the first name).
    client
        .find(Locator::Css("[data-testid=new-exception-approver]"))
        .await
        .map_err(|e| e.to_string())?
        .select_by_value("ines-berg")
        .await
        .map_err(|e| format!("picking Ines Berg as approver: {e}"))?;
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
    .await?;

    // The audit log: the three changes, newest first, with the chain verified; filtered to
    // exceptions, then to those about Ines Berg (the approver), then an entity none has.
    go(client, "audit").await?;
    wait_count(client, "[data-testid=chain-status][data-verified=true]", 1).await?;
    wait_count(client, "[data-testid=audit-event]", 4).await?;
    choose(client, "[data-testid=audit-kind]", "Exception").await?;
    wait_count(client, "[data-testid=audit-event]", 3).await?;
    let actions = texts_of(client, "[data-testid=audit-event] .action").await?;
    ensure(
        actions
            == [
                "exception.upsert.undo",
                "exception.delete",
                "exception.upsert",
            ],
        || format!("the exception events, newest first, read {actions:?}"),
    )?;
    type_into(client, "[data-testid=audit-person]", "ines-berg").await?;
    wait_count(client, "[data-testid=audit-event]", 3).await?;
    // The ending removed the exception: its approver was Ines Berg before, none after.
    click(
        client,
        "[data-seq=\"3\"] [data-testid=audit-changes] summary",
    )
    .await?;
    wait_text(
        client,
        "[data-seq=\"3\"] [data-field=approver] .was",
        "ines-berg",
    )
    .await?;
    wait_text(client, "[data-seq=\"3\"] [data-field=approver] .now", "—").await?;
    save_screenshot(client, "page-audit").await;
    type_into(client, "[data-testid=audit-entity]", "no-such-entity").await?;
    wait_count(client, "[data-testid=audit-empty]", 1).await
}

desktop_test!(
    an_exception_accepts_a_conflict_until_it_is_ended,
    "exceptions",
    check_exceptions
);
