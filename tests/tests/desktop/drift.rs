//! The Drift page on the demo model: no check yet; the bundled generic user-role export
//! checked with validity judged on 2026-12-15 lists exactly its known differences
//! (samples/README.md) with their source cells, and becomes the last check; an exception
//! for Hugo's access outside the model, recorded on the Exceptions page, then shows his
//! unauthorised row accepted.

use super::matrix::save_screenshot;
use super::pages::{go, type_into, wait_count};
use super::*;

const SAMPLE: &str = "[data-testid=drift-sample][data-name=\"user-roles-generic.csv\"]";

async fn check_drift(client: &Client) -> Check {
    model_shown(client).await?;
    go(client, "drift").await?;
    appear(
        client,
        "[data-testid=drift-never]",
        Duration::from_secs(15),
        "the Drift page does not say there was no check yet",
    )
    .await?;
    type_into(client, "[data-testid=drift-date]", "2026-12-15").await?;
    click(client, SAMPLE).await?;
    wait_text(
        client,
        "[data-testid=drift-counts]",
        "1 unauthorised, 2 missing, 0 expired still present, 2 unmatched",
    )
    .await?;
    let cells =
        |table: &str| format!("[data-testid=drift-table-{table}] [data-testid=drift-source]");
    texts_are(
        client,
        &cells("unauthorised"),
        &["'user-roles-generic'!A10"],
    )
    .await?;
    eventually(Duration::from_secs(15), || async {
        let rows = contents_of(
            client,
            "[data-testid=drift-table-unauthorised] [data-testid=drift-row]",
        )
        .await?;
        ensure(
            rows.len() == 1 && rows[0].contains("Hugo Silva") && rows[0].contains("Production"),
            || format!("the unauthorised row names Hugo Silva in Production: {rows:?}"),
        )
    })
    .await?;
    wait_count(
        client,
        "[data-testid=drift-table-missing] [data-testid=drift-row]",
        2,
    )
    .await?;
    texts_are(
        client,
        &cells("unmatched"),
        &["'user-roles-generic'!A11", "'user-roles-generic'!A12"],
    )
    .await?;
    wait_count(client, "[data-testid=drift-table-expired_present]", 0).await?;
    // The check is the last one now, from the audit log.
    wait_text(
        client,
        "[data-testid=drift-last-file]",
        "user-roles-generic.csv",
    )
    .await?;
    wait_text(client, "[data-testid=drift-last-at]", "2026-12-15").await?;
    texts_are(
        client,
        "[data-testid=drift-table-unauthorised] [data-testid=drift-accepted]",
        &["—"],
    )
    .await?;
    accepted_by_an_access_exception(client).await
}

/// An exception for Hugo's access outside the model (Business Validator in Production),
/// recorded on the Exceptions page: the same check shows the row accepted by it.
async fn accepted_by_an_access_exception(client: &Client) -> Check {
    go(client, "exceptions").await?;
    let pick = |css: &'static str, value: &'static str| async move {
        client
            .find(Locator::Css(css))
            .await
            .map_err(|e| e.to_string())?
            .select_by_value(value)
            .await
            .map_err(|e| format!("choosing {value} in {css}: {e}"))
    };
    pick("[data-testid=new-exception-kind]", "access").await?;
    pick(
        "[data-testid=new-exception-target]",
        "business-validator|production",
    )
    .await?;
    pick("[data-testid=new-exception-person]", "hugo-silva").await?;
    pick("[data-testid=new-exception-approver]", "ines-berg").await?;
    type_into(
        client,
        "[data-testid=new-exception-why]",
        "Covers the production pilot until its validator is hired",
    )
    .await?;
    type_into(client, "[data-testid=new-exception-end]", "2099-12-31").await?;
    click(client, "[data-testid=new-exception-submit]").await?;
    wait_count(
        client,
        "[data-testid=exception-row][data-status=in_force]",
        1,
    )
    .await?;
    go(client, "drift").await?;
    type_into(client, "[data-testid=drift-date]", "2026-12-15").await?;
    click(client, SAMPLE).await?;
    texts_are(
        client,
        "[data-testid=drift-table-unauthorised] [data-testid=drift-accepted]",
        &["accepted: exception exc-hugo-silva-access.business-validator.production until 2099-12-31"],
    )
    .await?;
    save_screenshot(client, "page-drift").await;
    Ok(())
}

/// The text content of the elements `css`, in order (WebKit's WebDriver reads the
/// monospaced cells as empty).
async fn contents_of(client: &Client, css: &str) -> Result<Vec<String>, String> {
    let script =
        "return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent.trim());";
    let value = client
        .execute(script, vec![serde_json::Value::String(css.into())])
        .await
        .map_err(|e| format!("reading `{css}`: {e}"))?;
    serde_json::from_value(value).map_err(|e| format!("reading `{css}`: {e}"))
}

/// Waits until the elements `css` read `expected`, in order.
async fn texts_are(client: &Client, css: &str, expected: &[&str]) -> Check {
    eventually(Duration::from_secs(15), || async {
        let shown = contents_of(client, css).await?;
        ensure(shown == expected, || {
            format!("`{css}` reads {shown:?}, expected {expected:?}")
        })
    })
    .await
}

desktop_test!(
    the_drift_page_checks_a_sample_export_and_lists_its_differences,
    "drift",
    check_drift
);
