//! Every way a user can hand us a bad file gets its own error, and the file is untouched.

use std::path::Path;

use age::secrecy::SecretString;
use gatehouse_vault::{Identity, Vault, VaultError};

use crate::{sha256_file, Setup};

/// Opens `path` expecting an error; checks the file is byte-for-byte unchanged.
fn open_err(path: &Path, identity: &Identity) -> VaultError {
    let before = sha256_file(path);
    let err = match Vault::open(path, identity) {
        Ok(_) => panic!("{} opened, but should have failed", path.display()),
        Err(e) => e,
    };
    assert_eq!(
        sha256_file(path),
        before,
        "opening must not change the file"
    );
    err
}

fn write_variant(s: &Setup, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = s.path(name);
    fs_err::write(&path, bytes).unwrap();
    path
}

#[test]
fn wrong_passphrase_for_the_identity_file() {
    let s = Setup::new();
    let path = s.path("protected.age");
    Identity::generate()
        .write(
            &path,
            Some(&SecretString::from("right passphrase".to_string())),
        )
        .unwrap();
    let before = sha256_file(&path);
    let err = Identity::read(&path, || {
        Some(SecretString::from("wrong passphrase".to_string()))
    })
    .err()
    .unwrap();
    assert_eq!(err.code(), "wrong_passphrase");
    assert!(err.to_string().contains("wrong passphrase"), "{err}");
    let err = Identity::read(&path, || None).err().unwrap();
    assert_eq!(err.code(), "passphrase_required");
    assert_eq!(sha256_file(&path), before);
    // And the right one works.
    Identity::read(&path, || {
        Some(SecretString::from("right passphrase".to_string()))
    })
    .unwrap();
}

#[test]
fn wrong_identity() {
    let s = Setup::new();
    let path = s.saved_template("v.gatehouse");
    let err = open_err(&path, &Identity::generate());
    assert_eq!(err.code(), "wrong_key");
    assert!(
        err.to_string()
            .contains("none of your keys opens this vault"),
        "{err}"
    );
}

#[test]
fn truncated_files_at_any_length() {
    let s = Setup::new();
    let path = s.saved_template("v.gatehouse");
    let bytes = fs_err::read(&path).unwrap();
    let n = bytes.len();
    for cut in [n - 1, n - 17, n / 2, 65536 + 200, 65536 * 2, 1000, 150, 40] {
        let variant = write_variant(&s, &format!("cut-{cut}.gatehouse"), &bytes[..cut]);
        let err = open_err(&variant, &s.identity);
        assert_eq!(err.code(), "truncated", "cut at {cut} of {n}: {err}");
        assert!(err.to_string().contains("cut short"), "{err}");
        assert!(
            err.to_string()
                .contains("no previous save is kept beside it"),
            "no backup is named where there is none: {err}"
        );
    }
    // With the previous generation beside it, the message names it.
    let variant = write_variant(&s, "cut.gatehouse", &bytes[..n / 2]);
    let backup = gatehouse_vault::backup_path(&variant);
    fs_err::write(&backup, &bytes).unwrap();
    let err = open_err(&variant, &s.identity);
    assert!(
        err.to_string().contains(&format!(
            "the previous save is kept as {}",
            backup.display()
        )),
        "the message points at the backup: {err}"
    );
}

#[test]
fn one_flipped_byte_anywhere_in_the_payload_or_header_mac() {
    let s = Setup::new();
    let path = s.saved_template("v.gatehouse");
    let bytes = fs_err::read(&path).unwrap();
    let mac_line = bytes.windows(4).position(|w| w == b"\n---").unwrap() + 6;
    for at in [mac_line, bytes.len() / 3, bytes.len() / 2, bytes.len() - 1] {
        let mut flipped = bytes.clone();
        flipped[at] ^= 0x01;
        let variant = write_variant(&s, &format!("flip-{at}.gatehouse"), &flipped);
        let err = open_err(&variant, &s.identity);
        assert_eq!(err.code(), "tampered", "byte {at}: {err}");
        assert!(err.to_string().contains("altered or damaged"), "{err}");
    }
}

#[test]
fn files_that_are_not_vaults() {
    let s = Setup::new();
    let text = write_variant(&s, "notes.txt", b"Role,Capability\nDeveloper,Deploy\n");
    let err = open_err(&text, &s.identity);
    assert_eq!(err.code(), "not_a_vault");
    assert!(
        err.to_string().contains("not an age-encrypted file"),
        "{err}"
    );

    let empty = write_variant(&s, "empty.gatehouse", b"");
    assert_eq!(open_err(&empty, &s.identity).code(), "not_a_vault");

    // An age file for us that holds something other than a database.
    let age_text = s.path("text.age");
    gatehouse_vault::save_encrypted(&age_text, b"just some text", &[s.identity.recipient()])
        .unwrap();
    let err = open_err(&age_text, &s.identity);
    assert_eq!(err.code(), "not_a_vault");
    assert!(
        err.to_string().contains("not a Gatehouse database"),
        "{err}"
    );

    // An age file holding a SQLite database that Gatehouse did not make.
    let mut conn = rusqlite::Connection::open_in_memory().unwrap();
    conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let image = conn.serialize(rusqlite::MAIN_DB).unwrap().to_vec();
    let foreign = s.path("foreign.age");
    gatehouse_vault::save_encrypted(&foreign, &image, &[s.identity.recipient()]).unwrap();
    let err = open_err(&foreign, &s.identity);
    assert_eq!(err.code(), "not_a_vault");
    assert!(err.to_string().contains("not one Gatehouse made"), "{err}");
}

#[test]
fn a_vault_of_a_newer_schema_is_refused() {
    let s = Setup::new();
    let mut vault = s.template_vault();
    vault
        .connection()
        .execute_batch("PRAGMA user_version = 99;")
        .unwrap();
    let path = s.path("future.gatehouse");
    vault.save(&path).unwrap();
    let err = open_err(&path, &s.identity);
    assert_eq!(err.code(), "newer_schema");
    assert!(
        matches!(err, VaultError::NewerSchema { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("update Gatehouse"), "{err}");
}

#[test]
fn a_missing_file_says_so() {
    let s = Setup::new();
    let err = Vault::open(&s.path("absent.gatehouse"), &s.identity)
        .err()
        .unwrap();
    assert_eq!(err.code(), "io");
    assert!(err.to_string().contains("absent.gatehouse"), "{err}");
}
