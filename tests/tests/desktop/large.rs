//! A large model in the desktop (issue 9): a 100,000-row assignment list given at start is
//! previewed and applied into the demo; a matrix edit on the model it makes, and the undo of
//! the whole import, are timed from the click to the page showing the result. Beside them,
//! in the same session, the baseline: sending the whole model to the window, which is what
//! every edit did before the window was sent only the lists an edit changed. The times are
//! written to `artifacts/large-model-benchmark.json` for BENCHMARKS.md; the test asserts what
//! the pages show, not how fast.

use super::matrix::{cell_css, save_screenshot};
use super::pages::go;
use super::*;

const ROWS: usize = 100_000;

/// Resolves with the milliseconds since `window.__clicked` until the element `until.css`
/// is there (and, when given, its text is `until.text`, its `data-value` is not
/// `until.not_value`), checked at every animation frame, and two frames more (painted).
/// (The window's content security policy allows no script made from a string, and the
/// matrix answers pointer events, which only a WebDriver click makes.)
const UNTIL: &str = r#"
const done = arguments[arguments.length - 1];
const until = arguments[0];
const holds = () => {
  const e = document.querySelector(until.css);
  if (!e) return false;
  if (until.text !== undefined && e.textContent.trim() !== until.text) return false;
  if (until.not_value !== undefined && e.dataset.value === until.not_value) return false;
  return true;
};
const check = () => {
  if (holds()) requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - window.__clicked)));
  else if (performance.now() - window.__clicked > 120000) done(-1);
  else requestAnimationFrame(check);
};
check();
"#;

/// The whole model sent to the window and parsed, as every edit did before: milliseconds.
const WHOLE_MODEL: &str = r#"
const done = arguments[arguments.length - 1];
const t0 = performance.now();
window.__TAURI_INTERNALS__.invoke("model_delta", { since: null })
  .then((d) => done({ ms: performance.now() - t0, people: d.model.people.length, full: d.full }))
  .catch((e) => done({ error: String(e) }));
"#;

/// Clicks `css` (a WebDriver click, as a person's) and returns the milliseconds from just
/// before the click until `until` holds in the page.
/// What one edit costs the backend and the window's channel, without drawing: the edit,
/// then the model (`since` the revision before it, or whole as before the deltas), then the
/// findings; as the window does after every edit. Alternately adds and removes one grant,
/// three times each way; resolves with the milliseconds of each round.
const EDIT_ROUNDS: &str = r#"
const done = arguments[arguments.length - 1];
const whole = arguments[0];
const invoke = window.__TAURI_INTERNALS__.invoke;
const grant = { role: "viewer", capability: "approve-change", environment: null, effect: "allow" };
const edits = [
  { op: "upsert", entity: { kind: "grant", value: grant } },
  { op: "delete", kind: "grant", key: "viewer|approve-change|*" },
];
(async () => {
  let { revision } = await invoke("model_delta", { since: null });
  const rounds = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    await invoke("apply_edit", { edit: edits[i % 2] });
    const delta = await invoke("model_delta", { since: whole ? null : revision });
    revision = delta.revision;
    await invoke("findings", { at: null });
    rounds.push(performance.now() - t0);
  }
  done({ rounds });
})().catch((e) => done({ error: String((e && (e.message || JSON.stringify(e))) || e) }));
"#;

async fn edit_rounds(client: &Client, whole: bool) -> Result<serde_json::Value, String> {
    let out = client
        .execute_async(EDIT_ROUNDS, vec![json!(whole)])
        .await
        .map_err(|e| format!("timing edits: {e}"))?;
    ensure(out.get("error").is_none(), || {
        format!("timing edits: {out}")
    })?;
    Ok(out["rounds"].clone())
}

async fn timed_click(client: &Client, css: &str, until: serde_json::Value) -> Result<f64, String> {
    client
        .execute("window.__clicked = performance.now();", vec![])
        .await
        .map_err(|e| format!("marking the time: {e}"))?;
    click(client, css).await?;
    let ms = client
        .execute_async(UNTIL, vec![until.clone()])
        .await
        .map_err(|e| format!("waiting after a click on `{css}`: {e}"))?
        .as_f64()
        .unwrap_or(-1.0);
    ensure(ms >= 0.0, || {
        format!("after clicking `{css}`, {until} did not hold within 120 s")
    })?;
    Ok(ms)
}

