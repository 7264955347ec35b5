//! A spreadsheet the app is started with (as from a file manager) while the demo is open:
//! the Import page asks where it goes before anything is previewed, naming the open model;
//! into the open model, a RACI chart whose columns are the demo's people shows each
//! person's part under them on the Model page and marks the columns as people on the RACI
//! page; into a new model, the demo's people stay out of it.

use super::import::apply_import;
use super::matrix::save_screenshot;
use super::pages::{go, wait_count};
use super::*;

/// A RACI chart with three of the demo's people across (one written in other case and
/// spacing) and three activities down: 8 letters cells.
const PEOPLE_RACI: &str = "Activity,Ana Lima,ben  okafor,Chloé Martin\n\
                           Approve the release,A,R,C\n\
                           Review access,R,A,I\n\
                           Publish the app,R,,A\n";

/// Starts the app with `people-raci.csv` on its command line and runs `check`.
async fn started_with_chart(label: &str, check: impl AsyncFnOnce(&Client) -> Check) {
    let home = tempfile::tempdir().expect("a temporary directory");
    let sheet = home.path().join("people-raci.csv");
    fs_err::write(&sheet, PEOPLE_RACI).expect("write the spreadsheet");
    App::launch(home, &[sheet.as_path()])
        .await
        .run(label, check)
        .await;
}

/// The question is on the Import page, naming the file and the demo, and nothing has been
/// previewed: no Apply button, no progress.
async fn asked(client: &Client) -> Check {
    super::import::asked_where(client).await?;
    let ask = text_of(client, "[data-testid=import-ask]").await?;
    ensure(
        ask.contains("people-raci.csv")
            && ask.contains("A new model")
            && ask.contains("Generic no-code governance (the demo model)"),
        || format!("the question reads {ask:?}"),
    )?;
    ensure(
        count(client, "[data-testid=import-apply]").await? == 0
            && count(client, "[data-testid=import-progress]").await? == 0,
        || "the file was previewed before the person chose where it goes".to_string(),
    )?;
    save_screenshot(client, "import-started-ask").await;
    Ok(())
}

async fn preview_and_apply(client: &Client, into: &str) -> Check {
    super::import::preview_given_file(client, into).await?;
    appear(
        client,
        "[data-testid=import-apply]",
        Duration::from_secs(30),
        "no preview after choosing where the import goes",
    )
    .await?;
    eventually(Duration::from_secs(20), || async {
        ensure(!import::apply_disabled(client).await?, || {
            "Apply stays disabled".to_string()
        })
    })
    .await?;
    apply_import(client, "the import did not finish").await
}

async fn check_into_current(client: &Client) -> Check {
    asked(client).await?;
    preview_and_apply(client, "current").await?;
    go(client, "model").await?;
    // Into the demo: its nine people stay, and each chart column is a person's (their
    // activities in the RACI page's order).
    wait_text(client, "[data-testid=count-people]", "9").await?;
    let ana = "[data-entity=\"person:ana-lima\"] [data-testid=person-raci]";
    wait_text(client, &format!("{ana} summary"), "3 activities").await?;
    click(client, &format!("{ana} summary")).await?;
    let parts = texts_of(client, &format!("{ana} li")).await?;
    ensure(
        parts
            == [
                "A Approve the release",
                "R Publish the app",
                "R Review access",
            ],
        || format!("Ana Lima's responsibilities read {parts:?}"),
    )?;
    let ben = text_of(
        client,
        "[data-entity=\"person:ben-okafor\"] [data-testid=person-raci] summary",
    )
    .await?;
    ensure(ben == "2 activities", || {
        format!("Ben Okafor (written \"ben  okafor\" in the chart) shows {ben:?}")
    })?;
    let dev = text_of(
        client,
        "[data-entity=\"person:dev-patel\"] [data-testid=person-raci]",
    )
    .await?;
    ensure(dev == "—", || {
        format!("Dev Patel is in no chart column but shows {dev:?}")
    })?;
    save_screenshot(client, "model-person-raci").await;

    go(client, "raci").await?;
    wait_count(client, "[data-testid=raci-row]", 3).await?;
    let columns = texts_of(client, "[data-testid=raci-column]").await?;
    ensure(
        columns.len() == 3 && columns.iter().all(|c| c.to_lowercase().ends_with("person")),
        || format!("the RACI columns read {columns:?}: each should say it is a person"),
    )?;
    save_screenshot(client, "raci-person-columns").await;
    // The same two pages in a small window, for a person to look at.
    client
        .set_window_size(1024, 768)
        .await
        .map_err(|e| format!("resizing the window to 1024 × 768: {e}"))?;
    save_screenshot(client, "raci-person-columns-1024").await;
    go(client, "model").await?;
    click(client, &format!("{ana} summary")).await?;
    save_screenshot(client, "model-person-raci-1024").await;
    Ok(())
}

async fn check_into_new(client: &Client) -> Check {
    asked(client).await?;
    preview_and_apply(client, "new").await?;
    go(client, "model").await?;
    wait_text(client, "[data-testid=count-people]", "0").await?;
    let banner = text_of(client, "[data-testid=unsaved-banner]").await?;
    ensure(banner.contains("New model — not saved yet"), || {
        format!("after importing into a new model the banner reads {banner:?}")
    })?;
    // No people in the new model: the columns are roles, not marked as people.
    go(client, "raci").await?;
    wait_count(client, "[data-testid=raci-row]", 3).await?;
    wait_count(client, "[data-testid=raci-person]", 0).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spreadsheet_given_at_start_asks_and_goes_into_the_demo_with_its_people() {
    started_with_chart("started-into-current", check_into_current).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spreadsheet_given_at_start_asks_and_goes_into_a_new_model() {
    started_with_chart("started-into-new", check_into_new).await;
}
