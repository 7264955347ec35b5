//! No lock-in: Debian's `age` and `sqlite3` open a vault made by Gatehouse.

use std::process::{Command, Stdio};

use age::secrecy::SecretString;
use gatehouse_vault::Vault;

use crate::{run_ok, template, Setup};

fn sqlite3(db: &std::path::Path, sql: &str) -> String {
    run_ok(Command::new("sqlite3").arg(db).arg(sql))
}

fn tables(db: &std::path::Path) -> String {
    sqlite3(db, ".tables")
}

#[test]
fn the_age_cli_decrypts_a_vault_and_sqlite3_reads_it() {
    let s = Setup::new();
    let path = s.saved_template("v.gatehouse");
    let db = s.path("plain.db");
    run_ok(
        Command::new("age")
            .args(["-d", "-i"])
            .arg(&s.identity_path)
            .arg("-o")
            .arg(&db)
            .arg(&path),
    );

    let listing = tables(&db);
    for table in [
        "person",
        "role",
        "capability",
        "environment",
        "grant",
        "assignment",
        "audit_event",
        "permission_matrix",
    ] {
        assert!(
            listing.split_whitespace().any(|t| t == table),
            "table {table} missing from: {listing}"
        );
    }
    let effect = sqlite3(
        &db,
        "SELECT effect FROM permission_matrix WHERE role = 'Citizen Developer' AND capability = 'Deploy to production';",
    );
    assert_eq!(effect.trim(), "deny");
    assert_eq!(
        sqlite3(&db, "PRAGMA application_id; PRAGMA user_version;")
            .split_whitespace()
            .collect::<Vec<_>>(),
        [
            "1196705841".to_string(),
            gatehouse_vault::SCHEMA_VERSION.to_string()
        ]
    );
}

#[test]
fn the_age_cli_uses_a_passphrase_protected_identity_and_gatehouse_reads_what_age_encrypts() {
    let s = Setup::new();
    let protected = s.path("identity.age");
    s.identity
        .write(
            &protected,
            Some(&SecretString::from("workshop passphrase".to_string())),
        )
        .unwrap();
    let path = s.saved_template("v.gatehouse");
    let db = s.path("plain.db");
    // age asks for the passphrase on the terminal only: give it one with script(1).
    let cmd = format!(
        "age -d -i '{}' -o '{}' '{}'",
        protected.display(),
        db.display(),
        path.display()
    );
    let mut child = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("script(1) runs");
    std::thread::sleep(std::time::Duration::from_millis(300));
    use std::io::Write;
    child
        .stdin
        .as_mut()
        .unwrap()
        .write_all(b"workshop passphrase\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "age -d with a protected identity failed: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(tables(&db).contains("audit_event"));

    // The other way: a database that age encrypted opens in Gatehouse.
    let mut vault = s.template_vault();
    let image = s.path("image.db");
    fs_err::write(&image, vault.image().unwrap()).unwrap();
    let by_age = s.path("by-age.gatehouse");
    run_ok(
        Command::new("age")
            .arg("-r")
            .arg(s.identity.recipient().to_string())
            .arg("-o")
            .arg(&by_age)
            .arg(&image),
    );
    assert_eq!(
        Vault::open(&by_age, &s.identity).unwrap().model().unwrap(),
        template()
    );
}
