//! The Export page on the demo model: make the signing key, choose the package's folder,
//! export, see every check pass on the page, then check the package with the CLI's
//! `gatehouse verify` (as an auditor would) and find the export in the audit log.

use std::path::Path;

use super::matrix::save_screenshot;
use super::pages::{go, type_into, wait_count};
use super::*;

/// Replaces the text of the field `css` with `text` (selected, then typed over).
async fn replace_text(client: &Client, css: &str, text: &str) -> Check {
    client
        .execute(
            &format!("const f = document.querySelector('{css}'); f.focus(); f.select();"),
            vec![],
        )
        .await
        .map_err(|e| format!("selecting {css}: {e}"))?;
    type_into(client, css, text).await
}

/// Waits for the unlocked key to show, signed by `name`.
async fn signer_shown(client: &Client, name: &str) -> Check {
    appear(
        client,
        "[data-testid=export-signer]",
        Duration::from_secs(30),
        "the signing key is not shown",
    )
    .await?;
    let signer = text_of(client, "[data-testid=export-signer]").await?;
    ensure(signer.contains(name), || {
        format!("the signer reads {signer:?}")
    })
}

/// The auditor's check, apart from the page: `gatehouse verify` on `package` passes; its
/// report of the checks.
fn verified(package: &Path) -> Result<String, String> {
    let out = Command::new(cli_binary())
        .arg("verify")
        .arg(package)
        .output()
        .map_err(|e| format!("running gatehouse verify: {e}"))?;
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    ensure(out.status.success(), || {
        format!(
            "gatehouse verify fails on {}: {report}{}",
            package.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    Ok(report)
}

async fn check_export(client: &Client, dest: &Path) -> Check {
    model_shown(client).await?;
    go(client, "export").await?;

    // The sections the model can fill are offered; those not built say why and are off.
    appear(
        client,
        "[data-testid=export-sections]",
        Duration::from_secs(15),
        "no section list",
    )
    .await?;
    wait_count(
        client,
        "[data-testid=export-section][data-key=roles]:checked",
        1,
    )
    .await?;
    // Every section is built: none is offered greyed out.
    wait_count(client, "[data-testid=export-section]:disabled", 0).await?;
    let suggested = client
        .find(Locator::Css("[data-testid=export-dest]"))
        .await
        .map_err(|e| e.to_string())?
        .prop("value")
        .await
        .map_err(|e| e.to_string())?
        .unwrap_or_default();
    ensure(suggested.ends_with("audit 2026-12-02"), || {
        format!("the suggested folder {suggested:?} does not end with the model's name and today's date")
    })?;

    // No key yet: exporting is not possible until one is made.
    let run = appear(
        client,
        "[data-testid=export-run]",
        Duration::from_secs(5),
        "no Export button",
    )
    .await?;
    ensure(
        run.attr("disabled")
            .await
            .map_err(|e| e.to_string())?
            .is_some(),
        || "Export is enabled before there is a signing key".to_string(),
    )?;
    type_into(
        client,
        "[data-testid=export-key-name]",
        "Ana Silva, Compliance",
    )
    .await?;
    type_into(client, "[data-testid=export-key-org]", "Acme Ltd").await?;
    type_into(client, "[data-testid=export-key-passphrase]", PASSPHRASE).await?;
    type_into(client, "[data-testid=export-key-confirm]", "not the same").await?;
    click(client, "[data-testid=export-key-create]").await?;
    wait_text(
        client,
        "[data-testid=export-key-error]",
        "The two passphrases are not the same.",
    )
    .await?;
    replace_text(client, "[data-testid=export-key-confirm]", PASSPHRASE).await?;
    click(client, "[data-testid=export-key-create]").await?;
    signer_shown(client, "Ana Silva, Compliance").await?;

    replace_text(
        client,
        "[data-testid=export-dest]",
        &dest.display().to_string(),
    )
    .await?;
    click(client, "[data-testid=export-run]").await?;
    // A debug build subsets the fonts and signs in a few seconds; a loaded machine is slower.
    appear(
        client,
        "[data-testid=export-result][data-passed=true]",
        Duration::from_secs(120),
        "the export did not finish with every check passing",
    )
    .await?;
    let verdict = text_of(client, "[data-testid=export-verdict]").await?;
    let checks = count(client, "[data-testid=export-check]").await?;
    ensure(
        checks > 5 && verdict == format!("{checks} of {checks} checks pass"),
        || format!("the verdict reads {verdict:?} for {checks} checks"),
    )?;
    wait_count(client, "[data-testid=export-check][data-ok=false]", 0).await?;
    let path = text_of(client, "[data-testid=export-path]").await?;
    ensure(path == dest.display().to_string(), || {
        format!("the page names {path:?}, not {}", dest.display())
    })?;
    save_screenshot(client, "page-export").await;

    // The auditor's check, independent of the page: the CLI verifies the folder.
    let checks = verified(dest)?;
    for file in ["binder.pdf", "binder.xlsx", "model.json"] {
        ensure(checks.contains(file), || {
            format!("gatehouse verify does not mention {file}")
        })?;
    }

    // The export is in the model's audit log.
    go(client, "audit").await?;
    wait_count(
        client,
        "[data-testid=audit-event][data-action=\"package.export\"]",
        1,
    )
    .await?;
    let event = text_of(
        client,
        "[data-testid=audit-event][data-action=\"package.export\"]",
    )
    .await?;
    ensure(event.contains("Demo audit package"), || {
        format!("the export's event reads {event:?}")
    })?;

    // A second export to the same folder is refused, and nothing is overwritten.
    go(client, "export").await?;
    replace_text(
        client,
        "[data-testid=export-dest]",
        &dest.display().to_string(),
    )
    .await?;
    click(client, "[data-testid=export-run]").await?;
    eventually(Duration::from_secs(60), || async {
        let problem = text_of(client, "[data-testid=export-problem]").await?;
        ensure(problem.contains("already exists"), || {
            format!("the page says {problem:?}")
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_export_page_writes_a_package_that_verifies() {
    let app = App::start().await;
    let dest = app.home.path().join("Demo audit package");
    app.run("export", async |client| check_export(client, &dest).await)
        .await;
}

/// Makes the organisation's PKCS#12 file (ECDSA P-256, self-signed) with the real openssl.
fn organisation_p12(dir: &Path) -> Result<std::path::PathBuf, String> {
    let run = |args: &[&str]| -> Check {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .map_err(|e| format!("running openssl (install-deps installs it): {e}"))?;
        ensure(out.status.success(), || {
            format!("openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr))
        })
    };
    run(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "org-key.pem",
        "-out",
        "org-cert.pem",
        "-days",
        "365",
        "-subj",
        "/CN=Acme Compliance Office/O=Acme Ltd",
    ])?;
    run(&[
        "pkcs12",
        "-export",
        "-inkey",
        "org-key.pem",
        "-in",
        "org-cert.pem",
        "-out",
        "org.p12",
        "-passout",
        "pass:p12 secret",
    ])?;
    Ok(dir.join("org.p12"))
}

async fn check_import(client: &Client, p12: &Path, dest: &Path) -> Check {
    model_shown(client).await?;
    go(client, "export").await?;
    click(client, "[data-testid=export-key-mode-import]").await?;
    type_into(
        client,
        "[data-testid=export-p12-path]",
        &p12.display().to_string(),
    )
    .await?;
    type_into(client, "[data-testid=export-p12-passphrase]", "wrong").await?;
    type_into(client, "[data-testid=export-key-passphrase]", PASSPHRASE).await?;
    type_into(client, "[data-testid=export-key-confirm]", PASSPHRASE).await?;
    click(client, "[data-testid=export-key-import]").await?;
    // A wrong passphrase is said, and nothing is kept: the form stays.
    eventually(Duration::from_secs(30), || async {
        let problem = text_of(client, "[data-testid=export-key-error]").await?;
        ensure(problem.contains("passphrase"), || {
            format!("the import says {problem:?}")
        })
    })
    .await?;
    wait_count(client, "[data-testid=export-signer]", 0).await?;
    replace_text(client, "[data-testid=export-p12-passphrase]", "p12 secret").await?;
    click(client, "[data-testid=export-key-import]").await?;
    signer_shown(client, "Acme Compliance Office").await?;

    replace_text(
        client,
        "[data-testid=export-dest]",
        &dest.display().to_string(),
    )
    .await?;
    click(client, "[data-testid=export-zip]").await?;
    click(client, "[data-testid=export-run]").await?;
    appear(
        client,
        "[data-testid=export-result][data-passed=true]",
        Duration::from_secs(120),
        "the export with the imported key did not pass every check",
    )
    .await?;
    let zip = format!("{}.zip", dest.display());
    let path = text_of(client, "[data-testid=export-path]").await?;
    ensure(path == zip, || {
        format!("the page names {path:?}, not {zip}")
    })?;
    ensure(
        verified(Path::new(&zip))?.contains("Acme Compliance Office"),
        || "the PDF signature check does not name the organisation's signer".to_string(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_export_page_imports_the_organisations_key_and_signs_with_it() {
    let app = App::start().await;
    let p12 = organisation_p12(app.home.path()).expect("the organisation's PKCS#12 file");
    let dest = app.home.path().join("Signed by Acme");
    app.run("export-import", async |client| {
        check_import(client, &p12, &dest).await
    })
    .await;
}
