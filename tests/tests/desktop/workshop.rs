//! A consultant in a workshop (issue 10): a client's model built from nothing on the Model
//! page, the matrix and the assignments page; a spreadsheet imported into a new model rather
//! than among the demo's people; a finding's jump that lands on what it is about with nothing
//! destructive focused; Esc closing the findings panel from anywhere. Every page is saved at
//! the window's size (1280 × 800 under `make test`) with the findings panel open and closed,
//! as `artifacts/desktop-screen-<page>-panel-<open|closed>.png`.

use super::import::{apply_disabled, apply_import};
use super::matrix::{press, save_screenshot};
use super::pages::{go, wait_count};
use super::*;
use fantoccini::key::Key;

/// Pastes `lines` into the "add" field of a register (as a column copied from a
/// spreadsheet arrives: one name a line) and adds them.
async fn paste_names(client: &Client, kind: &str, lines: &[&str]) -> Check {
    let field = format!("[data-testid={kind}-new]");
    appear(
        client,
        &field,
        Duration::from_secs(10),
        &format!("no add field for {kind}"),
    )
    .await?;
    let script =
        "const f = document.querySelector(arguments[0]); f.focus(); f.value = arguments[1];\
                  f.dispatchEvent(new Event('input', { bubbles: true }));";
    client
        .execute(script, vec![json!(field), json!(lines.join("\n"))])
        .await
        .map_err(|e| format!("pasting into {field}: {e}"))?;
    click(client, &format!("[data-testid={kind}-add]")).await
}

async fn js(client: &Client, script: &str) -> Result<serde_json::Value, String> {
    client
        .execute(script, vec![])
        .await
        .map_err(|e| format!("running {script:?}: {e}"))
}

async fn title(client: &Client) -> Result<String, String> {
    client
        .title()
        .await
        .map_err(|e| format!("reading the title: {e}"))
}

