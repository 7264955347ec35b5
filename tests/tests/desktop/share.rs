//! Sharing from the desktop: the app opens a real vault (made with the `gatehouse` CLI),
//! Ctrl+Shift+E opens the Share dialog, which shows your own key; an invalid pasted key
//! says what is wrong with it, a colleague's key is added with a label, removing your own
//! key asks and warns first, the model is saved, and the CLI then opens the file with the
//! colleague's identity, which it could not before.

use fantoccini::key::Key;

use super::matrix::{ctrl, press, save_screenshot};
use super::*;

/// Runs the CLI as the person whose identity file is `identity` (via GATEHOUSE_IDENTITY).
fn cli_as(identity: &Path, args: &[&str]) -> std::process::Output {
    Command::new(cli_binary())
        .args(args)
        .env("GATEHOUSE_IDENTITY", identity)
        .env("GATEHOUSE_PASSPHRASE", PASSPHRASE)
        .output()
        .expect("run the gatehouse CLI")
}

fn cli_ok(identity: &Path, args: &[&str]) -> String {
    let out = cli_as(identity, args);
    assert!(
        out.status.success(),
        "gatehouse {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

async fn find(client: &Client, css: &str) -> Result<fantoccini::elements::Element, String> {
    client
        .find(Locator::Css(css))
        .await
        .map_err(|e| format!("no element `{css}`: {e}"))
}

async fn click(client: &Client, css: &str) -> Check {
    find(client, css)
        .await?
        .click()
        .await
        .map_err(|e| format!("clicking `{css}`: {e}"))
}

async fn type_into(client: &Client, css: &str, text: &str) -> Check {
    let field = find(client, css).await?;
    field
        .clear()
        .await
        .map_err(|e| format!("clearing `{css}`: {e}"))?;
    field
        .send_keys(text)
        .await
        .map_err(|e| format!("typing into `{css}`: {e}"))
}

/// Ctrl+Shift+E to the focused element, as a person would press it.
async fn press_share_shortcut(client: &Client) -> Check {
    let keys = format!(
        "{}{}e{}",
        char::from(Key::Control),
        char::from(Key::Shift),
        char::from(Key::Null)
    );
    press(client, &keys).await
}

async fn share_from_the_dialog(client: &Client, your_key: &str, client_key: &str) -> Check {
    unlock_and_open(client).await?;
    press_share_shortcut(client).await?;
    appear(
        client,
        "[data-testid=share-dialog] [data-testid=share-recipient]",
        Duration::from_secs(10),
        "Ctrl+Shift+E did not open the Share dialog with the file's recipients",
    )
    .await?;

    // Your own key: the one recipient, marked, and in the field to copy.
    let names = texts_of(client, "[data-testid=share-recipient-name]").await?;
    ensure(names == ["Your key"], || {
        format!("the file's recipients show as {names:?}, expected only yours")
    })?;
    let marked = texts_of(client, "[data-testid=share-you]").await?;
    ensure(marked == ["you"], || {
        format!("your key is marked {marked:?}")
    })?;
    let shown = find(client, "[data-testid=share-your-key]")
        .await?
        .prop("value")
        .await
        .map_err(|e| format!("reading your key's field: {e}"))?
        .unwrap_or_default();
    ensure(shown == your_key, || {
        format!("the dialog shows your key as {shown:?}, the CLI made {your_key:?}")
    })?;
    // What the webview offers for the Copy button (WebKitGTK may withhold the async
    // clipboard API); either way the button says what it did.
    let has_api = client
        .execute(
            "return !!(navigator.clipboard && navigator.clipboard.writeText);",
            vec![],
        )
        .await
        .map_err(|e| format!("probing navigator.clipboard: {e}"))?;
    click(client, "[data-testid=share-copy-key]").await?;
    eventually(Duration::from_secs(5), || async {
        let text = text_of(client, "[data-testid=share-copy-outcome]").await?;
        ensure(!text.is_empty(), || "the Copy button said nothing".into())
    })
    .await?;
    let said = text_of(client, "[data-testid=share-copy-outcome]").await?;
    // Pasted with Ctrl+V into a field (reading it from a script is not allowed): the system
    // clipboard holds the key.
    let paste = format!("{}v{}", char::from(Key::Control), char::from(Key::Null));
    let field = find(client, "[data-testid=share-copy-key-input]").await?;
    field
        .send_keys(&paste)
        .await
        .map_err(|e| format!("pasting with Ctrl+V: {e}"))?;
    let pasted = field
        .prop("value")
        .await
        .map_err(|e| format!("reading the pasted text: {e}"))?
        .unwrap_or_default();
    eprintln!(
        "navigator.clipboard.writeText available: {has_api}; Copy said {said:?}; Ctrl+V pasted {pasted:?}"
    );
    ensure(pasted == your_key, || {
        format!("Copy said {said:?}, but Ctrl+V pastes {pasted:?} instead of your key")
    })?;
    field.clear().await.map_err(|e| format!("clearing: {e}"))?;

    // An invalid key says what is wrong with it, next to the field.
    type_into(client, "[data-testid=share-key]", "age1tooshort").await?;
    click(client, "[data-testid=share-add]").await?;
    eventually(Duration::from_secs(10), || async {
        let message = text_of(client, "[data-testid=share-add-error]").await?;
        ensure(
            message.contains("is not an age X25519 recipient")
                && message.contains("it should start with age1 and be 62 characters"),
            || format!("the invalid key's message reads {message:?}"),
        )
    })
    .await?;

    // The colleague's key, with a label.
    type_into(client, "[data-testid=share-key]", client_key).await?;
    type_into(client, "[data-testid=share-label]", "Client CO").await?;
    click(client, "[data-testid=share-add]").await?;
    eventually(Duration::from_secs(10), || async {
        let names = texts_of(client, "[data-testid=share-recipient-name]").await?;
        ensure(names == ["Your key", "Client CO"], || {
            format!("after adding, the recipients show as {names:?}")
        })?;
        let notice = text_of(client, "[data-testid=share-notice]").await?;
        ensure(notice.starts_with("Client CO can open this file."), || {
            format!("the notice reads {notice:?}")
        })
    })
    .await?;
    let errors = count(client, "[data-testid=share-add-error]").await?;
    ensure(errors == 0, || {
        "the earlier error is still shown after a valid key".into()
    })?;

    // Removing your own key asks first, and warns; keeping it changes nothing.
    click(
        client,
        "[data-testid=share-recipient]:first-child [data-testid=share-remove]",
    )
    .await?;
    let warning = appear(
        client,
        "[data-testid=share-remove-warning]",
        Duration::from_secs(5),
        "removing your own key asked nothing",
    )
    .await?
    .text()
    .await
    .map_err(|e| e.to_string())?;
    ensure(
        warning.contains("you will no longer be able to open it"),
        || format!("the warning reads {warning:?}"),
    )?;
    save_screenshot(client, "share-dialog").await;
    click(client, "[data-testid=share-remove-keep]").await?;
    eventually(Duration::from_secs(5), || async {
        let names = texts_of(client, "[data-testid=share-recipient-name]").await?;
        let asking = count(client, "[data-testid=share-remove-warning]").await?;
        ensure(names.len() == 2 && asking == 0, || {
            format!(
                "after Keep the recipients are {names:?}, still asking: {}",
                asking != 0
            )
        })
    })
    .await?;

    // Closed with Escape; then saved with Ctrl+S (autosave may have saved already).
    press(client, &char::from(Key::Escape).to_string()).await?;
    eventually(Duration::from_secs(5), || async {
        let open = count(client, "[data-testid=share-dialog]").await?;
        ensure(open == 0, || "Escape did not close the Share dialog".into())
    })
    .await?;
    press(client, &ctrl('s')).await?;
    title_is(client, "Gatehouse — model.gatehouse").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recipient_added_in_the_share_dialog_opens_the_saved_file_from_the_cli() {
    let home = tempfile::tempdir().expect("a temporary directory");
    let yours = home.path().join("identity.age");
    let theirs = home.path().join("client.age");
    let vault = home.path().join("model.gatehouse");
    let vault_arg = vault.to_str().expect("a UTF-8 path");
    let your_key = cli_ok(&yours, &["keygen"]);
    let client_key = cli_ok(&theirs, &["keygen"]);
    cli_ok(&yours, &["init", vault_arg]);
    let before = cli_as(&theirs, &["show", vault_arg]);
    assert!(
        !before.status.success(),
        "the colleague opens the file before being added: {}",
        String::from_utf8_lossy(&before.stdout)
    );

    let app = App::launch(home, &[&vault]).await;
    let outcome = share_from_the_dialog(&app.client, &your_key, &client_key).await;
    if outcome.is_err() {
        app.finish(outcome, "share").await;
        return;
    }
    let home = app.close().await;

    let shown = cli_ok(&theirs, &["show", vault_arg]);
    assert!(
        shown.contains("Generic no-code governance") && shown.contains(&client_key),
        "the colleague's `gatehouse show` should list the model with their key among the recipients: {shown}"
    );
    let recipients = cli_ok(&yours, &["recipients", "list", vault_arg, "--json"]);
    assert!(
        recipients.contains("Client CO"),
        "the label is stored in the vault: {recipients}"
    );
    drop(home);
}
