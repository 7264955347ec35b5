//! `gatehouse drift` on the actual access exports in samples/actual, against the generic
//! template: the exact differences each sample was made with, and the check in the log.

use std::path::PathBuf;

use serde_json::{json, Value};

use crate::Cli;

fn actual(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/actual")
        .join(name)
        .display()
        .to_string()
}

/// A vault of the generic template.
fn template() -> Cli {
    let cli = Cli::new();
    cli.ok(&["init", "m.gatehouse"]);
    cli
}

fn entry(person: &str, role: &str, environment: Option<&str>, source: Option<&str>) -> Value {
    json!({"person": person, "role": role, "environment": environment, "source": source})
}

fn unmatched(
    person: &str,
    role: &str,
    environment: Option<&str>,
    source: &str,
    unknown: &[&str],
) -> Value {
    json!({"person": person, "role": role, "environment": environment, "source": source,
           "unknown": unknown})
}

/// What `gatehouse drift` prints for the sample `file` judged on `at`.
fn drift_text(cli: &Cli, file: &str, at: &str) -> String {
    cli.ok(&["drift", "m.gatehouse", &actual(file), "--at", at])
}

fn drift_json(cli: &Cli, file: &str, at: &str) -> Value {
    let out = cli.ok(&["drift", "m.gatehouse", &actual(file), "--at", at, "--json"]);
    serde_json::from_str(&out).expect("--json prints one JSON document")
}

#[test]
fn power_platform_user_export() {
    let cli = template();
    let d = drift_json(&cli, "power-platform-users.xlsx", "2027-01-15");
    assert_eq!(
        d,
        json!({
            "unauthorised": [
                entry("ana-lima", "it-administrator", None, Some("Users!A2")),
                entry("chloe-martin", "viewer", None, Some("Users!A4")),
            ],
            "missing": [entry("dev-patel", "data-steward", None, None)],
            "expired_present": [
                entry("hugo-silva", "business-validator", None, Some("Users!A9")),
            ],
            "unmatched": [
                unmatched("Ben Okafor", "Environment Maker", None, "Users!A3", &["role"]),
                unmatched("Zoe Quinn", "Viewer", None, "Users!A11", &["person"]),
            ],
        }),
        "several roles in a cell are one assignment each; Dev's disabled row is not access"
    );
}

#[test]
fn servicenow_user_role_table() {
    let cli = template();
    let d = drift_json(&cli, "servicenow-sys_user_has_role.csv", "2027-01-15");
    let src = |cell: &str| format!("'servicenow-sys_user_has_role'!{cell}");
    assert_eq!(
        d,
        json!({
            "unauthorised": [entry("ben-okafor", "it-approver", None, Some(&src("A7")))],
            "missing": [entry("eva-novak", "it-approver", None, None)],
            "expired_present": [
                entry("hugo-silva", "business-validator", None, Some(&src("A5"))),
            ],
            "unmatched": [
                unmatched("Ana Lima", "sn_app_eng_studio.user", None, &src("A3"), &["role"]),
                unmatched("svc.pipeline", "it-administrator", None, &src("A14"), &["person"]),
            ],
        }),
        "roles by id, people by name; Eva's inactive row is not access"
    );
}

#[test]
fn generic_user_role_list_with_environments() {
    let cli = template();
    let d = drift_json(&cli, "user-roles-generic.csv", "2026-12-15");
    let src = |cell: &str| format!("'user-roles-generic'!{cell}");
    assert_eq!(
        d,
        json!({
            "unauthorised": [
                entry("hugo-silva", "business-validator", Some("production"), Some(&src("A10"))),
            ],
            "missing": [
                entry("hugo-silva", "business-validator", Some("test"), None),
                entry("ines-berg", "viewer", None, None),
            ],
            "expired_present": [],
            "unmatched": [
                unmatched("Ines Berg", "Viewer", Some("UAT"), &src("A11"), &["environment"]),
                unmatched("Chloe Martin", "Viewer", None, &src("A12"), &["person"]),
            ],
        }),
        "names in any case and spacing match; 'Chloe' is not 'Chloé'; Hugo's cover is for Test only"
    );
    // After Hugo's cover ended, his Test assignment is not missing any more.
    let january = drift_json(&cli, "user-roles-generic.csv", "2027-01-15");
    assert_eq!(
        january["missing"],
        json!([entry("ines-berg", "viewer", None, None)])
    );
}

