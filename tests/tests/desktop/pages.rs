//! The register pages on the demo model: ownership, assignments and SoD rules show what the
//! model holds with their findings, and an edit on each goes through the backend (and undo).
//! Each page is also saved as `artifacts/desktop-page-<name>.png` for a person to look at.

use super::matrix::{press, save_screenshot};
use super::*;

pub(super) async fn go(client: &Client, page: &str) -> Check {
    client
        .find(Locator::Css(&format!("[data-testid=nav-{page}]")))
        .await
        .map_err(|e| format!("no sidebar entry for {page}: {e}"))?
        .click()
        .await
        .map_err(|e| format!("clicking {page} in the sidebar: {e}"))?;
    client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(&format!("[data-testid=page-{page}]")))
        .await
        .map_err(|e| format!("the {page} page did not show: {e}"))?;
    Ok(())
}

pub(super) async fn wait_count(client: &Client, css: &str, expected: usize) -> Check {
    eventually(Duration::from_secs(15), || async {
        let n = count(client, css).await?;
        ensure(n == expected, || {
            format!("`{css}` matches {n} elements, expected {expected}")
        })
    })
    .await
}

/// Picks an option in the select `css` by typing its label, as a keyboard user does (the
/// native popup of a select is not part of the page WebDriver sees).
pub(super) async fn choose(client: &Client, css: &str, label: &str) -> Check {
    client
        .find(Locator::Css(css))
        .await
        .map_err(|e| format!("no select `{css}`: {e}"))?
        .send_keys(label)
        .await
        .map_err(|e| format!("typing {label:?} into `{css}`: {e}"))
}

/// Types `text` into the field `css` (after what it holds).
pub(super) async fn type_into(client: &Client, css: &str, text: &str) -> Check {
    client
        .find(Locator::Css(css))
        .await
        .map_err(|e| format!("no field {css}: {e}"))?
        .send_keys(text)
        .await
        .map_err(|e| format!("typing into {css}: {e}"))
}

/// Types a date into the findings panel's "as of" field over what it holds, then Enter.
async fn as_of(client: &Client, date: &str) -> Check {
    // Focus the field with its text selected, as a triple-click would; typing replaces it.
    // (Erasing with Backspace made WebKitWebDriver fire a change of the empty field.)
    client
        .execute(
            "const f = document.querySelector('[data-testid=findings-at]'); f.focus(); f.select();",
            vec![],
        )
        .await
        .map_err(|e| format!("selecting the as-of field: {e}"))?;
    let keys = format!("{date}{}", char::from(fantoccini::key::Key::Enter));
    press(client, &keys).await
}

pub(super) async fn undo(client: &Client) -> Check {
    click(client, "[data-testid=btn-undo]").await
}

async fn check_pages(client: &Client) -> Check {
    model_shown(client).await?;
    save_screenshot(client, "page-model").await;
    click(client, "[data-testid=btn-findings]").await?;

    // Ownership: the demo's 7 assets; SAP ERP (a pending connector used by an app) carries
    // a badge; vetting it removes the unvetted-dependency finding, undo brings it back.
    go(client, "ownership").await?;
    wait_count(client, "[data-testid=ownership-row]", 7).await?;
    count(
        client,
        "[data-entity=\"asset:sap-erp\"] [data-testid=asset-badge]",
    )
    .await
    .and_then(|n| ensure(n == 1, || "SAP ERP has no findings badge".to_string()))?;
    wait_count(
        client,
        "[data-testid=finding][data-code=unvetted_dependency]",
        1,
    )
    .await?;
    save_screenshot(client, "page-ownership").await;
    choose(client, "[data-testid=vetting-sap-erp]", "Vetted").await?;
    wait_count(
        client,
        "[data-testid=finding][data-code=unvetted_dependency]",
        0,
    )
    .await?;
    undo(client).await?;
    wait_count(
        client,
        "[data-testid=finding][data-code=unvetted_dependency]",
        1,
    )
    .await?;

    // Assignments: the demo's 10, by person and by role.
    go(client, "assignments").await?;
    wait_count(client, "[data-testid=assignment-row]", 10).await?;
    save_screenshot(client, "page-assignments").await;
    click(client, "[data-testid=view-by-role]").await?;
    wait_count(client, "[data-testid=assignment-row]", 10).await?;
    wait_count(client, "tr.group-row[data-entity^=\"role:\"]", 8).await?;

    // The "as of" date: Hugo Silva's stand-in access (until 2026-12-31) is ending soon on
    // 2026-12-15 and expired on 2027-01-05, when the findings report it still present.
    let hugo = "[data-entity=\"assignment:asg-hugo-temp-test\"]";
    as_of(client, "2026-12-15").await?;
    wait_count(client, &format!("{hugo}[data-status=expiring]"), 1).await?;
    wait_count(client, "[data-testid=finding][data-code=expired_access]", 0).await?;
    as_of(client, "2027-01-05").await?;
    wait_count(client, &format!("{hugo}[data-status=expired]"), 1).await?;
    wait_count(
        client,
        "[data-testid=finding][data-code=expired_access][data-entities~=\"assignment:asg-hugo-temp-test\"]",
        1,
    )
    .await?;
    save_screenshot(client, "page-assignments-expired").await;
    click(client, "[data-testid=findings-today]").await?;
    wait_count(client, &format!("{hugo}[data-status=expired]"), 0).await?;

    // SoD rules: the demo's 3; Hugo Silva breaks "Requester vs approver" while he stands in
    // as business validator. Adding a rule adds a row; undo removes it.
    go(client, "sod").await?;
    wait_count(client, "[data-testid=sod-row]", 3).await?;
    count(
        client,
        "[data-entity=\"sod_rule:sod-request-approve\"] [data-testid=sod-conflicts]",
    )
    .await
    .and_then(|n| {
        ensure(n == 1, || {
            "the rule Requester vs approver shows no conflicts".to_string()
        })
    })?;
    save_screenshot(client, "page-sod").await;
    let name = client
        .find(Locator::Css("[data-testid=new-rule-name]"))
        .await
        .map_err(|e| e.to_string())?;
    name.send_keys("Connector admin vs approver")
        .await
        .map_err(|e| e.to_string())?;
    choose(client, "[data-testid=new-rule-left]", "Manage connectors").await?;
    choose(client, "[data-testid=new-rule-right]", "Approve change").await?;
    click(
        client,
        "form[aria-label=\"Add a rule\"] button[type=submit]",
    )
    .await?;
    wait_count(client, "[data-testid=sod-row]", 4).await?;
    undo(client).await?;
    wait_count(client, "[data-testid=sod-row]", 3).await?;

    // A click on a finding about an app goes to its row on the Ownership page.
    click(
        client,
        "[data-testid=finding][data-code=unvetted_dependency] button[data-finding]",
    )
    .await?;
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(
            "[data-testid=page-ownership] [data-entity=\"asset:field-inspection\"].flash",
        ))
        .await
        .map_err(|e| format!("the finding did not lead to Field Inspection's row: {e}"))?;

    go(client, "matrix").await?;
    save_screenshot(client, "page-matrix").await;
    Ok(())
}

desktop_test!(register_pages_show_and_edit_the_model, "pages", check_pages);
