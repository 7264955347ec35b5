//! `gatehouse keygen --signing`, `gatehouse export` and `gatehouse verify` on real vaults.

use std::collections::BTreeMap;
use std::path::Path;

use crate::{public_key, Cli};

const AS_OF: &str = "2026-03-31T17:00:00Z";

/// A sandbox with an identity, an unprotected signing key and a vault.
fn exporter() -> Cli {
    let cli = Cli::new();
    let out = cli.ok(&[
        "keygen",
        "--signing",
        "--no-passphrase",
        "--name",
        "Zoë Ćwik, Compliance",
        "--organization",
        "Acme Sp. z o.o.",
    ]);
    assert!(out.contains("certificate sha256: "), "{out}");
    assert!(out.contains("minisign public key"), "{out}");
    cli.ok(&["init", "model.gatehouse", "--template", "generic-nocode"]);
    cli
}

/// Every file under `dir`, by its path inside it.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs_err::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let name = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(name, fs_err::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn an_export_verifies_and_the_next_exports_log_shows_it() {
    let cli = exporter();
    let out = cli.ok(&[
        "export",
        "model.gatehouse",
        "--out",
        "first",
        "--as-of",
        AS_OF,
    ]);
    assert!(
        out.contains("data/binder.pdf") && out.contains("recorded as audit event 2"),
        "{out}"
    );
    let verified = cli.run(&["verify", "first", "--signer", "first/signer.pub"]);
    let report = String::from_utf8_lossy(&verified.stdout);
    assert!(
        verified.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&verified.stderr)
    );
    for check in [
        "completeness",
        "minisign signature",
        "PDF signature",
        "audit chain",
        "Payload-Oxum",
    ] {
        assert!(
            report.contains(check),
            "verify prints the {check} check:\n{report}"
        );
    }
    let first_tags = crate::sha(&cli.path("first/tagmanifest-sha256.txt"));

    cli.ok(&[
        "export",
        "model.gatehouse",
        "--out",
        "second",
        "--as-of",
        AS_OF,
    ]);
    let log = fs_err::read_to_string(cli.path("second/data/audit-log.jsonl")).unwrap();
    let last: serde_json::Value = serde_json::from_str(log.lines().last().unwrap()).unwrap();
    assert_eq!(
        last["action"], "package.export",
        "the previous export is the log's last event"
    );
    assert_eq!(last["after"]["tag_manifest_sha256"], first_tags.as_str());
    assert_eq!(last["after"]["file"], "first");
    assert_eq!(last["after"]["as_of"], "2026-03-31T17:00:00+00:00");
}

