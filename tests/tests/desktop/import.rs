//! The import wizard on the bundled samples: the permission-matrix sample previews with its
//! counts and its unknown mark highlighted at its cell; choosing another layout for the
//! sheet previews it again; applying adds what the preview said, and one undo takes a whole
//! import back. Screens go to `artifacts/desktop-page-import-*.png`.

use super::matrix::save_screenshot;
use super::pages::wait_count;
use super::*;

/// Picks a sheet's layout as a keyboard user does: a key that moves the select's choice
/// (Home: the first, "Permission matrix"; End: the last, "Skip"), then Tab away, which
/// previews at once. (Typing a label relies on the select's type-ahead, which joins keys
/// typed within a second into one search.)
async fn pick_layout(client: &Client, css: &str, key: fantoccini::key::Key) -> Check {
    let keys = format!(
        "{}{}",
        char::from(key),
        char::from(fantoccini::key::Key::Tab)
    );
    client
        .find(Locator::Css(css))
        .await
        .map_err(|e| format!("no select `{css}`: {e}"))?
        .send_keys(&keys)
        .await
        .map_err(|e| format!("choosing a layout in `{css}`: {e}"))
}

/// Whether the Apply button is disabled.
pub(super) async fn apply_disabled(client: &Client) -> Result<bool, String> {
    let disabled = client
        .find(Locator::Css("[data-testid=import-apply]"))
        .await
        .map_err(|e| e.to_string())?
        .attr("disabled")
        .await
        .map_err(|e| e.to_string())?;
    Ok(disabled.is_some())
}

/// Applies the previewed import and waits (30 s: a large one takes a while) for its
/// confirmation; `what` says what its absence means.
pub(super) async fn apply_import(client: &Client, what: &str) -> Check {
    click(client, "[data-testid=import-apply]").await?;
    appear(
        client,
        "[data-testid=import-done]",
        Duration::from_secs(30),
        what,
    )
    .await?;
    Ok(())
}

/// The app was started with a spreadsheet while the demo is open: waits for the Import
/// page to ask where the file goes (it previews nothing before).
pub(super) async fn asked_where(client: &Client) -> Check {
    appear(
        client,
        "[data-testid=import-ask]",
        STARTUP,
        "the app started with a spreadsheet did not ask where it goes",
    )
    .await
    .map(drop)
}

/// Once asked (see [`asked_where`]), previews the file `into` the `current` model or a
/// `new` one.
pub(super) async fn preview_given_file(client: &Client, into: &str) -> Check {
    asked_where(client).await?;
    click(client, &format!("[data-testid=import-into-{into}]")).await?;
    click(client, "[data-testid=import-ask-preview]").await
}

/// Previews the bundled sample `file` into the open model: the demo is open, so the wizard
/// asks where the import goes, and this goes into it.
async fn preview_sample(client: &Client, file: &str) -> Check {
    click(client, "[data-testid=import-into-current]").await?;
    click(client, &format!("[data-testid=\"import-sample-{file}\"]")).await
}

