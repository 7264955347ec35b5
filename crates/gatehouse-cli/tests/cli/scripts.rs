//! A CLI that fits scripts (issue 9): exit statuses of their own, standard input, the
//! mapping example, `--strict`, codes on every error.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::Cli;

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples")
        .join(name)
}

#[test]
fn strict_fails_on_import_warnings_with_status_4_and_changes_nothing() {
    let cli = Cli::new();
    cli.ok(&["init", "v.gatehouse"]);
    let before = super::sha(&cli.path("v.gatehouse"));
    let file = sample("access-review.xlsx");
    let out = cli.run(&[
        "import",
        file.to_str().unwrap(),
        "--into",
        "v.gatehouse",
        "--strict",
    ]);
    assert_eq!(
        out.status.code(),
        Some(4),
        "an exit status of its own, not 1"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "access-review.xlsx: 2 warnings under --strict, the first at Certification!D3"
        ) && err.contains("[import_warnings]"),
        "{err}"
    );
    assert_eq!(
        super::sha(&cli.path("v.gatehouse")),
        before,
        "nothing written"
    );
    // Without warnings, --strict imports.
    let out = cli.ok(&[
        "import",
        sample("numeric-marks.xlsx").to_str().unwrap(),
        "--into",
        "v.gatehouse",
        "--strict",
    ]);
    assert!(out.contains("imported"), "{out}");
}

#[test]
fn fail_on_exits_4_and_an_error_exits_1() {
    let cli = Cli::new();
    cli.ok(&["init", "v.gatehouse"]);
    let out = cli.run(&["check", "v.gatehouse", "--fail-on", "low"]);
    assert_eq!(out.status.code(), Some(4), "the template has findings");
    assert!(String::from_utf8_lossy(&out.stderr).contains("[findings]"));
    let out = cli.run(&["check", "absent.gatehouse", "--fail-on", "low"]);
    assert_eq!(out.status.code(), Some(1), "an error is not a finding");
}

#[test]
fn a_dash_reads_the_spreadsheet_from_standard_input_in_the_format_given() {
    let cli = Cli::new();
    let bytes = fs_err::read(sample("user-roles.csv")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gatehouse"))
        .args(["import", "-", "--format", "csv", "--dry-run", "--json"])
        .current_dir(cli.path(""))
        .env("GATEHOUSE_ACTOR", "tester")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["file"], "stdin.csv");
    assert_eq!(v["assignments"].as_array().unwrap().len(), 6);
    let err = cli.fails(&["import", "-", "--dry-run"]);
    assert!(
        err.contains("needs --format") && err.contains("[usage]"),
        "{err}"
    );
}

#[test]
fn the_mapping_example_is_printed_and_reads_as_a_mapping() {
    let cli = Cli::new();
    let example = cli.ok(&["import", "--mapping-example"]);
    assert!(
        example.contains("[[sheet]]") && example.contains("left_system"),
        "{example}"
    );
    fs_err::write(cli.path("m.toml"), &example).unwrap();
    // Its sheets are not in the sample: refused with the names, as any mapping would be.
    let err = cli.fails(&[
        "import",
        sample("raci.xlsx").to_str().unwrap(),
        "--dry-run",
        "--mapping",
        "m.toml",
    ]);
    assert!(err.contains("[import_mapping_invalid]"), "{err}");
    assert!(!err.contains("line "), "the TOML itself parses: {err}");
}

#[test]
fn an_unreadable_passphrase_file_is_an_error_with_a_code() {
    let cli = Cli::new();
    // A new protected identity reads its passphrase from the file given.
    let out = Command::new(env!("CARGO_BIN_EXE_gatehouse"))
        .args(["keygen", "--passphrase-file", "absent.txt"])
        .current_dir(cli.path(""))
        .env("GATEHOUSE_IDENTITY", cli.path("other.age"))
        .env("GATEHOUSE_ACTOR", "tester")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot read the passphrase file absent.txt: there is no such file")
            && err.contains("[io]"),
        "{err}"
    );
}

#[test]
fn without_any_actor_variable_the_audit_log_records_the_account_of_the_user_id() {
    let cli = Cli::new();
    // As in a container or a service: no USER, LOGNAME, USERNAME nor GATEHOUSE_ACTOR.
    let out = Command::new(env!("CARGO_BIN_EXE_gatehouse"))
        .args(["init", "v.gatehouse"])
        .current_dir(cli.path(""))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("GATEHOUSE_IDENTITY", cli.path("identity.age"))
        .env("GATEHOUSE_NOW", "2026-12-02T09:00:00Z")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let account = Command::new("id").arg("-un").output().unwrap();
    let account = String::from_utf8(account.stdout)
        .unwrap()
        .trim()
        .to_string();
    assert!(!account.is_empty(), "`id -un` names the account");
    let log = cli.ok(&["log", "v.gatehouse", "--json"]);
    let first: serde_json::Value = serde_json::from_str(log.lines().next().unwrap()).unwrap();
    assert_eq!(first["actor"], account.as_str(), "{log}");
    assert!(!log.contains("unknown"), "{log}");
    // The account has a name, so nothing is said about a fallback.
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("warning"), "{err}");
}