#[test]
fn two_processes_export_the_same_vault_byte_identically_but_the_minisign_signature() {
    let cli = exporter();
    // Two copies of one vault: an export is recorded in the vault it is made from.
    fs_err::copy(cli.path("model.gatehouse"), cli.path("copy.gatehouse")).unwrap();
    fs_err::create_dir_all(cli.path("a")).unwrap();
    fs_err::create_dir_all(cli.path("b")).unwrap();
    cli.ok(&[
        "export",
        "model.gatehouse",
        "--out",
        "a/pkg",
        "--as-of",
        AS_OF,
    ]);
    cli.ok(&[
        "export",
        "copy.gatehouse",
        "--out",
        "b/pkg",
        "--as-of",
        AS_OF,
    ]);
    let (a, b) = (files(&cli.path("a/pkg")), files(&cli.path("b/pkg")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        if name != "tagmanifest-sha256.txt.minisig" {
            assert!(
                bytes == &b[name],
                "{name} is byte-identical across two processes"
            );
        }
    }
    assert_ne!(
        a["tagmanifest-sha256.txt.minisig"],
        b["tagmanifest-sha256.txt.minisig"]
    );
}

#[test]
fn verify_names_the_tampered_file_and_exits_non_zero() {
    let cli = exporter();
    cli.ok(&[
        "export",
        "model.gatehouse",
        "--out",
        "pkg",
        "--as-of",
        AS_OF,
        "--zip",
    ]);
    cli.ok(&["verify", "pkg.zip"]);
    cli.ok(&[
        "export",
        "model.gatehouse",
        "--out",
        "dir",
        "--as-of",
        AS_OF,
    ]);
    let pdf = cli.path("dir/data/binder.pdf");
    let mut bytes = fs_err::read(&pdf).unwrap();
    let at = bytes.len() / 3;
    bytes[at] ^= 0x20;
    fs_err::write(&pdf, bytes).unwrap();
    let err = cli.fails(&["verify", "dir"]);
    assert!(
        err.contains("data/binder.pdf") && err.contains("[verify_failed]"),
        "{err}"
    );
    let out = String::from_utf8(cli.run(&["verify", "dir"]).stdout).unwrap();
    assert!(
        out.contains("FAIL") && out.contains("ok  "),
        "each check is printed:\n{out}"
    );
}

#[test]
fn an_encrypted_export_opens_with_age_and_verifies() {
    let cli = exporter();
    let me = public_key(&cli.path("identity.age"));
    let out = cli.ok(&[
        "export",
        "model.gatehouse",
        "--out",
        "pkg",
        "--as-of",
        AS_OF,
        "--encrypt-to",
        &me,
    ]);
    assert!(out.contains("pkg.zip.age"), "{out}");
    let status = std::process::Command::new("age")
        .args(["-d", "-i", "identity.age", "-o", "pkg.zip", "pkg.zip.age"])
        .current_dir(cli.dir.path())
        .status()
        .expect("age runs");
    assert!(
        status.success(),
        "age -d opens the package with the recipient's identity"
    );
    cli.ok(&["verify", "pkg.zip"]);
    let err = cli.fails(&["verify", "pkg.zip.age"]);
    assert!(
        err.contains("[not_a_bag]") && err.contains("age -d"),
        "{err}"
    );
}

#[test]
fn export_mistakes_are_one_clear_line_and_change_nothing() {
    let cli = exporter();
    let events = |cli: &Cli| cli.show("model.gatehouse")["events"].clone();
    let before = events(&cli);
    let err = cli.fails(&[
        "export",
        "model.gatehouse",
        "--out",
        "p",
        "--sections",
        "roles,rolez",
    ]);
    assert!(
        err.contains("[unknown_section]") && err.contains("\"rolez\""),
        "{err}"
    );
    fs_err::create_dir_all(cli.path("taken")).unwrap();
    let err = cli.fails(&["export", "model.gatehouse", "--out", "taken"]);
    assert!(
        err.contains("[export_destination_exists]") && err.contains("taken"),
        "{err}"
    );
    let err = cli.fails(&[
        "export",
        "model.gatehouse",
        "--out",
        "p",
        "--sign-key",
        "nope.age",
    ]);
    assert!(
        err.contains("[signing_key_not_found]") && err.contains("nope.age"),
        "{err}"
    );
    let err = cli.fails(&["keygen", "--signing", "--no-passphrase", "--name", "Again"]);
    assert!(err.contains("[signing_key_exists]"), "{err}");
    assert_eq!(events(&cli), before, "no failed export is recorded");
    assert!(!cli.path("p").exists(), "nothing was written");
}

#[test]
fn a_protected_signing_key_needs_its_passphrase() {
    let mut cli = exporter();
    cli.passphrase = Some("correct horse battery");
    cli.ok(&[
        "keygen",
        "--signing",
        "--name",
        "Ana",
        "--sign-key",
        "protected.age",
    ]);
    let head = fs_err::read_to_string(cli.path("protected.age")).unwrap();
    assert!(
        head.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"),
        "{head}"
    );
    cli.ok(&[
        "export",
        "model.gatehouse",
        "--out",
        "p",
        "--sign-key",
        "protected.age",
        "--sections",
        "roles",
    ]);
    cli.passphrase = Some("wrong passphrase!");
    let err = cli.fails(&[
        "export",
        "model.gatehouse",
        "--out",
        "q",
        "--sign-key",
        "protected.age",
    ]);
    assert!(err.contains("[wrong_passphrase]"), "{err}");
}

/// Runs `openssl` in the sandbox (installed by scripts/install-deps.sh).
fn openssl(cli: &Cli, args: &[&str]) {
    let out = std::process::Command::new("openssl")
        .args(args)
        .current_dir(cli.dir.path())
        .output()
        .expect("openssl runs (installed by scripts/install-deps.sh)");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An organisation's key and certificate (`-newkey` as openssl takes it) exported as
/// `NAME.p12` with the passphrase "p12 secret", as `openssl pkcs12 -export` writes it (with
/// `extra` options such as `-legacy`).
fn p12(cli: &Cli, name: &str, newkey: &[&str], extra: &[&str]) {
    let (key, crt, p12) = (
        format!("{name}.key"),
        format!("{name}.crt"),
        format!("{name}.p12"),
    );
    let mut req = vec!["req", "-x509"];
    req.extend(newkey);
    req.extend([
        "-nodes",
        "-keyout",
        &key,
        "-out",
        &crt,
        "-days",
        "3650",
        "-subj",
        "/O=Acme GmbH/CN=Ana Silva (Compliance)",
    ]);
    openssl(cli, &req);
    let mut export = vec![
        "pkcs12",
        "-export",
        "-inkey",
        &key,
        "-in",
        &crt,
        "-out",
        &p12,
        "-passout",
        "pass:p12 secret",
    ];
    export.extend(extra);
    openssl(cli, &export);
    fs_err::write(cli.path("p12-pass.txt"), "p12 secret\n").unwrap();
}

const P256: &[&str] = &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];

fn import(cli: &Cli, p12: &str, key: &str) -> std::process::Output {
    cli.run(&[
        "keygen",
        "--signing",
        "--no-passphrase",
        "--import",
        p12,
        "--p12-passphrase-file",
        "p12-pass.txt",
        "--sign-key",
        key,
    ])
}

#[test]
fn an_organisations_pkcs12_key_signs_the_binder_and_pdfsig_names_it() {
    let cli = Cli::new();
    p12(&cli, "org", P256, &[]);
    let out = import(&cli, "org.p12", "org-signing.age");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("signer: Ana Silva (Compliance)"),
        "the certificate's subject is the signer: {stdout}"
    );
    assert!(
        stdout.contains("minisign public key"),
        "a minisign key is made beside it: {stdout}"
    );
    cli.ok(&["init", "model.gatehouse", "--template", "generic-nocode"]);
    cli.ok(&[
        "export",
        "model.gatehouse",
        "--out",
        "pkg",
        "--as-of",
        AS_OF,
        "--sign-key",
        "org-signing.age",
    ]);
    let pdfsig = std::process::Command::new("pdfsig")
        .arg(cli.path("pkg/data/binder.pdf"))
        .output()
        .expect("pdfsig runs (poppler-utils)");
    let report = String::from_utf8_lossy(&pdfsig.stdout);
    assert!(
        report.contains("Signature is Valid"),
        "pdfsig accepts the organisation's signature:\n{report}"
    );
    assert!(
        report.contains("Ana Silva (Compliance)"),
        "pdfsig names the organisation's certificate:\n{report}"
    );
    let cert = fs_err::read_to_string(cli.path("pkg/signer-cert.pem")).unwrap();
    let org = fs_err::read_to_string(cli.path("org.crt")).unwrap();
    assert_eq!(
        cert.trim(),
        org.trim(),
        "the package carries the organisation's own certificate"
    );
    let bag_info = fs_err::read_to_string(cli.path("pkg/bag-info.txt")).unwrap();
    assert!(
        bag_info.contains("Source-Organization: Acme GmbH"),
        "the certificate's organisation: {bag_info}"
    );
    cli.ok(&["verify", "pkg"]);
}

