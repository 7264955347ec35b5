//! The governance operations on a real vault: the exception register, named versions and
//! their diff, restore.

use crate::Cli;

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn exceptions_are_added_listed_checked_and_ended() {
    let cli = Cli::new();
    cli.ok(&["init", "m.gatehouse"]);
    let add = |approver: &str| {
        vec![
            "exception",
            "add",
            "m.gatehouse",
            "--waives",
            "sod-rule",
            "--rule",
            "Requester vs approver",
            "--person",
            "Hugo Silva",
            "--approver",
            approver,
            "--why",
            "Pilot; the CAB reviews each approval",
            "--from",
            "2026-11-01",
            "--until",
            "2099-12-31",
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>()
    };
    let args = add("Hugo Silva");
    let err = cli.fails(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(err.contains("[exception_self_approval]"), "{err}");
    let args = add("Grace Kim");
    let err = cli.fails(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        err.contains("[exception_approver_conflict]")
            && err.contains("Grace Kim is in SoD conflict with Hugo Silva"),
        "{err}"
    );
    let args = add("Ines Berg");
    cli.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());

    let register = json(&cli.ok(&["exception", "list", "m.gatehouse", "--json"]));
    assert_eq!(register["rows"][0]["status"], "in_force");
    assert_eq!(register["rows"][0]["accepts"].as_array().unwrap().len(), 1);
    // The accepted conflict is listed by check, marked accepted (and not open).
    let check = cli.ok(&["check", "m.gatehouse", "--at", "2026-12-01"]);
    assert!(
        check.contains(
            "accepted by the exception exc-hugo-silva-sod-request-approve until 2099-12-31"
        ),
        "{check}"
    );
    let sod = |at: Option<&str>| -> (usize, usize) {
        let mut args = vec!["check", "m.gatehouse", "--json"];
        args.extend(at.map(|d| ["--at", d]).into_iter().flatten());
        let report = json(&cli.ok(&args));
        let sod: Vec<serde_json::Value> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "sod_conflict")
            .cloned()
            .collect();
        let accepted = sod.iter().filter(|f| f.get("accepted").is_some()).count();
        (sod.len() - accepted, accepted)
    };
    assert_eq!(sod(Some("2026-12-01")), (0, 1));

    cli.ok(&[
        "exception",
        "end",
        "m.gatehouse",
        "exc-hugo-silva-sod-request-approve",
    ]);
    let register = json(&cli.ok(&["exception", "list", "m.gatehouse", "--json"]));
    assert_eq!(register["rows"][0]["status"], "expired");
    // Ended yesterday: open again today (Hugo's stand-in access lasts until 2026-12-31).
    assert_eq!(sod(None), (1, 0), "the conflict is open again");
    let log = cli.ok(&["log", "m.gatehouse", "--kind", "exception"]);
    assert_eq!(log.lines().count(), 2, "{log}");
}

#[test]
fn a_diff_lists_exactly_the_edits_between_versions_and_restore_gives_the_old_model_back() {
    let cli = Cli::new();
    cli.ok(&["init", "m.gatehouse"]);
    let err = cli.fails(&["diff", "m.gatehouse"]);
    assert!(err.contains("[no_such_version]"), "{err}");
    cli.ok(&[
        "version",
        "add",
        "m.gatehouse",
        "v1.0",
        "--approved-by",
        "the CAB",
    ]);
    let v1 = cli.ok(&["model", "export", "m.gatehouse"]);
    let err = cli.fails(&["version", "add", "m.gatehouse", "v1.0"]);
    assert!(err.contains("[version_exists]"), "{err}");

    cli.ok(&[
        "assign",
        "m.gatehouse",
        "--person",
        "Ines Berg",
        "--role",
        "IT Approver",
    ]);
    cli.ok(&[
        "revoke",
        "m.gatehouse",
        "--role",
        "Viewer",
        "--capability",
        "view-app",
    ]);
    cli.ok(&[
        "own",
        "m.gatehouse",
        "--asset",
        "hr-records",
        "--owner",
        "Chloé Martin",
    ]);
    let d = json(&cli.ok(&["diff", "m.gatehouse", "--json"]));
    assert_eq!(d["from"], "v1.0");
    assert_eq!(d["to"], "current");
    let entities: Vec<(String, String, String)> = d["diff"]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().into(),
                e["key"].as_str().unwrap().into(),
                e["change"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        entities,
        [
            ("grant".into(), "viewer|view-app|*".into(), "removed".into()),
            (
                "assignment".into(),
                "asg-ines-berg-it-approver".into(),
                "added".into()
            ),
            (
                "ownership".into(),
                "hr-records|app_owner|chloe-martin".into(),
                "added".into()
            ),
        ]
        .map(|(a, b, c): (String, String, String)| (a, b, c)),
        "exactly the three edits, in kind order"
    );
    let text = cli.ok(&["diff", "m.gatehouse"]);
    assert!(
        text.starts_with("v1.0 → current: 3 entities differ"),
        "{text}"
    );

    cli.ok(&["version", "add", "m.gatehouse", "v1.1"]);
    let between = json(&cli.ok(&["diff", "m.gatehouse", "v1.0", "v1.1", "--json"]));
    assert_eq!(between["diff"]["entities"].as_array().unwrap().len(), 3);
    cli.ok(&["version", "restore", "m.gatehouse", "v1.0"]);
    assert_eq!(
        cli.ok(&["model", "export", "m.gatehouse"]),
        v1,
        "the old model, byte for byte"
    );
    let back = json(&cli.ok(&["diff", "m.gatehouse", "v1.0", "--json"]));
    assert!(back["diff"]["entities"].as_array().unwrap().is_empty());
    let log = cli.ok(&["log", "m.gatehouse", "--kind", "model"]);
    assert!(
        log.contains("model.replace") && log.contains("restore version \"v1.0\""),
        "restore is one audited edit, naming the version: {log}"
    );
    let list = json(&cli.ok(&["version", "list", "m.gatehouse", "--json"]));
    assert_eq!(list[0]["approved_by"], "the CAB");
    assert_eq!(list[0]["is_current"], true);
    assert_eq!(list[1]["is_current"], false);
}
