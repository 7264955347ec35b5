//! `gatehouse change` on a vault made from the generic template: a request through the
//! test-to-production gate (IT sign-off, business validation, data steward, 24 working
//! hours of office time after the last approval), sign-offs refused and given, promotion
//! refused before the wait timer and allowed after it, the change log.

use std::process::Command;

use crate::Cli;

/// Runs `args` with the clock at `now` (instead of the harness's next minute).
fn at(cli: &Cli, now: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gatehouse"))
        .args(args)
        .current_dir(cli.dir.path())
        .env("GATEHOUSE_IDENTITY", cli.path("identity.age"))
        .env("GATEHOUSE_ACTOR", "tester")
        .env("GATEHOUSE_NOW", now)
        .env_remove("GATEHOUSE_PASSPHRASE")
        .output()
        .unwrap()
}

fn requested() -> Cli {
    let cli = Cli::new();
    cli.ok(&["init", "m.gatehouse", "--template", "generic-nocode"]);
    let out = cli.ok(&[
        "change",
        "request",
        "m.gatehouse",
        "--requester",
        "Ana Lima",
        "--asset",
        "Expense Claims",
        "--to",
        "production",
        "--description",
        "New receipt upload field",
    ]);
    assert!(
        out.contains("Recorded chg-1: Expense Claims to Production (test to production)"),
        "{out}"
    );
    assert!(out.contains("IT sign-off applies"), "{out}");
    cli
}

fn list(cli: &Cli) -> serde_json::Value {
    serde_json::from_str(&cli.ok(&["change", "list", "m.gatehouse", "--json"])).unwrap()
}

fn sign(cli: &Cli, person: &str) -> std::process::Output {
    cli.run(&[
        "change",
        "sign",
        "m.gatehouse",
        "chg-1",
        "--person",
        person,
        "--decision",
        "approve",
        "--comment",
        "checked",
    ])
}

