//! `gatehouse import`: the dry-run JSON shape, the readable summary, applying into a vault.

use std::path::{Path, PathBuf};

use super::Cli;

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples")
        .join(name)
}

fn json(cli: &Cli, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&cli.ok(args)).expect("stdout is JSON")
}

/// `import <sample> --dry-run --json`, parsed.
fn dry_run(cli: &Cli, name: &str) -> serde_json::Value {
    json(
        cli,
        &[
            "import",
            sample(name).to_str().unwrap(),
            "--dry-run",
            "--json",
        ],
    )
}

#[test]
fn dry_run_json_has_the_documented_shape_without_a_vault() {
    let cli = Cli::new();
    let file = sample("permission-matrix.xlsx");
    let v = dry_run(&cli, "permission-matrix.xlsx");
    for key in [
        "file",
        "sha256",
        "sheets",
        "grants",
        "raci",
        "assignments",
        "sod_rules",
        "warnings",
    ] {
        assert!(v.get(key).is_some(), "missing {key} in {v}");
    }
    assert_eq!(v["file"], "permission-matrix.xlsx");
    assert_eq!(v["sha256"], super::sha(&file));
    let matrix = &v["sheets"][2];
    assert_eq!(matrix["name"], "Matrix");
    assert_eq!(matrix["layout"], "matrix");
    assert_eq!(matrix["header_row"], 5);
    assert!(matrix["note"].is_string());
    let grant = v["grants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["source"] == "Matrix!F6")
        .unwrap();
    assert_eq!(grant["role"], "Citizen Developer");
    assert_eq!(grant["capability"], "Publish app");
    assert_eq!(grant["environment"], "Production");
    assert_eq!(grant["effect"], "approval");
    assert_eq!(v["warnings"][0]["source"], "Matrix!E9");
    assert!(v["warnings"][0]["message"].is_string());

    // The first row of each other kind, and the cell it was read from.
    for (name, list, fields, expected, source) in [
        (
            "raci.xlsx",
            "raci",
            ["role", "activity", "letters"],
            ["Citizen Developer", "Create app", "AR"],
            "RACI!C5",
        ),
        (
            "sod-rules.xlsx",
            "sod_rules",
            ["left", "right", "severity"],
            ["Citizen Developer", "IT Approver", "High"],
            "'SoD rules'!B4",
        ),
    ] {
        let row = &dry_run(&cli, name)[list][0];
        assert_eq!(
            fields.map(|f| row[f].as_str()),
            expected.map(Some),
            "{name}"
        );
        assert_eq!(row["source"], source, "{name}");
    }

    let asg = dry_run(&cli, "assignments.csv");
    let a = &asg["assignments"][3];
    assert_eq!(a["person"], "José Müller");
    assert_eq!(a["valid_until"], "2024-06-30", "dates as YYYY-MM-DD");
    assert_eq!(a["environment"], "Production");
    assert_eq!(
        asg["assignments"][0]["valid_until"],
        serde_json::Value::Null
    );
}

#[test]
fn import_into_a_vault_then_again_changes_nothing() {
    let cli = Cli::new();
    cli.ok(&["init", "v.gatehouse"]);
    let file = sample("raci.xlsx");
    let out = cli.ok(&["import", file.to_str().unwrap(), "--into", "v.gatehouse"]);
    assert!(out.contains("sheet \"RACI\": raci (header row 4)"), "{out}");
    assert!(out.contains("RACI!B8: no role is accountable"), "{out}");
    let shown = cli.show("v.gatehouse");
    assert_eq!(shown["counts"]["responsibilities"], 17);
    let again = json(
        &cli,
        &[
            "import",
            file.to_str().unwrap(),
            "--into",
            "v.gatehouse",
            "--json",
        ],
    );
    assert_eq!(
        (
            again["changes"]["new"].as_u64(),
            again["changes"]["changed"].as_u64()
        ),
        (Some(0), Some(0))
    );
    assert_eq!(cli.show("v.gatehouse")["counts"], shown["counts"]);
    let log = cli.ok(&["log", "v.gatehouse", "--json"]);
    let imports: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|e| e["action"] == "model.import")
        .collect();
    assert_eq!(imports.len(), 2, "one event per import run");
    assert_eq!(imports[0]["after"]["sha256"], super::sha(&file));
}

#[test]
fn import_errors_are_one_line_with_a_code_and_change_nothing() {
    let cli = Cli::new();
    cli.ok(&["init", "v.gatehouse"]);
    let before = super::sha(&cli.path("v.gatehouse"));
    fs_err::write(cli.path("notes.xlsx"), b"%PDF-1.7 this is a pdf").unwrap();
    let err = cli.fails(&["import", "notes.xlsx", "--into", "v.gatehouse"]);
    assert!(
        err.contains("notes.xlsx is not a spreadsheet Gatehouse can read: ")
            && err.contains("[import_not_a_spreadsheet]"),
        "{err}"
    );
    assert_eq!(super::sha(&cli.path("v.gatehouse")), before);
    fs_err::write(cli.path("m.toml"), "[[sheet]]\nname = 1\n").unwrap();
    let err = cli.fails(&[
        "import",
        sample("raci.xlsx").to_str().unwrap(),
        "--dry-run",
        "--mapping",
        "m.toml",
    ]);
    assert!(
        err.contains("mapping m.toml") && err.contains("[import_mapping_invalid]"),
        "{err}"
    );
}

