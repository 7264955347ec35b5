//! Who can open a vault: recipients with labels, and hand-over copies for other people.

use std::collections::BTreeMap;
use std::process::Command;

use gatehouse_vault::{Identity, Vault};

use crate::{draft, run_ok, template, Setup};

fn labels(pairs: &[(&Identity, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(i, l)| (i.recipient().to_string(), l.to_string()))
        .collect()
}

#[test]
fn labels_are_kept_with_the_vault_and_go_with_a_removed_recipient() {
    let s = Setup::new();
    let client = Identity::generate();
    let path = s.saved_template("v.gatehouse");
    let mut vault = Vault::open(&path, &s.identity).unwrap();
    assert!(
        vault.recipient_labels().unwrap().is_empty(),
        "a vault made before labels has none"
    );
    let both = [s.identity.recipient(), client.recipient()];
    vault
        .set_recipients_labelled(
            &both,
            &labels(&[(&client, "  Ana Silva, client CO  "), (&s.identity, "")]),
            draft("vault.recipients", 1),
        )
        .unwrap();
    vault.save(&path).unwrap();

    let mut reopened = Vault::open(&path, &client).unwrap();
    assert_eq!(
        reopened.recipient_labels().unwrap(),
        labels(&[(&client, "Ana Silva, client CO")]),
        "labels are trimmed and an empty one is no label"
    );
    // Setting the recipients again keeps the labels of those who stay...
    reopened
        .set_recipients(&both, draft("vault.recipients", 2))
        .unwrap();
    assert_eq!(reopened.recipient_labels().unwrap().len(), 1);
    // ...and removing one removes its label.
    reopened
        .set_recipients(&[s.identity.recipient()], draft("vault.recipients", 3))
        .unwrap();
    assert!(reopened.recipient_labels().unwrap().is_empty());
    reopened.verify_chain().unwrap();
}

#[test]
fn a_hand_over_copy_opens_only_for_its_recipients_and_leaves_the_vault_alone() {
    let s = Setup::new();
    let client = Identity::generate();
    let path = s.saved_template("v.gatehouse");
    let original = fs_err::read(&path).unwrap();
    let mut vault = Vault::open(&path, &s.identity).unwrap();

    let copy = s.path("for-client.gatehouse");
    vault.save_copy(&copy, &[client.recipient()]).unwrap();

    assert_eq!(
        Vault::open(&copy, &client).unwrap().model().unwrap(),
        template()
    );
    let err = Vault::open(&copy, &s.identity).err().map(|e| e.code());
    assert_eq!(
        err,
        Some("wrong_key"),
        "the owner was not chosen for the copy"
    );
    assert_eq!(
        fs_err::read(&path).unwrap(),
        original,
        "the open vault's file is untouched"
    );
    assert_eq!(vault.recipients().unwrap(), vec![s.identity.recipient()]);

    // Debian's age opens the copy with the client's identity.
    let client_key = s.path("client.txt");
    client.write(&client_key, None).unwrap();
    run_ok(
        Command::new("age")
            .args(["-d", "-i"])
            .arg(&client_key)
            .arg("-o")
            .arg(s.path("copy.db"))
            .arg(&copy),
    );
}

#[test]
fn a_copy_for_nobody_is_refused_and_writes_nothing() {
    let s = Setup::new();
    let path = s.saved_template("v.gatehouse");
    let mut vault = Vault::open(&path, &s.identity).unwrap();
    let copy = s.path("nobody.gatehouse");
    let err = vault.save_copy(&copy, &[]).unwrap_err();
    assert_eq!(err.code(), "no_recipients");
    assert!(!copy.exists());
}

#[test]
fn an_invalid_key_says_what_is_wrong_with_it() {
    let valid = Identity::generate().recipient().to_string();
    let mut mistyped = valid.clone();
    let last = if mistyped.ends_with('q') { "p" } else { "q" };
    mistyped.replace_range(mistyped.len() - 1.., last);
    let cases = [
        (
            "",
            "it is empty; it should start with age1 and be 62 characters",
        ),
        ("hello", "it should start with age1 and be 62 characters"),
        ("ssh-ed25519 AAAAC3Nza", "SSH keys are not supported"),
        ("AGE-SECRET-KEY-1QQQQ", "this is a secret key"),
        (
            &valid[..40],
            "it has 40 characters; it should start with age1",
        ),
        (&mistyped, "its checksum does not match"),
    ];
    for (text, reason) in cases {
        let err = gatehouse_vault::Recipient::parse(text).unwrap_err();
        assert_eq!(err.code(), "invalid_recipient");
        let message = err.to_string();
        assert!(
            message.contains("is not an age X25519 recipient") && message.contains(reason),
            "{text:?} should be refused because {reason:?}, got: {message}"
        );
    }
    assert!(gatehouse_vault::Recipient::parse(&format!("  {valid}\n")).is_ok());
}

#[test]
fn a_key_file_gives_its_public_key_and_an_identity_file_only_its_public_half() {
    let s = Setup::new();
    let client = Identity::generate();
    let public = s.path("client.pub");
    fs_err::write(&public, format!("# Ana's key\n\n{}\n", client.recipient())).unwrap();
    assert_eq!(
        gatehouse_vault::Recipient::from_key_file(&public).unwrap(),
        client.recipient()
    );
    // An unprotected identity file (as `age-keygen` writes it) gives its public key.
    let plain = s.path("client-identity.txt");
    client.write(&plain, None).unwrap();
    assert_eq!(
        gatehouse_vault::Recipient::from_key_file(&plain).unwrap(),
        client.recipient()
    );
    // A protected identity cannot give its key without the passphrase: said so.
    let protected = s.path("protected.age");
    let passphrase = age::secrecy::SecretString::from("correct horse".to_string());
    client.write(&protected, Some(&passphrase)).unwrap();
    let err = gatehouse_vault::Recipient::from_key_file(&protected).unwrap_err();
    assert!(err.to_string().contains("passphrase-protected"), "{err}");
    let junk = s.path("notes.txt");
    fs_err::write(&junk, "nothing to see\n").unwrap();
    let err = gatehouse_vault::Recipient::from_key_file(&junk).unwrap_err();
    assert!(
        err.to_string()
            .contains("no line of the file starts with age1"),
        "{err}"
    );
    let missing = gatehouse_vault::Recipient::from_key_file(&s.path("absent.pub")).unwrap_err();
    assert!(missing.to_string().contains("absent.pub"), "{missing}");
}