#[test]
fn a_dry_run_records_nothing() {
    let cli = Cli::new();
    cli.ok(&["init", "m.gatehouse", "--template", "generic-nocode"]);
    let before = list(&cli)["rows"].as_array().unwrap().len();
    let out = cli.ok(&[
        "change",
        "request",
        "m.gatehouse",
        "--requester",
        "ana-lima",
        "--asset",
        "expense-claims",
        "--to",
        "production",
        "--description",
        "x",
        "--dry-run",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["recorded"], false);
    assert_eq!(v["simulation"]["verdict"], "needs_approvals");
    assert_eq!(list(&cli)["rows"].as_array().unwrap().len(), before);
}

#[test]
fn ineligible_sign_offs_are_refused_with_the_reason_and_record_nothing() {
    let cli = requested();
    let before = crate::sha(&cli.path("m.gatehouse"));
    for (who, says) in [
        ("Ana Lima", "requester never signs"),
        (
            "Ines Berg",
            "no role or ownership an applying requirement asks for",
        ),
    ] {
        let out = sign(&cli, who);
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(!out.status.success(), "{who} signed");
        assert!(err.contains("[change_ineligible_signer]"), "{err}");
        assert!(err.contains(says) && err.contains("chg-1"), "{err}");
    }
    assert_eq!(
        crate::sha(&cli.path("m.gatehouse")),
        before,
        "nothing saved"
    );
    let err = cli.fails(&[
        "change",
        "promote",
        "m.gatehouse",
        "chg-9",
        "--by",
        "Eva Novák",
    ]);
    assert!(
        err.contains("[change_unknown]") && err.contains("chg-1"),
        "{err}"
    );
}

#[test]
fn promotion_waits_for_every_approval_and_the_wait_timer() {
    let cli = requested();
    // Wednesday 2 December from 09:0x: the requester's request, then three sign-offs.
    let err = cli.fails(&[
        "change",
        "promote",
        "m.gatehouse",
        "chg-1",
        "--by",
        "Eva Novák",
    ]);
    assert!(
        err.contains("[change_gate_unsatisfied]")
            && err.contains("IT sign-off")
            && err.contains("the refused attempt is recorded on chg-1"),
        "{err}"
    );
    for who in ["Eva Novák", "Farid Haddad", "Dev Patel"] {
        let out = sign(&cli, who);
        assert!(
            out.status.success(),
            "{who}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            said.starts_with(&format!("chg-1 approved by {who} (")),
            "{said}"
        );
    }
    let again = sign(&cli, "Eva Novák");
    assert!(String::from_utf8_lossy(&again.stderr).contains("[change_already_signed]"));

    let v = list(&cli);
    let row = &v["rows"][0];
    assert_eq!(row["entry"]["status"], "approved");
    let last = row["entry"]["sign_offs"][2]["at"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(row["entry"]["approved_at"], last.as_str());

    // 24 working hours of 09:00–17:00 from Wednesday ~09:05: the next Monday ~09:05.
    let early = at(
        &cli,
        "2026-12-04T16:00:00Z",
        &[
            "change",
            "promote",
            "m.gatehouse",
            "chg-1",
            "--by",
            "Eva Novák",
        ],
    );
    let err = String::from_utf8(early.stderr).unwrap();
    assert!(!early.status.success());
    assert!(
        err.contains("[change_gate_unsatisfied]")
            && err.contains("wait timer")
            && err.contains("2026-12-07"),
        "{err}"
    );
    let ok = at(
        &cli,
        "2026-12-07T10:00:00Z",
        &[
            "change",
            "promote",
            "m.gatehouse",
            "chg-1",
            "--by",
            "Eva Novák",
        ],
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let said = String::from_utf8_lossy(&ok.stdout);
    assert!(
        said.starts_with("chg-1 promoted to production by Eva Novák"),
        "{said}"
    );

    let v = list(&cli);
    let e = &v["rows"][0]["entry"];
    assert_eq!(e["status"], "deployed");
    // Both refused attempts are on the record, each with its rule: deployments avoided.
    let holds: Vec<&str> = (e["refused"].as_array().unwrap().iter())
        .map(|r| r["hold"].as_str().unwrap())
        .collect();
    assert_eq!(holds, ["approvals", "wait_timer"]);
    assert_eq!(e["refused"][1]["at"], "2026-12-04T16:00:00Z");
    assert_eq!(
        e["near_miss"],
        serde_json::json!([]),
        "standing access only"
    );
    assert_eq!(e["promoted_by_name"], "Eva Novák");
    assert_eq!(e["promoted_at"], "2026-12-07T10:00:00Z");
    assert_eq!(
        e["seconds_to_promotion"],
        (chrono::DateTime::parse_from_rfc3339("2026-12-07T10:00:00Z").unwrap()
            - chrono::DateTime::parse_from_rfc3339(e["requested_at"].as_str().unwrap()).unwrap())
        .num_seconds()
    );
    let text = cli.ok(&["change", "list", "m.gatehouse"]);
    assert!(
        text.contains("promoted by Eva Novák")
            && text.contains("time to approval: 00:0")
            && text.contains("promotion refused at 2026-12-04 16:00:00 UTC: gate"),
        "{text}"
    );
    let log = cli.ok(&["log", "m.gatehouse"]);
    assert!(
        log.matches("chg-1").count() >= 7,
        "request, a refusal, 3 sign-offs, a refusal, promotion audited: {log}"
    );
    assert_eq!(
        log.matches("refused promotion of change request \"chg-1\" by Eva Novák")
            .count(),
        2,
        "{log}"
    );
    let err = cli.fails(&[
        "change",
        "sign",
        "m.gatehouse",
        "chg-1",
        "--person",
        "Grace Kim",
        "--decision",
        "reject",
    ]);
    assert!(err.contains("[change_closed]"), "{err}");
}