async fn check_import(client: &Client) -> Check {
    model_shown(client).await?;
    click(client, "[data-testid=nav-import]").await?;
    save_screenshot(client, "page-import-start").await;
    // The permission-matrix sample against the demo model: of its 12 grants, 9 are new and
    // 3 the model already holds as they are; its 3 roles, 3 capabilities and 2
    // environments are the model's, unchanged (the counts add up to what the file holds);
    // one unknown mark at Matrix!E9.
    preview_sample(client, "permission-matrix.xlsx").await?;
    wait_text(client, "[data-testid=import-count-new]", "9").await?;
    wait_text(client, "[data-testid=import-count-changed]", "0").await?;
    wait_text(client, "[data-testid=import-count-unchanged]", "11").await?;
    let warnings = texts_of(client, "[data-testid=import-warning]").await?;
    ensure(
        warnings.len() == 1 && warnings[0].contains("Matrix!E9") && warnings[0].contains("\"?\""),
        || {
            format!(
                "expected the one warning about \"?\" at Matrix!E9, the list shows {warnings:?}"
            )
        },
    )?;
    // The grid shows the matrix sheet with that cell highlighted.
    client
        .find(Locator::Css("[data-testid=import-warning]"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| format!("clicking the warning: {e}"))?;
    eventually(Duration::from_secs(15), || async {
        let cells = texts_of(
            client,
            "[data-testid=import-grid] [data-testid=import-cell-warning]",
        )
        .await?;
        ensure(cells == ["?"], || {
            format!("the grid's highlighted cells read {cells:?}, expected the one \"?\"")
        })
    })
    .await?;
    save_screenshot(client, "page-import-review").await;

    // Skip the matrix sheet: nothing left to import; read it as a matrix again: 9 new.
    let layout = "[data-testid=import-layout-2]";
    pick_layout(client, layout, fantoccini::key::Key::End).await?;
    wait_text(client, "[data-testid=import-count-new]", "0").await?;
    ensure(apply_disabled(client).await?, || {
        "Apply is enabled although the import would change nothing".to_string()
    })?;
    pick_layout(client, layout, fantoccini::key::Key::Home).await?;
    wait_text(client, "[data-testid=import-count-new]", "9").await?;

    apply_import(client, "no confirmation after applying").await?;
    eventually(Duration::from_secs(10), || async {
        let title = undo_title(client).await?;
        ensure(title.contains("imported permission-matrix.xlsx"), || {
            format!("the undo button offers {title:?}, not the import")
        })
    })
    .await?;
    save_screenshot(client, "page-import-done").await;

    // A second import, of SoD rules: the SoD page shows the demo's 3 rules and the 4
    // imported; one undo removes all four.
    preview_sample(client, "sod-rules.xlsx").await?;
    wait_text(client, "[data-testid=import-count-new]", "4").await?;
    apply_import(client, "no confirmation after the second import").await?;
    click(client, "[data-testid=nav-sod]").await?;
    wait_count(client, "[data-testid=sod-row]", 7).await?;
    click(client, "[data-testid=btn-undo]").await?;
    wait_count(client, "[data-testid=sod-row]", 3).await?;
    // The first import is still there, and next to be undone.
    eventually(Duration::from_secs(10), || async {
        let title = undo_title(client).await?;
        ensure(title.contains("imported permission-matrix.xlsx"), || {
            format!("after one undo the undo button offers {title:?}")
        })
    })
    .await?;

    // A preview is about the model it was made against: after an undo it says it is out
    // of date, cannot be applied, and Preview again brings it up to date.
    click(client, "[data-testid=nav-import]").await?;
    preview_sample(client, "permission-matrix.xlsx").await?;
    wait_text(client, "[data-testid=import-count-new]", "0").await?;
    click(client, "[data-testid=btn-undo]").await?;
    appear(
        client,
        "[data-testid=import-stale]",
        Duration::from_secs(10),
        "the preview does not say the model changed after an undo",
    )
    .await?;
    ensure(apply_disabled(client).await?, || {
        "Apply is enabled on a stale preview".to_string()
    })?;
    save_screenshot(client, "page-import-stale").await;
    click(
        client,
        "[data-testid=import-stale] [data-testid=import-preview-again]",
    )
    .await?;
    wait_text(client, "[data-testid=import-count-new]", "9").await
}

desktop_test!(
    a_sample_is_previewed_with_its_warning_at_the_cell_and_applied_as_one_undo,
    "import",
    check_import
);

/// The CRUD sample, its columns chosen in the wizard: leaving the Auditor's column out reads
/// three cells fewer, and the mapping the preview shows reads the columns as chosen.
/// The cells the sheet shows as read, once it shows `expected`.
async fn wait_read(client: &Client, expected: &str) -> Check {
    eventually(Duration::from_secs(20), || async {
        let shown = client
            .execute(
                "const c = document.querySelector('[data-testid=import-sheet-read]'); return c ? c.outerHTML : null",
                vec![],
            )
            .await
            .map_err(|e| e.to_string())?;
        let html = shown.as_str().unwrap_or_default();
        ensure(html.contains(&format!(">{expected}<")), || {
            format!("the sheet's cells read show {html:?}, expected {expected:?}")
        })
    })
    .await
}

async fn check_columns(client: &Client) -> Check {
    model_shown(client).await?;
    click(client, "[data-testid=nav-import]").await?;
    preview_sample(client, "crud-matrix.xlsx").await?;
    wait_read(client, "15").await?;
    click(client, "[data-testid=import-columns-open-0]").await?;
    appear(
        client,
        "[data-testid=import-columns]",
        Duration::from_secs(10),
        "no panel to choose the columns in",
    )
    .await?;
    // As detected: labels in A, the four role columns B–E ticked.
    let label = values_of(client, "[data-testid=import-columns-label]").await?;
    ensure(label == ["A"], || {
        format!("the labels column shows {label:?}")
    })?;
    for letter in ["B", "C", "D", "E"] {
        let on = client
            .find(Locator::Css(&format!(
                "[data-testid=import-columns-col-{letter}]"
            )))
            .await
            .map_err(|e| e.to_string())?
            .prop("checked")
            .await
            .map_err(|e| e.to_string())?;
        ensure(on.as_deref() == Some("true"), || {
            format!("column {letter} is not ticked as detected: {on:?}")
        })?;
    }
    save_screenshot(client, "page-import-columns").await;
    click(client, "[data-testid=import-columns-col-E]").await?;
    click(client, "[data-testid=import-columns-read]").await?;
    wait_read(client, "12").await?;
    // The mapping sits in a closed <details>: its text, not what is drawn.
    let mapping = client
        .execute(
            "return document.querySelector('[data-testid=import-mapping]').textContent",
            vec![],
        )
        .await
        .map_err(|e| format!("reading the mapping: {e}"))?;
    let mapping = mapping.as_str().unwrap_or_default().to_string();
    ensure(mapping.contains(r#"columns = ["B", "C", "D"]"#), || {
        format!("the mapping shown does not read B–D: {mapping}")
    })?;
    // A grid without columns of marks cannot be read: the panel says so and waits.
    for letter in ["B", "C", "D"] {
        click(
            client,
            &format!("[data-testid=import-columns-col-{letter}]"),
        )
        .await?;
    }
    wait_text(
        client,
        "[data-testid=import-columns-problem]",
        "Tick at least one column of marks or letters.",
    )
    .await?;
    let disabled = client
        .find(Locator::Css("[data-testid=import-columns-read]"))
        .await
        .map_err(|e| e.to_string())?
        .attr("disabled")
        .await
        .map_err(|e| e.to_string())?;
    ensure(disabled.is_some(), || {
        "Read with these columns is enabled with no column ticked".to_string()
    })
}

desktop_test!(
    a_sheets_columns_are_chosen_in_the_wizard_and_previewed_again,
    "import-columns",
    check_columns
);

/// The app started with a large spreadsheet (as from a file manager), previewed into the open
/// demo: the Import page shows the preview's progress at once, Cancel stops it, and Close
/// leaves the model as it was.
async fn check_cancel(client: &Client) -> Check {
    preview_given_file(client, "current").await?;
    let progress = appear(
        client,
        "[data-testid=import-progress]",
        STARTUP,
        "the app started with a spreadsheet showed no progress bar",
    )
    .await?;
    let value = progress
        .attr("aria-valuenow")
        .await
        .map_err(|e| format!("reading the progress bar: {e}"))?;
    ensure(
        value.is_some_and(|v| v.parse::<u32>().is_ok_and(|v| v <= 100)),
        || "the progress bar has no value from 0 to 100".to_string(),
    )?;
    let file = text_of(client, "[data-testid=import-file]")
        .await
        .unwrap_or_default();
    save_screenshot(client, "page-import-progress").await;
    click(client, "[data-testid=import-cancel]").await?;
    appear(
        client,
        "[data-testid=import-stopped]",
        Duration::from_secs(60),
        &format!("no stopped state after Cancel (file {file:?})"),
    )
    .await?;
    let notice = text_of(client, "[data-testid=import-notice]").await?;
    ensure(
        notice.contains("access-200k.csv: import cancelled; nothing was changed"),
        || format!("after Cancel the notice reads {notice:?}"),
    )?;
    ensure(file.contains("access-200k.csv"), || {
        format!("the page names the file {file:?}")
    })?;
    click(client, "[data-testid=import-close]").await?;
    appear(
        client,
        "[data-testid=import-choose]",
        Duration::from_secs(15),
        "Close did not return to the start",
    )
    .await?;
    // Nothing was imported: the demo's 9 people, and nothing to undo.
    click(client, "[data-testid=nav-model]").await?;
    wait_text(client, "[data-testid=count-people]", "9").await?;
    let title = undo_title(client).await?;
    ensure(title == "Nothing to undo", || {
        format!("after a cancelled import the undo button offers {title:?}")
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_spreadsheet_given_at_start_shows_progress_and_cancel_changes_nothing() {
    let home = tempfile::tempdir().expect("a temporary directory");
    let sheet = home.path().join("access-200k.csv");
    let mut text = String::from("Person;E-mail;Role\n");
    for i in 0..200_000 {
        text.push_str(&format!("Person {i:06};p{i}@example.org;Role {}\n", i % 7));
    }
    fs_err::write(&sheet, text).expect("write the spreadsheet");
    App::launch(home, &[sheet.as_path()])
        .await
        .run("import-cancel", check_cancel)
        .await;
}
