//! The Gates page on the demo model: a role approval added to the gate "Development to
//! test" over the UI is saved in the backend's model (and named, and listed on the Model
//! page); a quorum of 0 is refused beside the field; turning "nobody approves their own
//! change" off shows the self-approval finding beside the switch (Chloé Martin, app owner,
//! may request changes), and undo takes it away; two security reviews where one person
//! holds the role are linted beside that requirement; a freeze window, a holiday and a tier
//! rank are edited; the findings panel's jump and a simulation rule's jump land on the gate
//! and on the requirement. Each change is one audited edit.
//! Screenshots go to `artifacts/desktop-page-gates*.png` for a person to look at.

use super::matrix::save_screenshot;
use super::pages::{go, undo, wait_count};
use super::*;

const DEV_TEST: &str = "[data-entity=\"gate:gate-dev-test\"]";

/// The requirements of a gate as the backend's model holds them (not the page's copy).
async fn saved_requirements(client: &Client, gate: &str) -> Result<serde_json::Value, String> {
    let script = "const done = arguments[arguments.length - 1];\
                  window.__TAURI_INTERNALS__.invoke('model_delta', { since: null }).then(\
                    ({ model: m }) => done(m.gates.find((g) => g.id === arguments[0])?.requirements ?? null),\
                    (e) => done({ error: String(e) }));";
    client
        .execute_async(script, vec![json!(gate)])
        .await
        .map_err(|e| format!("reading the model from the backend: {e}"))
}

/// Sets the field `css` to `value` and fires its change, as typing then leaving it does.
async fn set_field(client: &Client, css: &str, value: &str) -> Check {
    appear(client, css, Duration::from_secs(15), &format!("no `{css}`")).await?;
    let script = "const f = document.querySelector(arguments[0]); f.value = arguments[1];\
                  f.dispatchEvent(new Event('change', { bubbles: true }));\
                  f.dispatchEvent(new Event('input', { bubbles: true }));";
    client
        .execute(script, vec![json!(css), json!(value)])
        .await
        .map(|_| ())
        .map_err(|e| format!("setting {css} to {value:?}: {e}"))
}

/// Scrolls the page so the element `css` is at the top of the window.
async fn scroll_to(client: &Client, css: &str) -> Check {
    client
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({ block: 'start' });",
            vec![json!(css)],
        )
        .await
        .map(|_| ())
        .map_err(|e| format!("scrolling to {css}: {e}"))
}