#[test]
fn output_piped_into_a_reader_that_stops_early_ends_quietly() {
    use std::process::{Command, Stdio};
    let cli = Cli::new();
    // A preview long enough to fill the pipe: 20,000 rows.
    let csv = cli.path("many.csv");
    let mut text = String::from("Name,Role\n");
    for i in 0..20_000 {
        text.push_str(&format!("Person {i},Role {}\n", i % 7));
    }
    fs_err::write(&csv, text).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gatehouse"))
        .args(["import", csv.to_str().unwrap(), "--dry-run", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Like `| head -c 1`: read a little, then close the pipe.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(first[0], b'{');
}

#[test]
fn a_file_that_cannot_be_read_is_named_once_with_the_reason_in_words() {
    let cli = Cli::new();
    let err = cli.fails(&["import", "absent.xlsx", "--dry-run"]);
    assert_eq!(
        err.trim_end(),
        "error: absent.xlsx: cannot read the file: there is no such file [import_io]"
    );
    fs_err::create_dir(cli.path("folder.xlsx")).unwrap();
    let err = cli.fails(&["import", "folder.xlsx", "--dry-run"]);
    assert!(
        err.contains("folder.xlsx: cannot read the file: it is a folder"),
        "{err}"
    );
    let err = cli.fails(&[
        "import",
        &sample("permission-matrix.xlsx").display().to_string(),
        "--dry-run",
        "--mapping",
        "nope.toml",
    ]);
    assert!(
        err.contains("mapping nope.toml: cannot read it: there is no such file"),
        "{err}"
    );
}

#[test]
fn an_import_that_reads_nothing_fails_with_import_empty_and_records_nothing() {
    let cli = Cli::new();
    cli.ok(&["init", "v.gatehouse"]);
    let before = super::sha(&cli.path("v.gatehouse"));
    fs_err::write(
        cli.path("notes.csv"),
        "Notes,Comments\nsee the wiki,ask Ana\n",
    )
    .unwrap();
    let err = cli.fails(&["import", "notes.csv", "--into", "v.gatehouse"]);
    assert!(
        err.contains("notes.csv: nothing was read, so nothing was imported (sheet \"notes\": ")
            && err.contains("[import_empty]"),
        "the error names the file and why each sheet was skipped: {err}"
    );
    assert_eq!(
        super::sha(&cli.path("v.gatehouse")),
        before,
        "nothing written"
    );
    let log = cli.ok(&["log", "v.gatehouse", "--json"]);
    assert!(
        !log.contains("model.import"),
        "no audit event for an import that read nothing: {log}"
    );
    let err = cli.fails(&["import", "notes.csv", "--dry-run"]);
    assert!(
        err.contains("[import_empty]"),
        "a dry run says so too: {err}"
    );
}

#[test]
fn a_newer_version_says_what_it_no_longer_has_and_sync_removes_it() {
    let cli = Cli::new();
    cli.ok(&["init", "v.gatehouse"]);
    let file = cli.path("people.csv");
    let file = file.to_str().unwrap();
    fs_err::write(file, "Person,Role\nAda Lovelace,Maker\nAlan Turing,Maker\n").unwrap();
    cli.ok(&["import", file, "--into", "v.gatehouse"]);
    let assignments = |cli: &Cli| cli.show("v.gatehouse")["counts"]["assignments"].clone();
    let before = assignments(&cli);

    fs_err::write(file, "Person,Role\nAda Lovelace,Maker\n").unwrap();
    let out = cli.ok(&["import", file, "--into", "v.gatehouse"]);
    assert!(
        out.contains("no longer in the file: 1 item (kept; --sync removes them):")
            && out.contains("assignment Alan Turing holds Maker"),
        "{out}"
    );
    assert_eq!(assignments(&cli), before, "kept without --sync");

    let synced = json(
        &cli,
        &["import", file, "--into", "v.gatehouse", "--sync", "--json"],
    );
    assert_eq!(synced["synced"], true);
    assert_eq!(synced["gone"][0]["what"], "Alan Turing holds Maker");
    assert_eq!(
        assignments(&cli).as_u64().unwrap() + 1,
        before.as_u64().unwrap(),
        "--sync removed the one assignment"
    );
    let again = cli.ok(&["import", file, "--into", "v.gatehouse", "--sync"]);
    assert!(!again.contains("no longer in the file"), "{again}");
}
