//! Handing a model over: labelled recipients, keys from files, and copies for a client.

use std::process::Command;

use crate::{public_key, Cli};

/// A consultant with a vault and a client with a key of their own: (consultant, client,
/// the consultant's public key, the client's public key).
fn handover() -> (Cli, Cli, String, String) {
    let cli = Cli::new();
    cli.ok(&["init", "m.gatehouse"]);
    let client = Cli::new();
    let own = public_key(&cli.path("identity.age"));
    let client_key = public_key(&client.path("identity.age"));
    (cli, client, own, client_key)
}

#[test]
fn a_recipient_gets_a_label_and_the_list_marks_your_own_key() {
    let (cli, client, own, client_key) = handover();

    let list = cli.ok(&[
        "recipients",
        "add",
        "m.gatehouse",
        &client_key,
        "--label",
        "Ana Silva, client CO",
    ]);
    assert!(list.contains(&format!("{own}  # you")), "{list}");
    assert!(
        list.contains(&format!("{client_key}  # Ana Silva, client CO")),
        "{list}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&cli.ok(&["recipients", "list", "m.gatehouse", "--json"])).unwrap();
    assert_eq!(json["your_key"], own.as_str());
    let entries = json["recipients"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    let ana = entries
        .iter()
        .find(|e| e["key"] == client_key.as_str())
        .unwrap();
    assert_eq!(ana["label"], "Ana Silva, client CO");
    assert_eq!(ana["you"], false);
    // The label is kept in the vault: the client sees it too.
    fs_err::copy(cli.path("m.gatehouse"), client.path("m.gatehouse")).unwrap();
    let theirs = client.ok(&["recipients", "list", "m.gatehouse"]);
    assert!(
        theirs.contains(&format!("{client_key}  # Ana Silva, client CO (you)")),
        "{theirs}"
    );
}

#[test]
fn a_key_can_come_from_a_file_and_a_bad_one_says_why() {
    let (cli, _, _, client_key) = handover();
    fs_err::write(cli.path("ana.pub"), format!("{client_key}\n")).unwrap();
    let list = cli.ok(&["recipients", "add", "m.gatehouse", "--key-file", "ana.pub"]);
    assert!(list.contains(&client_key), "{list}");

    let before = fs_err::read(cli.path("m.gatehouse")).unwrap();
    let err = cli.fails(&["recipients", "add", "m.gatehouse", &client_key[..30]]);
    assert!(
        err.contains("it has 30 characters; it should start with age1 and be 62 characters")
            && err.contains("[invalid_recipient]"),
        "{err}"
    );
    let secret = "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ";
    let err = cli.fails(&["recipients", "add", "m.gatehouse", secret]);
    assert!(err.contains("this is a secret key"), "{err}");
    assert_eq!(
        fs_err::read(cli.path("m.gatehouse")).unwrap(),
        before,
        "a refused key changes nothing"
    );
}

#[test]
fn a_hand_over_copy_opens_only_for_the_chosen_key_and_is_recorded() {
    let (cli, client, own, client_key) = handover();

    let said = cli.ok(&[
        "copy",
        "m.gatehouse",
        "for-ana.gatehouse",
        "--to",
        &client_key,
    ]);
    assert!(said.contains("for-ana.gatehouse"), "{said}");

    // The client opens the copy, with Gatehouse and with Debian's age.
    fs_err::copy(cli.path("for-ana.gatehouse"), client.path("m.gatehouse")).unwrap();
    assert_eq!(client.show("m.gatehouse")["counts"]["roles"], 8);
    let out = Command::new("age")
        .args(["-d", "-i"])
        .arg(client.path("identity.age"))
        .arg("-o")
        .arg(client.path("copy.db"))
        .arg(cli.path("for-ana.gatehouse"))
        .output()
        .expect("age runs (apt-get install age)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The owner was not chosen for the copy.
    let err = cli.fails(&["show", "for-ana.gatehouse"]);
    assert!(err.contains("[wrong_key]"), "{err}");
    // The vault keeps its recipients, and its log says a copy went out, to whom.
    let list = cli.ok(&["recipients", "list", "m.gatehouse"]);
    assert_eq!(list.trim(), format!("{own}  # you"));
    let log = cli.ok(&["log", "m.gatehouse", "--json"]);
    assert!(
        log.contains("vault.copy")
            && log.contains("for-ana.gatehouse")
            && log.contains(&client_key),
        "{log}"
    );

    let err = cli.fails(&["copy", "m.gatehouse", "m.gatehouse", "--to", &client_key]);
    assert!(err.contains("[copy_over_self]"), "{err}");
}