async fn check_gates(client: &Client) -> Check {
    model_shown(client).await?;
    go(client, "gates").await?;
    wait_count(client, "[data-testid=gate-card]", 2).await?;
    // (Read in lower case: the headings are set in capitals by the style sheet.)
    let pairs: Vec<String> = texts_of(client, "[data-testid=gate-pair] h3")
        .await?
        .iter()
        .map(|t| t.to_lowercase())
        .collect();
    ensure(
        pairs == ["development → test", "test → production"],
        || format!("the gates are grouped as {pairs:?}"),
    )?;
    save_screenshot(client, "page-gates").await;
    for (css, name) in [
        (
            "[data-entity=\"gate:gate-test-prod\"]",
            "page-gates-production",
        ),
        ("[data-testid=section-risk-tiers]", "page-gates-tiers"),
    ] {
        scroll_to(client, css).await?;
        save_screenshot(client, name).await;
    }
    scroll_to(client, DEV_TEST).await?;

    // Add a role approval to Development → Test: it starts as one approval from IT Approver.
    let reqs = format!("{DEV_TEST} [data-testid=gate-req]");
    wait_count(client, &reqs, 1).await?;
    click(
        client,
        &format!("{DEV_TEST} [data-testid=gate-add-requirement]"),
    )
    .await?;
    wait_count(client, &reqs, 2).await?;
    let added = format!("{DEV_TEST} [data-testid=gate-req][data-index=\"2\"]");
    wait_text(
        client,
        &format!("{added} [data-testid=gate-req-text]"),
        "1 approval from IT Approver",
    )
    .await?;
    // Named, it reads with its name; the backend holds it with every field.
    set_field(
        client,
        &format!("{added} [data-testid=gate-req-name]"),
        "Release check",
    )
    .await?;
    wait_text(
        client,
        &format!("{added} [data-testid=gate-req-text]"),
        "Release check: 1 approval from IT Approver",
    )
    .await?;
    eventually(Duration::from_secs(10), || async {
        let saved = saved_requirements(client, "gate-dev-test").await?;
        let expected = json!([
            { "type": "approval", "roles": ["app-owner", "it-approver"], "count": 1, "condition": { "when": "always" } },
            { "type": "no_self_approval" },
            { "type": "approval", "roles": ["it-approver"], "count": 1, "condition": { "when": "always" }, "name": "Release check" },
        ]);
        ensure(saved == expected, || {
            format!("the backend's gate holds {saved}, expected {expected}")
        })
    })
    .await?;
    let undo_offer = undo_title(client).await?;
    ensure(
        undo_offer.contains("change gate Development to test"),
        || format!("the undo button offers {undo_offer:?}"),
    )?;

    // A quorum of no one is refused beside the field, and nothing is sent.
    set_field(
        client,
        &format!("{added} [data-testid=gate-req-count]"),
        "0",
    )
    .await?;
    wait_text(
        client,
        &format!("{added} [data-testid=gate-req-error]"),
        "The number of approvals must be at least 1.",
    )
    .await?;

    // No self-approval off: the lint finding shows beside the switch, naming who could.
    click(client, &format!("{DEV_TEST} [data-testid=gate-no-self]")).await?;
    let finding = format!(
        "{DEV_TEST} [data-testid=gate-self-approval] [data-testid=gate-finding][data-code=self_approval_path]"
    );
    wait_count(client, &finding, 1).await?;
    let said = text_of(client, &finding).await?;
    ensure(said.contains("Chloé Martin"), || {
        format!("the self-approval finding reads {said:?}")
    })?;
    let saved = saved_requirements(client, "gate-dev-test").await?;
    ensure(!saved.to_string().contains("no_self_approval"), || {
        format!("the backend's gate still has no-self-approval: {saved}")
    })?;
    save_screenshot(client, "page-gates-self-approval").await;

    // The findings panel's jump lands on the gate, on this page, from another page.
    go(client, "model").await?;
    click(client, "[data-testid=btn-findings]").await?;
    click(
        client,
        "[data-testid=finding][data-code=self_approval_path][data-entities~=\"gate:gate-dev-test\"] button[data-finding]",
    )
    .await?;
    appear(
        client,
        "[data-testid=page-gates]",
        Duration::from_secs(10),
        "the jump did not go to the Gates page",
    )
    .await?;
    eventually(Duration::from_secs(10), || async {
        let focused = client
            .execute(
                "return document.activeElement?.dataset.entity ?? null",
                vec![],
            )
            .await
            .map_err(|e| e.to_string())?;
        ensure(focused == json!("gate:gate-dev-test"), || {
            format!("after the jump the focus is on {focused}, not the gate")
        })
    })
    .await?;
    click(client, "[data-testid=btn-findings]").await?;

    // Undo puts the switch back on and the finding goes.
    undo(client).await?;
    wait_count(client, &finding, 0).await?;
    wait_count(
        client,
        &format!("{DEV_TEST} [data-testid=gate-no-self]:checked"),
        1,
    )
    .await?;

    // Two security reviews where one person holds the role: the lint says so beside the
    // requirement (Security review, fifth of Test → Production), and undo takes it away.
    let security = "[data-entity=\"gate:gate-test-prod\"] [data-testid=gate-req][data-index=\"4\"]";
    set_field(
        client,
        &format!("{security} [data-testid=gate-req-count]"),
        "2",
    )
    .await?;
    let unsatisfiable =
        format!("{security} [data-testid=gate-finding][data-code=gate_unsatisfiable]");
    wait_count(client, &unsatisfiable, 1).await?;
    let said = text_of(client, &unsatisfiable).await?;
    ensure(said.contains("Security Reviewer"), || {
        format!("the finding beside Security review reads {said:?}")
    })?;
    scroll_to(client, security).await?;
    save_screenshot(client, "page-gates-unsatisfiable").await;
    undo(client).await?;
    wait_count(client, &unsatisfiable, 0).await?;

    // A holiday added to the office calendar is kept in date order; a rank another tier
    // has is refused beside the tier.
    let office = "[data-entity=\"calendar:office\"]";
    set_field(
        client,
        &format!("{office} [data-testid=calendar-add-holiday]"),
        "2026-12-24",
    )
    .await?;
    wait_count(client, &format!("{office} .chip"), 3).await?;
    eventually(Duration::from_secs(10), || async {
        let holidays = client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 window.__TAURI_INTERNALS__.invoke('model_delta', { since: null }).then(({ model: m }) => done(m.calendars.find((c) => c.id === 'office').holidays));",
                vec![],
            )
            .await
            .map_err(|e| e.to_string())?;
        ensure(
            holidays == json!(["2026-12-24", "2026-12-25", "2027-01-01"]),
            || format!("the office calendar's holidays are {holidays}"),
        )
    })
    .await?;
    let low = "[data-entity=\"risk_tier:low\"]";
    set_field(client, &format!("{low} [data-testid=tier-rank]"), "3").await?;
    wait_text(
        client,
        &format!("{low} [data-testid=tier-error]"),
        "The tier High already has rank 3: each tier ranks differently.",
    )
    .await?;
    scroll_to(client, "[data-testid=section-calendars]").await?;
    save_screenshot(client, "page-gates-calendars").await;

    // The Model page lists the saved requirement; the audit log has the gate's edits.
    go(client, "model").await?;
    let listed = texts_of(client, "[data-testid=gate-requirement]").await?;
    ensure(
        listed
            .iter()
            .any(|r| r == "Release check: 1 approval from IT Approver"),
        || format!("the Model page lists {listed:?}"),
    )?;
    // In a small window with the findings panel open, for a person to look at.
    client
        .set_window_size(1024, 768)
        .await
        .map_err(|e| format!("resizing the window to 1024 × 768: {e}"))?;
    go(client, "gates").await?;
    click(client, "[data-testid=btn-findings]").await?;
    appear(
        client,
        "[data-testid=findings-panel]",
        Duration::from_secs(10),
        "no findings panel",
    )
    .await?;
    save_screenshot(client, "page-gates-1024-panel-open").await;
    click(client, "[data-testid=btn-findings]").await?;
    scroll_to(client, "[data-entity=\"risk_tier:high\"]").await?;
    save_screenshot(client, "page-gates-1024-tiers").await;
    client
        .set_window_size(1280, 800)
        .await
        .map_err(|e| format!("resizing the window back to 1280 × 800: {e}"))?;

    go(client, "audit").await?;
    eventually(Duration::from_secs(15), || async {
        let actions = texts_of(client, "[data-testid=audit-event] .action").await?;
        ensure(
            actions.iter().filter(|a| a.starts_with("gate.upsert")).count() == 6
                && actions.iter().any(|a| a == "calendar.upsert"),
            || format!("the audit log's actions are {actions:?}, expected six gate edits and a calendar's"),
        )
    })
    .await?;

    // A freeze window added to Development → Test, its days typed in: listed with the others
    // and held by the backend as typed.
    go(client, "gates").await?;
    set_field(
        client,
        &format!("{DEV_TEST} [data-testid=gate-add-kind]"),
        "freeze_window",
    )
    .await?;
    click(
        client,
        &format!("{DEV_TEST} [data-testid=gate-add-requirement]"),
    )
    .await?;
    let freeze = format!("{DEV_TEST} [data-testid=gate-req][data-type=freeze_window]");
    wait_count(client, &freeze, 1).await?;
    set_field(
        client,
        &format!("{freeze} [data-testid=gate-req-end]"),
        "2027-01-03",
    )
    .await?;
    set_field(
        client,
        &format!("{freeze} [data-testid=gate-req-start]"),
        "20.12.2026",
    )
    .await?;
    set_field(
        client,
        &format!("{freeze} [data-testid=gate-req-reason]"),
        "Year-end close",
    )
    .await?;
    wait_text(
        client,
        "[data-testid=freeze-list] li",
        "Development to test: No promotions from 2026-12-20 to 2027-01-03 (Year-end close)",
    )
    .await?;
    let saved = saved_requirements(client, "gate-dev-test").await?;
    let expected = json!({ "type": "freeze_window", "start": "2026-12-20", "end": "2027-01-03", "reason": "Year-end close" });
    ensure(saved.get(3) == Some(&expected), || {
        format!("the backend's gate holds {saved}, expected the freeze window {expected} fourth")
    })?;

    // A rule named in a simulation's walk jumps to its requirement here: Eva Novák's own
    // change to production is blocked at IT sign-off, the first requirement of the gate.
    go(client, "simulate").await?;
    set_field(client, "[data-testid=sim-requester]", "eva-novak").await?;
    set_field(client, "[data-testid=sim-asset]", "expense-claims").await?;
    set_field(client, "[data-testid=sim-target]", "production").await?;
    click(client, "[data-testid=sim-run]").await?;
    let blocked = "[data-testid=sim-walk] li.blocked.depth-1 button";
    eventually(Duration::from_secs(20), || async {
        let text = text_of(client, blocked).await?;
        ensure(text.contains("IT sign-off"), || {
            format!("the first blocked line reads {text:?}")
        })
    })
    .await?;
    click(client, blocked).await?;
    appear(
        client,
        "[data-testid=page-gates]",
        Duration::from_secs(10),
        "the rule's jump did not go to the Gates page",
    )
    .await?;
    eventually(Duration::from_secs(10), || async {
        let focused = client
            .execute(
                "const a = document.activeElement; \
                 return [a?.closest('[data-entity]')?.dataset.entity ?? null, a?.dataset.requirement ?? null];",
                vec![],
            )
            .await
            .map_err(|e| e.to_string())?;
        ensure(focused == json!(["gate:gate-test-prod", "0"]), || {
            format!("after the rule's jump the focus is on {focused}, not IT sign-off")
        })
    })
    .await
}

desktop_test!(
    a_requirement_added_on_the_gates_page_is_saved_and_self_approval_is_linted,
    "gates",
    check_gates
);
