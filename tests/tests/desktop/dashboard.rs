//! The Dashboard on the demo model on 2026-12-02 (the tests' clock): each figure as the
//! core computes it (crates/gatehouse-app/tests/app/dashboard.rs works them out), a click
//! opening its page, drift at last check after a check on the Drift page; and the Model
//! page's escalation paths with each step's coverage on the date and the calendar their
//! targets are counted on, set on a path.

use gatehouse_core::escalation::coverage;

use super::matrix::save_screenshot;
use super::pages::{go, type_into, wait_count};
use super::simulate::choose;
use super::*;

async fn tile(client: &Client, id: &str) -> Result<(String, String), String> {
    let value = text_of(
        client,
        &format!("[data-testid=tile-{id}] [data-testid=tile-value]"),
    )
    .await?;
    let detail = text_of(
        client,
        &format!("[data-testid=tile-{id}] [data-testid=tile-detail]"),
    )
    .await?;
    Ok((value, detail))
}

async fn tile_is(client: &Client, id: &str, value: &str, detail: &str) -> Check {
    eventually(Duration::from_secs(15), || async {
        let shown = tile(client, id).await?;
        ensure(shown == (value.to_string(), detail.to_string()), || {
            format!("the {id} figure shows {shown:?}, expected {value:?} / {detail:?}")
        })
    })
    .await
}

async fn check_dashboard(client: &Client) -> Check {
    model_shown(client).await?;
    // The Dashboard is the home page: the demo opens on it.
    appear(
        client,
        "[data-testid=page-dashboard]",
        Duration::from_secs(15),
        "the demo did not open on its Dashboard",
    )
    .await?;
    tile_is(
        client,
        "adherence",
        "95%",
        "42 of 44 grants and assignments",
    )
    .await?;
    tile_is(
        client,
        "findings",
        "3",
        "0 critical, 2 high, 1 medium, 0 low",
    )
    .await?;
    tile_is(
        client,
        "approval",
        "—",
        "no approved change yet (1 open request)",
    )
    .await?;
    tile_is(client, "simulated", "—", "no simulation pinned yet").await?;
    tile_is(
        client,
        "avoided",
        "0",
        "0 in change requests (0 rejected, 0 promotions refused), 0 in 0 pinned decks; 0 near-misses",
    )
    .await?;
    tile_is(client, "exceptions", "0", "none within 30 days").await?;
    tile_is(client, "reviews", "0", "none past due").await?;
    tile_is(client, "drift", "—", "no check yet").await?;
    wait_count(client, "[data-testid=chart-adherence] canvas", 1).await?;
    wait_count(client, "[data-testid=chart-findings] canvas", 1).await?;
    save_screenshot(client, "page-dashboard").await;

    // The drift figure opens the Drift page; after a check it shows that check.
    click(client, "[data-testid=tile-drift]").await?;
    appear(
        client,
        "[data-testid=page-drift]",
        Duration::from_secs(15),
        "the drift figure did not open the Drift page",
    )
    .await?;
    type_into(client, "[data-testid=drift-date]", "2026-12-15").await?;
    click(
        client,
        "[data-testid=drift-sample][data-name=\"user-roles-generic.csv\"]",
    )
    .await?;
    appear(
        client,
        "[data-testid=drift-result]",
        Duration::from_secs(30),
        "the drift check did not finish",
    )
    .await?;
    go(client, "dashboard").await?;
    tile_is(
        client,
        "drift",
        "5",
        "1 unauthorised, 2 missing, 0 expired, 2 unmatched — user-roles-generic.csv, checked 2026-12-02",
    )
    .await?;
    // The findings figure opens the findings panel.
    click(client, "[data-testid=tile-findings]").await?;
    wait_count(client, "[data-testid=finding]", 3).await?;
    save_screenshot(client, "page-dashboard-after-drift").await;
    escalations_on_the_model_page(client).await
}

