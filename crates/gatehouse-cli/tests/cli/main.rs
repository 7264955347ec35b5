//! The `gatehouse` command on real files, as a script or a person would use it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod change;
mod drift;
mod export;
mod governance;
mod import;
mod review;
mod scripts;
mod share;
mod simulate;

struct Cli {
    dir: tempfile::TempDir,
    passphrase: Option<&'static str>,
    /// Commands run so far: each starts a minute after the one before.
    calls: std::cell::Cell<u32>,
}

/// The day every CLI test runs on (`$GATEHOUSE_NOW`), from 09:00 UTC.
const TODAY: &str = "2026-12-02";

impl Cli {
    /// A sandbox with an unprotected identity (fast: no scrypt).
    fn new() -> Cli {
        let cli = Cli {
            dir: tempfile::tempdir().unwrap(),
            passphrase: None,
            calls: Default::default(),
        };
        cli.ok(&["keygen", "--no-passphrase"]);
        cli
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The moment the next command starts at: each process's clock starts again at
    /// `$GATEHOUSE_NOW`, so one after another they move a minute on, as a person's would.
    fn next_moment(&self) -> String {
        let n = self.calls.get();
        self.calls.set(n + 1);
        format!("{TODAY}T{:02}:{:02}:00Z", 9 + n / 60, n % 60)
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gatehouse"));
        cmd.args(args)
            .current_dir(self.dir.path())
            .env("GATEHOUSE_IDENTITY", self.path("identity.age"))
            .env("GATEHOUSE_ACTOR", "tester")
            // One fixed day for every test: the demo's dates (an assignment ending
            // 2026-12-31) must not make a test's outcome depend on when it runs.
            .env("GATEHOUSE_NOW", self.next_moment())
            .env_remove("GATEHOUSE_PASSPHRASE");
        if let Some(p) = self.passphrase {
            cmd.env("GATEHOUSE_PASSPHRASE", p);
        }
        cmd.output().unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "gatehouse {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs a command that must fail; returns its one-line error.
    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            !out.status.success(),
            "gatehouse {args:?} should have failed"
        );
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "one line of cause, got: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        err
    }

    fn show(&self, vault: &str) -> serde_json::Value {
        serde_json::from_str(&self.ok(&["show", vault, "--json"])).unwrap()
    }
}

fn sha(path: &Path) -> String {
    gatehouse_core::audit::sha256_hex(&fs_err::read(path).unwrap())
}

/// The public key written in an unprotected identity file's comment.
fn public_key(identity: &Path) -> String {
    let text = fs_err::read_to_string(identity).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("# public key: "))
        .unwrap()
        .to_string()
}

fn template_json() -> String {
    let text = fs_err::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates/generic-nocode/model.json"),
    )
    .unwrap();
    gatehouse_core::Model::from_json(&text)
        .unwrap()
        .to_canonical_json()
}

#[test]
fn keygen_init_show_export_and_the_log() {
    let cli = Cli::new();
    let recipient = fs_err::read_to_string(cli.path("identity.age")).unwrap();
    assert!(recipient.contains("# public key: age1"));

    let out = cli.ok(&["init", "model.gatehouse", "--template", "generic-nocode"]);
    assert!(out.contains("8 roles, 9 people"), "{out}");
    let summary = cli.show("model.gatehouse");
    assert_eq!(summary["counts"]["roles"], 8);
    assert_eq!(summary["counts"]["gates"], 2);
    assert_eq!(summary["events"], 1);
    assert_eq!(summary["chain_head"].as_str().unwrap().len(), 64);

    let text = cli.ok(&["show", "model.gatehouse"]);
    assert!(text.contains("audit chain head"), "{text}");

    assert_eq!(
        cli.ok(&["model", "export", "model.gatehouse"]),
        template_json()
    );

    let log = cli.run(&["log", "model.gatehouse", "--verify"]);
    assert!(log.status.success());
    assert!(String::from_utf8_lossy(&log.stdout).contains("model.create"));
    assert!(String::from_utf8_lossy(&log.stderr).contains("audit chain verified: 1 events"));
}