#[test]
fn the_text_names_each_row_and_the_check_is_in_the_log() {
    let cli = template();
    let out = drift_text(&cli, "power-platform-users.xlsx", "2027-01-15");
    assert!(
        out.contains("on 2027-01-15: 2 unauthorised, 1 missing, 1 expired still present, 2 unmatched (13 assignments read)"),
        "{out}"
    );
    assert!(
        out.contains("[high] drift_unauthorised  Users!A2: Ana Lima holds IT Administrator on the platform, but no assignment of the model gives it."),
        "{out}"
    );
    assert!(
        out.contains("[high] drift_expired_present  Users!A9: Hugo Silva holds Business Validator on the platform, but the model's assignment ended on 2026-12-31."),
        "{out}"
    );
    assert!(
        out.contains(r#"Users!E5: "Status" says "Disabled" for "Dev Patel" as "Data Steward": not active access, not imported"#),
        "the row left out is said so: {out}"
    );
    assert!(
        out.contains("recorded as audit event 2 (drift.check)"),
        "{out}"
    );

    let log = cli.ok(&["log", "m.gatehouse", "--kind", "drift"]);
    assert_eq!(log.lines().count(), 1, "{log}");
    assert!(
        log.contains("drift.check")
            && log.contains("drift check of power-platform-users.xlsx (sha256 ")
            && log.contains(
                "on 2027-01-15: 2 unauthorised, 1 missing, 1 expired still present, 2 unmatched"
            ),
        "{log}"
    );
    let event: Value = serde_json::from_str(
        cli.ok(&["log", "m.gatehouse", "--json", "--kind", "drift"])
            .trim(),
    )
    .unwrap();
    let after = &event["after"];
    assert_eq!(after["file"], "power-platform-users.xlsx");
    assert_eq!(
        after["sha256"],
        crate::sha(&PathBuf::from(actual("power-platform-users.xlsx"))),
        "the export's SHA-256"
    );
    assert_eq!(after["at"], "2027-01-15");
    assert_eq!(
        after["counts"],
        json!({"unauthorised": 2, "missing": 1, "expired_present": 1, "unmatched": 2})
    );
    assert_eq!(
        after["drift"]["unauthorised"][0],
        entry("ana-lima", "it-administrator", None, Some("Users!A2")),
        "a small check keeps its entries"
    );
    cli.ok(&["log", "m.gatehouse", "--verify"]);
}

#[test]
fn the_last_check_is_read_back_from_the_log() {
    let cli = template();
    assert!(cli
        .ok(&["drift", "m.gatehouse", "--last"])
        .contains("no drift check recorded yet"));
    assert_eq!(
        cli.ok(&["drift", "m.gatehouse", "--last", "--json"]).trim(),
        "null"
    );
    drift_json(&cli, "power-platform-users.xlsx", "2027-01-15");
    drift_json(&cli, "user-roles-generic.csv", "2026-12-15");
    let last: Value =
        serde_json::from_str(&cli.ok(&["drift", "m.gatehouse", "--last", "--json"])).unwrap();
    assert_eq!(last["file"], "user-roles-generic.csv", "the latest of two");
    assert_eq!(last["at"], "2026-12-15");
    assert_eq!(last["event"], 3);
    assert_eq!(last["actor"], "tester");
    assert_eq!(
        last["counts"],
        json!({"unauthorised": 1, "missing": 2, "expired_present": 0, "unmatched": 2})
    );
    assert_eq!(
        last["drift"]["missing"][1],
        entry("ines-berg", "viewer", None, None)
    );
    let text = cli.ok(&["drift", "m.gatehouse", "--last"]);
    assert!(
        text.contains("(audit event 3): user-roles-generic.csv (sha256 ")
            && text.contains(
                "on 2026-12-15: 1 unauthorised, 2 missing, 0 expired still present, 2 unmatched"
            ),
        "{text}"
    );
}

#[test]
fn drift_is_a_result_unless_fail_on_drift() {
    let cli = template();
    let file = actual("servicenow-sys_user_has_role.csv");
    let out = cli.run(&["drift", "m.gatehouse", &file, "--at", "2027-01-15"]);
    assert_eq!(out.status.code(), Some(0), "drift found is a result");
    let out = cli.run(&[
        "drift",
        "m.gatehouse",
        &file,
        "--at",
        "2027-01-15",
        "--fail-on-drift",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(4), "the status of check --fail-on");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.trim_end().ends_with(
            "servicenow-sys_user_has_role.csv: 1 unauthorised, 1 missing, 1 expired still present, 2 unmatched against m.gatehouse [drift_found]"
        ),
        "{err}"
    );
    let d: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        d.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["expired_present", "missing", "unauthorised", "unmatched"],
        "the JSON is still printed, with exactly these keys"
    );
    let summary = cli.show("m.gatehouse");
    assert_eq!(summary["events"], 3, "both checks are recorded");
}