async fn check_from_empty(client: &Client) -> Check {
    model_shown(client).await?;
    // New → the empty model with nothing in it.
    click(client, "[data-testid=btn-new]").await?;
    appear(
        client,
        "[data-testid=new-dialog]",
        Duration::from_secs(10),
        "no New dialog",
    )
    .await?;
    save_screenshot(client, "new-dialog").await;
    click(client, "[data-testid=template-blank]").await?;
    click(client, "[data-testid=new-confirm]").await?;
    wait_text(client, "[data-testid=count-roles]", "0").await?;
    wait_text(client, "[data-testid=count-people]", "0").await?;
    let banner = text_of(client, "[data-testid=unsaved-banner]").await?;
    ensure(banner.contains("New model — not saved yet"), || {
        format!("the banner of a new model reads {banner:?}")
    })?;
    ensure(title(client).await? == "Gatehouse — Untitled", || {
        "a new model is titled Untitled, not as the demo".to_string()
    })?;

    // The client's vocabulary, each list pasted as a column: one edit each.
    paste_names(client, "environment", &["Development", "Production"]).await?;
    wait_text(client, "[data-testid=count-environments]", "2").await?;
    paste_names(client, "role", &["Maker", "Checker", "Maker"]).await?;
    wait_text(client, "[data-testid=count-roles]", "2").await?;
    paste_names(client, "capability", &["Build app", "Approve change"]).await?;
    wait_text(client, "[data-testid=count-capabilities]", "2").await?;
    paste_names(client, "person", &["Ana Lima"]).await?;
    wait_text(client, "[data-testid=count-people]", "1").await?;
    // Production first, then back: the order is the promotion path.
    click(client, "[aria-label=\"Move Production up\"]").await?;
    eventually(Duration::from_secs(10), || async {
        let names = values_of(client, "[data-testid=environment-name]").await?;
        ensure(names == ["Production", "Development"], || {
            format!("environments in order: {names:?}")
        })
    })
    .await?;
    // The up button is disabled now (Production is first): the focus moves to its down
    // button rather than onto nothing, so the keyboard keeps its place.
    eventually(Duration::from_secs(10), || async {
        let focused = js(
            client,
            "return document.activeElement?.getAttribute('aria-label') ?? null",
        )
        .await?;
        ensure(focused == json!("Move Production down"), || {
            format!("after the move the focus is on {focused}")
        })
    })
    .await?;
    press(client, &super::matrix::ctrl('z')).await?;
    eventually(Duration::from_secs(10), || async {
        let names = values_of(client, "[data-testid=environment-name]").await?;
        ensure(names == ["Development", "Production"], || {
            format!("after undo the environments are {names:?}")
        })
    })
    .await?;

    // A duplicate name is refused by the core, and said beside the field.
    let checker = "[data-entity=\"role:checker\"] [data-testid=role-name]";
    let script = format!(
        "const f = document.querySelector('{}'); f.value = 'Maker'; f.dispatchEvent(new Event('change', {{ bubbles: true }}));",
        checker.replace('\'', "\\'")
    );
    js(client, &script).await?;
    let error = appear(
        client,
        "[data-entity=\"role:checker\"] [data-testid=role-error]",
        Duration::from_secs(10),
        "no error beside the renamed role",
    )
    .await?
    .text()
    .await
    .map_err(|e| e.to_string())?;
    ensure(error.to_lowercase().contains("maker"), || {
        format!("the error beside the field reads {error:?}")
    })?;
    save_screenshot(client, "model-from-empty").await;

    // An assignment and a grant.
    go(client, "assignments").await?;
    super::pages::choose(client, "[data-testid=new-assignment-person]", "Ana").await?;
    super::pages::choose(client, "[data-testid=new-assignment-role]", "Maker").await?;
    // An unreadable date is refused with a word; a day-first one is taken.
    let until = client
        .find(Locator::Css("[data-testid=new-assignment-until]"))
        .await
        .map_err(|e| e.to_string())?;
    until
        .send_keys("31.02.2027")
        .await
        .map_err(|e| e.to_string())?;
    click(client, "[data-testid=new-assignment-submit]").await?;
    appear(
        client,
        "[data-testid=date-error]",
        Duration::from_secs(10),
        "no word on an unreadable date",
    )
    .await?;
    until.clear().await.map_err(|e| e.to_string())?;
    until
        .send_keys("31.12.2027")
        .await
        .map_err(|e| e.to_string())?;
    click(client, "[data-testid=new-assignment-submit]").await?;
    wait_count(client, "[data-testid=assignment-row]", 1).await?;
    let shown = values_of(client, "[data-testid=valid-until]").await?;
    ensure(shown == ["2027-12-31"], || {
        format!("the day-first date shows as {shown:?}")
    })?;

    go(client, "matrix").await?;
    let cell = "[data-testid=matrix-cell][data-key=\"maker|build-app|*\"]";
    click(client, cell).await?;
    eventually(Duration::from_secs(10), || async {
        let value = client
            .find(Locator::Css(cell))
            .await
            .map_err(|e| e.to_string())?
            .attr("data-value")
            .await
            .map_err(|e| e.to_string())?;
        ensure(value.as_deref() == Some("allow"), || {
            format!("the clicked cell holds {value:?}")
        })
    })
    .await?;
    wait_text(client, "[data-testid=matrix-total]", "1").await?;

    // Removing the role Maker says what depends on it (the grant and Ana's assignment) and
    // removes them with it in one step; one undo brings all three back.
    go(client, "model").await?;
    click(
        client,
        "[data-entity=\"role:maker\"] [data-testid=role-remove]",
    )
    .await?;
    let confirm = text_of(client, "[data-testid=role-confirm]").await?;
    ensure(
        confirm.contains("Grant: Maker · Build app · all environments")
            && confirm.contains("Ana Lima → Maker"),
        || format!("the removal names {confirm:?}"),
    )?;
    save_screenshot(client, "model-remove-confirm").await;
    click(client, "[data-testid=role-remove-all]").await?;
    wait_text(client, "[data-testid=count-roles]", "1").await?;
    let undo_title = undo_title(client).await?;
    ensure(!undo_title.contains("maker|"), || {
        format!("the undo tooltip shows an id: {undo_title:?}")
    })?;
    click(client, "[data-testid=btn-undo]").await?;
    wait_text(client, "[data-testid=count-roles]", "2").await?;
    go(client, "assignments").await?;
    wait_count(client, "[data-testid=assignment-row]", 1).await?;
    Ok(())
}