#[test]
fn model_import_replaces_the_model_in_one_audited_step_and_is_idempotent() {
    let cli = Cli::new();
    cli.ok(&["init", "m.gatehouse"]);
    let mut model: serde_json::Value =
        serde_json::from_str(&cli.ok(&["model", "export", "m.gatehouse"])).unwrap();
    model["meta"]["name"] = "Client X governance".into();
    model["roles"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"id": "auditor", "name": "Auditor", "kind": "viewer"}));
    fs_err::write(
        cli.path("edited.json"),
        serde_json::to_string_pretty(&model).unwrap(),
    )
    .unwrap();

    cli.ok(&["model", "import", "m.gatehouse", "edited.json"]);
    let summary = cli.show("m.gatehouse");
    assert_eq!(summary["name"], "Client X governance");
    assert_eq!(summary["counts"]["roles"], 9);
    assert_eq!(summary["events"], 2);

    // The same file again changes nothing.
    cli.ok(&["model", "import", "m.gatehouse", "edited.json"]);
    assert_eq!(cli.show("m.gatehouse")["events"], 2);

    let log: Vec<serde_json::Value> = cli
        .ok(&["log", "m.gatehouse", "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(log[1]["action"], "model.replace");
    assert_eq!(log[1]["actor"], "tester");
    assert_eq!(log[1]["after"]["counts"]["roles"], 9);
}

#[test]
fn a_bad_model_file_is_refused_with_where_and_why_and_the_vault_is_untouched() {
    let cli = Cli::new();
    cli.ok(&["init", "m.gatehouse"]);
    let before = sha(&cli.path("m.gatehouse"));

    fs_err::write(
        cli.path("broken.json"),
        "{\n  \"meta\": {\"name\": \"x\"},\n  \"roles\": [\n",
    )
    .unwrap();
    let err = cli.fails(&["model", "import", "m.gatehouse", "broken.json"]);
    assert!(
        err.contains("broken.json") && err.contains("line 4"),
        "{err}"
    );
    assert!(err.contains("[model_json_syntax]"), "{err}");

    let mut model: serde_json::Value =
        serde_json::from_str(&cli.ok(&["model", "export", "m.gatehouse"])).unwrap();
    model["assignments"][0]["role"] = "ghost".into();
    fs_err::write(cli.path("invalid.json"), model.to_string()).unwrap();
    let err = cli.fails(&["model", "import", "m.gatehouse", "invalid.json"]);
    assert!(
        err.contains("refers to role \"ghost\", which does not exist"),
        "{err}"
    );
    assert!(err.contains("[invalid_model]"), "{err}");

    assert_eq!(
        sha(&cli.path("m.gatehouse")),
        before,
        "a refused import must not touch the vault"
    );
}

#[test]
fn recipients_can_be_added_and_removed_but_never_all() {
    let cli = Cli::new();
    cli.ok(&["init", "m.gatehouse"]);
    let other = Cli::new();
    let other_key = public_key(&other.path("identity.age"));

    let list = cli.ok(&["recipients", "add", "m.gatehouse", &other_key]);
    assert_eq!(list.lines().count(), 2);
    // The other person can now open it.
    fs_err::copy(cli.path("m.gatehouse"), other.path("m.gatehouse")).unwrap();
    assert_eq!(
        other.show("m.gatehouse")["counts"]["roles"],
        8,
        "a vault shared to a recipient opens for them"
    );

    let own = cli
        .ok(&["recipients", "list", "m.gatehouse"])
        .lines()
        .find(|l| l.ends_with("# you"))
        .and_then(|l| l.split_whitespace().next())
        .expect("your own key is marked")
        .to_string();
    let err = cli.fails(&["recipients", "remove", "m.gatehouse", &own]);
    assert!(err.contains("[remove_self]"), "{err}");
    cli.ok(&["recipients", "remove", "m.gatehouse", &other_key]);
    let err = cli.fails(&["recipients", "remove", "m.gatehouse", &own, "--force"]);
    assert!(err.contains("[last_recipient]"), "{err}");
    let err = cli.fails(&["recipients", "add", "m.gatehouse", "age1notakey"]);
    assert!(err.contains("[invalid_recipient]"), "{err}");
    assert_eq!(
        cli.show("m.gatehouse")["events"],
        3,
        "two recipient changes were audited"
    );
}

#[test]
fn a_protected_identity_and_the_wrong_passphrase() {
    let mut cli = Cli {
        dir: tempfile::tempdir().unwrap(),
        passphrase: Some("a long passphrase"),
        calls: Default::default(),
    };
    let key = cli.ok(&["keygen"]);
    assert!(key.starts_with("age1"), "{key}");
    assert!(fs_err::read_to_string(cli.path("identity.age"))
        .unwrap()
        .starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
    let err = cli.fails(&["keygen"]);
    assert!(err.contains("[identity_exists]"), "{err}");
    cli.ok(&["init", "m.gatehouse"]);
    let before = sha(&cli.path("m.gatehouse"));

    cli.passphrase = Some("not the passphrase");
    let err = cli.fails(&["show", "m.gatehouse"]);
    assert!(
        err.contains("wrong passphrase") && err.contains("[wrong_passphrase]"),
        "{err}"
    );
    cli.passphrase = None;
    let err = cli.fails(&["show", "m.gatehouse"]);
    assert!(err.contains("[passphrase_required]"), "{err}");
    fs_err::write(cli.path("pass.txt"), "a long passphrase\n").unwrap();
    cli.ok(&["show", "m.gatehouse", "--passphrase-file", "pass.txt"]);
    assert_eq!(sha(&cli.path("m.gatehouse")), before);
}

#[test]
fn errors_name_the_file_and_exit_non_zero() {
    let cli = Cli::new();
    fs_err::write(cli.path("roles.csv"), "Role,Capability\n").unwrap();
    let err = cli.fails(&["show", "roles.csv"]);
    assert!(
        err.contains("roles.csv: not a Gatehouse vault") && err.contains("[not_a_vault]"),
        "{err}"
    );
    let err = cli.fails(&["init", "roles.csv"]);
    assert!(err.contains("[file_exists]"), "{err}");
    let err = cli.fails(&["init", "new.gatehouse", "--template", "nope"]);
    assert!(err.contains("no template named \"nope\""), "{err}");
    assert!(!cli.path("new.gatehouse").exists());
}

#[test]
fn the_readme_flow_age_and_sqlite3_open_a_vault_and_a_tampered_log_is_caught() {
    let cli = Cli::new();
    cli.ok(&["init", "m.gatehouse"]);
    let db = cli.path("m.db");
    let status = Command::new("age")
        .args(["-d", "-i"])
        .arg(cli.path("identity.age"))
        .arg("-o")
        .arg(&db)
        .arg(cli.path("m.gatehouse"))
        .status()
        .unwrap();
    assert!(status.success());
    let out = Command::new("sqlite3")
        .arg(&db)
        .arg("SELECT name FROM role ORDER BY name LIMIT 2")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "App Owner\nBusiness Validator\n"
    );

    // Rewrite history with sqlite3 and re-encrypt with age: `log --verify` names the event.
    let out = Command::new("sqlite3")
        .arg(&db)
        .arg("UPDATE audit_event SET actor = 'mallory' WHERE seq = 1")
        .output()
        .unwrap();
    assert!(out.status.success());
    let recipient = public_key(&cli.path("identity.age"));
    let status = Command::new("age")
        .args(["-r", &recipient, "-o"])
        .arg(cli.path("forged.gatehouse"))
        .arg(&db)
        .status()
        .unwrap();
    assert!(status.success());
    let err = cli.fails(&["log", "forged.gatehouse", "--verify"]);
    assert!(err.contains("audit event 1 has been altered"), "{err}");
}

#[test]
fn check_reports_findings_on_a_date_and_fails_on_a_threshold() {
    let cli = Cli::new();
    cli.ok(&["init", "m.gatehouse"]);
    let report: serde_json::Value =
        serde_json::from_str(&cli.ok(&["check", "m.gatehouse", "--at", "2026-11-27", "--json"]))
            .unwrap();
    assert_eq!(report["at"], "2026-11-27");
    let findings = report["findings"].as_array().unwrap();
    let codes: Vec<&str> = findings
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    // Hugo's temporary Business Validator role makes him requester and approver.
    assert_eq!(
        codes,
        ["sod_conflict", "unapproved_use", "unvetted_dependency"]
    );
    assert_eq!(findings[0]["severity"], "high");
    assert!(findings[0]["message"]
        .as_str()
        .unwrap()
        .starts_with("Hugo Silva holds both Request change and Approve change"));
    assert!(findings[0]["entities"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!({"kind": "person", "key": "hugo-silva"})));
    assert!(!findings[0]["fix"].as_str().unwrap().is_empty());

    // After his temporary access ends, the conflict is gone and the expired access shows.
    let later: serde_json::Value =
        serde_json::from_str(&cli.ok(&["check", "m.gatehouse", "--at", "2027-01-10", "--json"]))
            .unwrap();
    let codes: Vec<&str> = later["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["unapproved_use", "expired_access", "unvetted_dependency"]
    );

    let err = cli.fails(&[
        "check",
        "m.gatehouse",
        "--at",
        "2026-11-27",
        "--fail-on",
        "high",
    ]);
    assert!(
        err.contains("2 finding(s) at or above high severity"),
        "{err}"
    );
    cli.ok(&[
        "check",
        "m.gatehouse",
        "--at",
        "2026-11-27",
        "--fail-on",
        "critical",
    ]);
    let out = cli.run(&["check", "m.gatehouse", "--at", "27/11/2026"]);
    assert!(!out.status.success(), "a malformed date is refused");
}

#[test]
fn scripted_edits_change_findings_and_are_audited() {
    let cli = Cli::new();
    cli.ok(&["init", "m.gatehouse"]);
    let codes = |cli: &Cli| -> Vec<String> {
        let report: serde_json::Value = serde_json::from_str(&cli.ok(&[
            "check",
            "m.gatehouse",
            "--at",
            "2026-11-27",
            "--json",
        ]))
        .unwrap();
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    // Names or ids both work.
    cli.ok(&[
        "grant",
        "m.gatehouse",
        "--role",
        "Citizen Developer",
        "--capability",
        "deploy-production",
        "--effect",
        "allow",
    ]);
    let after_grant = codes(&cli);
    assert_eq!(after_grant[0], "citizen_developer_deploys_to_production");
    assert!(
        after_grant.iter().filter(|c| *c == "sod_conflict").count() >= 2,
        "Ana and Hugo now build and deploy: {after_grant:?}"
    );

    cli.ok(&[
        "grant",
        "m.gatehouse",
        "--role",
        "citizen-developer",
        "--capability",
        "Deploy to production",
        "--effect",
        "deny",
    ]);
    cli.ok(&[
        "unassign",
        "m.gatehouse",
        "--person",
        "Hugo Silva",
        "--role",
        "Business Validator",
    ]);
    cli.ok(&[
        "own",
        "m.gatehouse",
        "--asset",
        "SAP ERP",
        "--integration-owner",
        "Eva Novák",
    ]);
    assert_eq!(codes(&cli), ["unapproved_use", "unvetted_dependency"]);

    cli.ok(&[
        "assign",
        "m.gatehouse",
        "--person",
        "ines-berg",
        "--role",
        "it-approver",
        "--until",
        "2026-12-15",
        "--why",
        "Year-end cover",
    ]);
    let revoke = [
        "revoke",
        "m.gatehouse",
        "--role",
        "viewer",
        "--capability",
        "view-app",
    ];
    cli.ok(&revoke);
    let err = cli.fails(&revoke);
    assert!(
        err.contains("[not_found]"),
        "revoking it again finds nothing: {err}"
    );
    let err = cli.fails(&[
        "assign",
        "m.gatehouse",
        "--person",
        "Nobody Known",
        "--role",
        "viewer",
    ]);
    assert!(
        err.contains("no person with the id or name \"Nobody Known\""),
        "{err}"
    );

    let model: serde_json::Value =
        serde_json::from_str(&cli.ok(&["model", "export", "m.gatehouse"])).unwrap();
    let temp = model["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["person"] == "ines-berg" && a["role"] == "it-approver")
        .unwrap();
    assert_eq!(temp["valid_until"], "2026-12-15");
    assert_eq!(temp["justification"], "Year-end cover");
    let log: Vec<serde_json::Value> = cli
        .ok(&["log", "m.gatehouse", "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let actions: Vec<&str> = log.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        [
            "model.create",
            "grant.upsert",
            "grant.upsert",
            "model.batch",
            "ownership.upsert",
            "assignment.upsert",
            "grant.delete"
        ]
    );
}