#[test]
fn an_export_without_assignments_is_refused_and_not_recorded() {
    let cli = template();
    let raci = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../samples/raci.xlsx")
        .display()
        .to_string();
    let err = cli.fails(&["drift", "m.gatehouse", &raci]);
    assert!(
        err.contains("raci.xlsx: no assignment (who holds which role) was read")
            && err.contains("[drift_empty]"),
        "{err}"
    );
    let err = cli.fails(&["drift", "m.gatehouse", "nowhere.csv"]);
    assert!(
        err.contains("nowhere.csv") && err.contains("[import_io]"),
        "{err}"
    );
    assert_eq!(cli.show("m.gatehouse")["events"], 1, "nothing recorded");
}

/// Access outside the model, waived for one person by an exception, is shown accepted with
/// the exception named; the other differences stay open.
#[test]
fn an_exception_for_access_outside_the_model_accepts_the_drift_finding() {
    let cli = template();
    let said = cli.ok(&[
        "exception",
        "add",
        "m.gatehouse",
        "--waives",
        "access",
        "--rule",
        "IT Administrator",
        "--person",
        "Ana Lima",
        "--approver",
        "Ines Berg",
        "--why",
        "Covers the platform migration; removed when it ends",
        "--from",
        "2027-01-01",
        "--until",
        "2027-03-31",
    ]);
    assert!(
        said.contains("exc-ana-lima-access.it-administrator"),
        "{said}"
    );
    let list = cli.ok(&["exception", "list", "m.gatehouse", "--at", "2027-01-15"]);
    assert!(
        list.contains("access outside the model: IT Administrator"),
        "{list}"
    );
    let out = drift_text(&cli, "power-platform-users.xlsx", "2027-01-15");
    let ana = out
        .split("\n\n")
        .find(|block| block.contains("Users!A2: Ana Lima holds IT Administrator"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        ana.contains("accepted: exception exc-ana-lima-access.it-administrator until 2027-03-31 (Covers the platform migration"),
        "{ana}"
    );
    assert_eq!(out.matches("accepted: exception").count(), 1, "{out}");
    // In another environment than the one waived, the same access stays open.
    let err = cli.fails(&[
        "exception",
        "add",
        "m.gatehouse",
        "--waives",
        "access",
        "--rule",
        "Viewer|Staging",
        "--person",
        "Chloé Martin",
        "--approver",
        "Ines Berg",
        "--why",
        "x",
        "--until",
        "2027-03-31",
    ]);
    assert!(
        err.contains("Staging"),
        "an unknown environment is named: {err}"
    );
}