desktop_test!(
    a_client_model_is_built_from_nothing_and_every_step_undoes,
    "workshop-empty",
    check_from_empty
);

async fn check_import_into_new(client: &Client) -> Check {
    model_shown(client).await?;
    go(client, "import").await?;
    let choice = text_of(client, "[data-testid=import-into]").await?;
    ensure(
        choice.contains("A new model")
            && choice.contains("Generic no-code governance (the demo model)"),
        || format!("the choice reads {choice:?}"),
    )?;
    // A new model is the default while the demo is open.
    click(client, "[data-testid=\"import-sample-raci.xlsx\"]").await?;
    appear(
        client,
        "[data-testid=import-apply]",
        Duration::from_secs(30),
        "no preview",
    )
    .await?;
    eventually(Duration::from_secs(20), || async {
        ensure(!apply_disabled(client).await?, || {
            "Apply stays disabled".to_string()
        })
    })
    .await?;
    apply_import(client, "the import did not finish").await?;
    go(client, "model").await?;
    wait_text(client, "[data-testid=count-people]", "0").await?;
    wait_text(client, "[data-testid=count-environments]", "4").await?;
    let banner = text_of(client, "[data-testid=unsaved-banner]").await?;
    ensure(banner.contains("New model — not saved yet"), || {
        format!("after importing into a new model the banner reads {banner:?}")
    })?;
    let t = title(client).await?;
    ensure(t == "Gatehouse — Untitled •", || {
        format!("after importing into a new model the title is {t:?}")
    })?;

    // The chart it read is on the RACI page, with its accountable gaps; a cell typed in is
    // one edit, and undo takes it back.
    go(client, "raci").await?;
    // samples/raci.xlsx: 5 activities, 17 letters cells; "Retire app" has two A's and
    // "Review access" none.
    wait_count(client, "[data-testid=raci-row]", 5).await?;
    wait_text(
        client,
        "[data-testid=raci-count]",
        "5 of 5 activities · 17 responsibilities",
    )
    .await?;
    let gaps = texts_of(client, "[data-testid=raci-gap]").await?;
    ensure(
        gaps.len() == 2
            && gaps.iter().any(|g| g.contains("Retire app"))
            && gaps
                .iter()
                .any(|g| g.contains("Nobody is accountable for \"Review access\"")),
        || format!("the accountable gaps read {gaps:?}"),
    )?;
    save_screenshot(client, "screen-raci-panel-closed").await;
    let first = "[data-testid=raci-cell]";
    let before = client
        .find(Locator::Css(first))
        .await
        .map_err(|e| e.to_string())?
        .prop("value")
        .await
        .map_err(|e| e.to_string())?
        .unwrap_or_default();
    let next = if before == "I" { "ci" } else { "i" };
    let script = format!(
        "const f = document.querySelector('{first}'); f.value = '{next}'; f.dispatchEvent(new Event('change', {{ bubbles: true }}));"
    );
    js(client, &script).await?;
    let expected = next.to_uppercase();
    eventually(Duration::from_secs(10), || async {
        let now = values_of(client, first).await?;
        ensure(now.first() == Some(&expected), || {
            format!("the first RACI cell reads {now:?}, expected {expected:?}")
        })
    })
    .await?;
    click(client, "[data-testid=btn-undo]").await?;
    eventually(Duration::from_secs(10), || async {
        let now = values_of(client, first).await?;
        ensure(now.first() == Some(&before), || {
            format!("after undo the first RACI cell reads {now:?}, expected {before:?}")
        })
    })
    .await?;
    Ok(())
}

desktop_test!(
    a_spreadsheet_opened_on_the_demo_goes_into_a_new_model,
    "workshop-import-into",
    check_import_into_new
);

/// The width of the page's content area, in CSS pixels.
async fn page_width(client: &Client) -> Result<serde_json::Value, String> {
    js(
        client,
        "return document.getElementById('content').clientWidth",
    )
    .await
}