async fn measure(client: &Client) -> Result<serde_json::Value, String> {
    client
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            Some(Duration::from_secs(300)),
            Some(Duration::from_secs(120)),
            Some(Duration::ZERO),
        ))
        .await
        .map_err(|e| format!("setting the script timeout: {e}"))?;
    super::import::preview_given_file(client, "current").await?;
    eventually(Duration::from_secs(180), || async {
        let new = text_of(client, "[data-testid=import-count-new]").await?;
        ensure(new == "200007", || {
            format!("the preview counts {new:?} new, expected 100,000 people, as many assignments and 7 roles")
        })
    })
    .await?;
    let apply_ms = timed_click(
        client,
        "[data-testid=import-apply]",
        json!({ "css": "[data-testid=import-done]" }),
    )
    .await?;
    go(client, "model").await?;
    wait_text(client, "[data-testid=count-people]", "100009").await?;
    // The registers show a page at a time, and say so.
    wait_text(
        client,
        "[data-testid=person-shown]",
        "Showing 200 of 100,009 people",
    )
    .await?;
    click(client, "[data-testid=person-more]").await?;
    wait_text(
        client,
        "[data-testid=person-shown]",
        "Showing 400 of 100,009 people",
    )
    .await?;
    let filter = client
        .find(Locator::Css("[data-testid=person-filter]"))
        .await
        .map_err(|e| format!("no filter for people: {e}"))?;
    filter
        .send_keys("person 099999")
        .await
        .map_err(|e| format!("typing in the people filter: {e}"))?;
    wait_text(
        client,
        "[data-testid=person-shown]",
        "Showing 1 of 1 matching (100,009 people in all)",
    )
    .await?;
    go(client, "assignments").await?;
    let paging = appear(
        client,
        "[data-testid=assignments-paging]",
        Duration::from_secs(60),
        "the Assignments page does not say it shows a page of the 100,000 assignments",
    )
    .await?
    .text()
    .await
    .map_err(|e| e.to_string())?;
    ensure(paging.contains("Showing 200 of 100,"), || {
        format!("the Assignments page says {paging:?}")
    })?;
    save_screenshot(client, "large-model-assignments").await;

    // A matrix edit on the large model, three times: a click cycles the cell's value.
    go(client, "matrix").await?;
    let cell = cell_css("citizen-developer|create-app|*");
    let mut edits = Vec::new();
    for _ in 0..3 {
        let before = client
            .find(Locator::Css(&cell))
            .await
            .map_err(|e| format!("no cell {cell}: {e}"))?
            .attr("data-value")
            .await
            .map_err(|e| e.to_string())?
            .unwrap_or_default();
        let changed = json!({ "css": cell, "not_value": before });
        edits.push(timed_click(client, &cell, changed).await?);
    }
    // The baseline, in the same session: the whole model to the window, three times.
    let mut whole = Vec::new();
    for _ in 0..3 {
        let sent = client
            .execute_async(WHOLE_MODEL, vec![])
            .await
            .map_err(|e| format!("sending the whole model: {e}"))?;
        ensure(sent["people"] == json!(100_009), || {
            format!("the whole model sent: {sent}")
        })?;
        whole.push(sent["ms"].as_f64().unwrap_or(-1.0));
    }
    save_screenshot(client, "large-model-matrix").await;
    // The same edit's cost without drawing, with the delta and with the whole model, in
    // turns (each adds and removes a grant, so the model ends as it was).
    let mut by_delta = Vec::new();
    let mut by_whole = Vec::new();
    by_delta.push(edit_rounds(client, false).await?);
    by_whole.push(edit_rounds(client, true).await?);

    // Undo the edits (three clicks and 12 timed rounds), then the import: back to the
    // demo's nine people.
    go(client, "model").await?;
    for _ in 0..15 {
        click(client, "[data-testid=btn-undo]").await?;
    }
    eventually(Duration::from_secs(60), || async {
        let title = undo_title(client).await?;
        ensure(title.contains("imported access-100k.csv"), || {
            format!("after undoing the edits the undo button offers {title:?}")
        })
    })
    .await?;
    let undo_ms = timed_click(
        client,
        "[data-testid=btn-undo]",
        json!({ "css": "[data-testid=count-people]", "text": "9" }),
    )
    .await?;
    let load = fs_err::read_to_string("/proc/loadavg").unwrap_or_default();
    Ok(json!({
        "rows": ROWS,
        "apply_import_ms": apply_ms,
        "matrix_edit_ms": edits,
        "whole_model_to_window_ms": whole,
        "edit_round_with_delta_ms": by_delta,
        "edit_round_with_whole_model_ms": by_whole,
        "undo_import_ms": undo_ms,
        // The app's build, not this test's: the binary the test started.
        "app": desktop_binary().display().to_string(),
        "loadavg": load.trim(),
    }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_100k_row_import_is_applied_edited_and_undone_in_the_desktop() {
    let home = tempfile::tempdir().expect("a temporary directory");
    let sheet = home.path().join("access-100k.csv");
    let mut text = String::from("Person;E-mail;Role\n");
    for i in 0..ROWS {
        text.push_str(&format!("Person {i:06};p{i}@example.org;Role {}\n", i % 7));
    }
    fs_err::write(&sheet, text).expect("write the spreadsheet");
    let app = App::launch(home, &[sheet.as_path()]).await;
    let outcome = measure(&app.client).await;
    let check = outcome.map(|report| {
        let text = serde_json::to_string_pretty(&report).unwrap_or_default();
        println!("a 100,000-row import in the desktop:\n{text}");
        let dir = workspace().join("artifacts");
        let _ = fs_err::create_dir_all(&dir);
        let _ = fs_err::write(dir.join("large-model-benchmark.json"), text);
    });
    app.finish(check, "large-model").await;
}
