//! A matrix change survives saving and reopening: the app opens a real vault named on its
//! command line (made with the `gatehouse` CLI) after the passphrase is typed into its
//! dialog, a cell is toggled, Ctrl+S saves to that file (no native dialog involved), and
//! both the CLI and a second start of the app see the change.

use super::matrix::{allow_deploy_prod, ctrl, open_matrix, press, wait_cell};
use super::*;

const DEPLOY_PROD: &str = "citizen-developer|deploy-production|*";

fn cli(home: &Path, args: &[&str]) -> String {
    let out = Command::new(cli_binary())
        .arg("--identity")
        .arg(home.join("identity.age"))
        .args(args)
        .env("GATEHOUSE_PASSPHRASE", PASSPHRASE)
        .output()
        .expect("run the gatehouse CLI");
    assert!(
        out.status.success(),
        "gatehouse {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn change_and_save(client: &Client) -> Check {
    unlock_and_open(client).await?;
    open_matrix(client).await?;
    wait_cell(client, DEPLOY_PROD, "deny").await?;
    allow_deploy_prod(client).await?;
    title_is(client, "Gatehouse — model.gatehouse •").await?;
    press(client, &ctrl('s')).await?;
    title_is(client, "Gatehouse — model.gatehouse").await
}

async fn reopen_and_check(client: &Client) -> Check {
    unlock_and_open(client).await?;
    open_matrix(client).await?;
    wait_cell(client, DEPLOY_PROD, "allow").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_matrix_change_survives_save_and_reopen() {
    let home = tempfile::tempdir().expect("a temporary directory");
    let vault = home.path().join("model.gatehouse");
    cli(home.path(), &["keygen"]);
    cli(
        home.path(),
        &["init", vault.to_str().expect("a UTF-8 path")],
    );
    let before = cli(home.path(), &["check", vault.to_str().unwrap(), "--json"]);
    assert!(
        !before.contains("sod-develop-deploy-prod"),
        "the new vault already has a conflict of the rule: {before}"
    );

    let app = App::launch(home, &[&vault]).await;
    let outcome = change_and_save(&app.client).await;
    if outcome.is_err() {
        app.finish(outcome, "persist-save").await;
        return;
    }
    let home = app.close().await;

    // The file itself now holds the grant: the CLI finds the conflict in it.
    let after = cli(home.path(), &["check", vault.to_str().unwrap(), "--json"]);
    let report: serde_json::Value = serde_json::from_str(&after).expect("check --json prints JSON");
    let conflicts: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .expect("a findings array")
        .iter()
        .filter(|f| {
            f["code"] == "sod_conflict"
                && f["entities"]
                    .as_array()
                    .is_some_and(|e| e.iter().any(|r| r["key"] == "sod-develop-deploy-prod"))
        })
        .collect();
    assert_eq!(
        conflicts.len(),
        2,
        "the saved vault should give Ana Lima and Hugo Silva a conflict of the rule: {after}"
    );

    // And the app, started again on the file, shows the cell as saved.
    App::launch(home, &[&vault])
        .await
        .run("persist-reopen", reopen_and_check)
        .await;
}