async fn check_jump_and_panel(client: &Client) -> Check {
    model_shown(client).await?;
    // Every page at 1280 × 800, findings panel closed and open.
    for page in [
        "model",
        "matrix",
        "ownership",
        "assignments",
        "sod",
        "import",
    ] {
        go(client, page).await?;
        save_screenshot(client, &format!("screen-{page}-panel-closed")).await;
        click(client, "[data-testid=btn-findings]").await?;
        appear(
            client,
            "[data-testid=findings-panel]",
            Duration::from_secs(10),
            "no findings panel",
        )
        .await?;
        save_screenshot(client, &format!("screen-{page}-panel-open")).await;
        // Esc closes it wherever the focus is.
        press(client, &char::from(Key::Escape).to_string()).await?;
        wait_count(client, "[data-testid=findings-panel]", 0).await?;
    }

    // Esc from the page, and the focus goes back where it was.
    go(client, "sod").await?;
    click(client, "[data-testid=new-rule-name]").await?;
    press(client, &char::from(Key::F8).to_string()).await?;
    appear(
        client,
        "[data-testid=findings-panel]",
        Duration::from_secs(10),
        "F8 did not open the panel",
    )
    .await?;
    press(client, &char::from(Key::Escape).to_string()).await?;
    wait_count(client, "[data-testid=findings-panel]", 0).await?;
    let back = js(
        client,
        "return document.activeElement?.dataset.testid ?? null",
    )
    .await?;
    ensure(back == json!("new-rule-name"), || {
        format!("after Esc the focus is on {back}, not back on the field")
    })?;

    // An owner removed makes an ownership finding; its jump focuses the asset's row, never
    // the × beside an owner (Enter there would remove her).
    go(client, "ownership").await?;
    click(
        client,
        "[aria-label=\"Remove Chloé Martin as app owner of Expense Claims\"]",
    )
    .await?;
    click(client, "[data-testid=btn-findings]").await?;
    let finding =
        "[data-testid=finding][data-entities~=\"asset:expense-claims\"] button[data-finding]";
    click(client, finding).await?;
    eventually(Duration::from_secs(10), || async {
        let active = js(
            client,
            "const a = document.activeElement; return [a.tagName, a.dataset.entity ?? null];",
        )
        .await?;
        ensure(active == json!(["TR", "asset:expense-claims"]), || {
            format!("after the jump the focus is on {active}, not the asset's row")
        })
    })
    .await?;
    let owners = "return document.querySelectorAll('[data-entity^=\"ownership:\"]').length";
    let before = js(client, owners).await?;
    press(client, &char::from(Key::Enter).to_string()).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = js(client, owners).await?;
    ensure(before == after, || {
        format!("Enter after the jump changed the owners: {before} before, {after} after")
    })?;
    save_screenshot(client, "jump-ownership").await;

    // The same pages in a 1024 × 768 window, panel open, for a person to look at.
    client
        .set_window_size(1024, 768)
        .await
        .map_err(|e| format!("resizing the window to 1024 × 768: {e}"))?;
    for page in [
        "model",
        "matrix",
        "ownership",
        "assignments",
        "sod",
        "raci",
        "import",
    ] {
        go(client, page).await?;
        if count(client, "[data-testid=findings-panel]").await? > 0 {
            press(client, &char::from(Key::Escape).to_string()).await?;
            wait_count(client, "[data-testid=findings-panel]", 0).await?;
        }
        save_screenshot(client, &format!("screen-1024-{page}-panel-closed")).await;
        let closed = page_width(client).await?;
        click(client, "[data-testid=btn-findings]").await?;
        appear(
            client,
            "[data-testid=findings-panel]",
            Duration::from_secs(10),
            "no findings panel at 1024 × 768",
        )
        .await?;
        save_screenshot(client, &format!("screen-1024-{page}-panel-open")).await;
        // No room for both side by side: the panel lies over the page, which keeps its width.
        let open = page_width(client).await?;
        ensure(open == closed, || {
            format!("at 1024 × 768 the {page} page is {closed} px wide, {open} px with the findings panel open")
        })?;
    }
    Ok(())
}

desktop_test!(
    a_jump_lands_on_its_row_and_esc_closes_the_panel_from_anywhere,
    "workshop-jump",
    check_jump_and_panel
);