async fn escalations_on_the_model_page(client: &Client) -> Check {
    let template = workspace().join("templates/generic-nocode/model.json");
    let text = fs_err::read_to_string(&template).map_err(|e| e.to_string())?;
    let model = gatehouse_core::Model::from_json(&text).map_err(|e| e.to_string())?;
    // The tests' clock's day (the crate names no date type: the core's signature does).
    let day = "2026-12-02".parse().ok().ok_or("a date")?;
    let paths = coverage(&model, day);
    go(client, "model").await?;
    wait_count(client, "[data-testid=escalation-path]", paths.len()).await?;
    let mut notes = Vec::new();
    for step in all_of(client, "[data-testid=escalation-step-note]").await? {
        notes.push(
            step.attr("data-note")
                .await
                .map_err(|e| e.to_string())?
                .unwrap_or_default(),
        );
    }
    let expected: Vec<String> = (paths.iter())
        .flat_map(|p| p.steps.iter().map(|s| s.note.clone()))
        .collect();
    ensure(notes == expected, || {
        format!("the steps' coverage reads {notes:?}, expected {expected:?}")
    })?;
    client
        .execute(
            "const main = document.getElementById('content');\
             const path = document.querySelector('[data-testid=escalation-path]');\
             main.scrollTop += path.getBoundingClientRect().top - main.getBoundingClientRect().top - 60;",
            vec![],
        )
        .await
        .map_err(|e| format!("scrolling to the escalation paths: {e}"))?;
    save_screenshot(client, "page-model-escalations").await;
    // The first path names no calendar: the model's first is used, and said so; naming it
    // on the path is an edit, after which the note no longer says it is assumed.
    let first = "[data-testid=escalation-path-calendar-note]";
    wait_text(client, first, &paths[0].calendar_note).await?;
    ensure(paths[0].calendar_assumed, || {
        "the template's paths name no calendar".into()
    })?;
    choose(client, "[data-testid=escalation-path-calendar]", "office").await?;
    wait_text(
        client,
        first,
        "Response targets in business hours of Office hours.",
    )
    .await?;
    Ok(())
}

desktop_test!(
    the_dashboard_shows_the_figures_of_the_demo_model,
    "dashboard",
    check_dashboard
);

/// A vault named on the command line (made with the CLI from the generic template, and
/// checked for drift there) opens on its dashboard, with the CLI's check as drift at last
/// check.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vault_opens_on_its_dashboard() {
    let home = tempfile::tempdir().expect("a temporary directory");
    let vault = home.path().join("model.gatehouse");
    let actual = workspace().join("samples/actual/user-roles-generic.csv");
    for args in [
        vec!["keygen".to_string()],
        vec!["init".into(), vault.display().to_string()],
        vec![
            "drift".into(),
            vault.display().to_string(),
            actual.display().to_string(),
            "--at".into(),
            "2026-12-15".into(),
        ],
    ] {
        let out = Command::new(cli_binary())
            .arg("--identity")
            .arg(home.path().join("identity.age"))
            .args(&args)
            .env("GATEHOUSE_PASSPHRASE", PASSPHRASE)
            .env("GATEHOUSE_NOW", "2026-12-01T10:00:00Z")
            .output()
            .expect("run the gatehouse CLI");
        assert!(
            out.status.success(),
            "gatehouse {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let app = App::launch(home, &[&vault]).await;
    let outcome = async {
        unlock_and_open(&app.client).await?;
        appear(
            &app.client,
            "[data-testid=page-dashboard]",
            STARTUP,
            "the opened vault did not land on its dashboard",
        )
        .await?;
        tile_is(&app.client, "adherence", "95%", "42 of 44 grants and assignments").await?;
        tile_is(
            &app.client,
            "drift",
            "5",
            "1 unauthorised, 2 missing, 0 expired, 2 unmatched — user-roles-generic.csv, checked 2026-12-01",
        )
        .await
    }
    .await;
    app.finish(outcome, "dashboard-vault").await;
}