#[test]
fn a_legacy_pkcs12_file_imports_too() {
    let cli = Cli::new();
    p12(&cli, "old", P256, &["-legacy"]);
    let out = import(&cli, "old.p12", "old-signing.age");
    assert!(
        out.status.success(),
        "openssl's -legacy (3DES, RC2) file imports: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_rsa_key_or_a_wrong_passphrase_is_refused_and_nothing_is_written() {
    let cli = Cli::new();
    p12(&cli, "rsa", &["-newkey", "rsa:2048"], &[]);
    let err = cli.fails(&[
        "keygen",
        "--signing",
        "--no-passphrase",
        "--import",
        "rsa.p12",
        "--p12-passphrase-file",
        "p12-pass.txt",
    ]);
    assert!(
        err.contains("[key_import_refused]") && err.contains("RSA") && err.contains("rsa.p12"),
        "{err}"
    );
    assert!(
        !cli.path("signing.age").exists(),
        "no signing key is written for a refused file"
    );
    p12(&cli, "org", P256, &[]);
    fs_err::write(cli.path("p12-pass.txt"), "not the passphrase\n").unwrap();
    let err = cli.fails(&[
        "keygen",
        "--signing",
        "--no-passphrase",
        "--import",
        "org.p12",
        "--p12-passphrase-file",
        "p12-pass.txt",
    ]);
    assert!(
        err.contains("[key_import_wrong_passphrase]") && err.contains("org.p12"),
        "{err}"
    );
    assert!(!cli.path("signing.age").exists(), "nothing written");
    let err = cli.fails(&[
        "keygen",
        "--signing",
        "--no-passphrase",
        "--import",
        "org.crt",
        "--p12-passphrase-file",
        "p12-pass.txt",
    ]);
    assert!(
        err.contains("[key_import_refused]"),
        "a PEM file is not PKCS#12: {err}"
    );
}

/// The binder's text (pdftotext), whitespace collapsed so wrapped lines join.
fn binder_text(cli: &Cli, package: &str) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(cli.path(&format!("{package}/data/binder.pdf")))
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Renames the role `id` of the vault's model (an audited import of the edited model).
fn rename_role(cli: &Cli, id: &str, name: &str) {
    let mut model: serde_json::Value =
        serde_json::from_str(&cli.ok(&["model", "export", "model.gatehouse"])).unwrap();
    let role = model["roles"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["id"] == id)
        .expect("the template has the role");
    role["name"] = name.into();
    fs_err::write(cli.path("edited.json"), model.to_string()).unwrap();
    cli.ok(&["model", "import", "model.gatehouse", "edited.json"]);
}

#[test]
fn pinned_results_and_the_changes_since_the_last_exported_version_reach_the_binder() {
    let cli = exporter();
    cli.ok(&[
        "simulate",
        "model.gatehouse",
        "--monte-carlo",
        "2000",
        "--seed",
        "11",
        "--at",
        "2026-03-02T09:00",
        "--pin",
        "Baseline, March",
    ]);
    cli.ok(&[
        "version",
        "add",
        "model.gatehouse",
        "v1.0",
        "--approved-by",
        "the CAB",
    ]);
    cli.ok(&[
        "export",
        "model.gatehouse",
        "--out",
        "first",
        "--as-of",
        AS_OF,
    ]);
    let first = binder_text(&cli, "first");
    assert!(
        first.contains("Changes since version \"v1.0\"")
            && first.contains("the newest named version")
            && first.contains("Nothing changed since that version."),
        "the first package counts from the newest version, and nothing changed"
    );
    let model: serde_json::Value =
        serde_json::from_str(&cli.ok(&["model", "export", "model.gatehouse"])).unwrap();
    let pin = &model["pinned_simulations"][0];
    let summary = pin["summary"].as_str().unwrap();
    assert!(first.contains(summary), "the pin's summary: {summary}");
    let result: serde_json::Value = serde_json::from_str(pin["result"].as_str().unwrap()).unwrap();
    for p in ["p50", "p90", "p99"] {
        let n = format!("{:.2}", result["gates"][0]["hours"][p].as_f64().unwrap());
        assert!(first.contains(&n), "the gate's {p}, {n}, is in the binder");
    }
    assert!(first.contains("matches the model as exported"));
    assert!(
        first.contains("audit event 2: the model's revision it was kept at"),
        "the pin's audit event (after the vault's creation)"
    );

    rename_role(&cli, "viewer", "Read-only viewer");
    cli.ok(&["version", "add", "model.gatehouse", "v1.1"]);
    rename_role(&cli, "viewer", "Auditor (read only)");
    cli.ok(&[
        "export",
        "model.gatehouse",
        "--out",
        "second",
        "--as-of",
        AS_OF,
    ]);
    let second = binder_text(&cli, "second");
    assert!(
        second.contains("Changes since version \"v1.0\"")
            && second.contains("the version the previous audit package was exported at"),
        "the changes count from the version the first package was exported at, not v1.1"
    );
    assert!(
        second.contains("Auditor (read only)") && !second.contains("Read-only viewer Auditor"),
        "the role's name as exported"
    );
    assert!(
        second.contains("re-run the simulation to refresh it"),
        "the pin is of an older model now"
    );
    let log = fs_err::read_to_string(cli.path("second/data/audit-log.jsonl")).unwrap();
    let export: serde_json::Value = log
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .rfind(|e| e["action"] == "package.export")
        .expect("the first export is in the log");
    assert_eq!(
        export["after"]["version"], "v1.0",
        "the first export names the version it was of"
    );
}
