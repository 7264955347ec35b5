//! `gatehouse simulate` on a real vault made from the generic template.

use crate::Cli;

fn vault() -> Cli {
    let cli = Cli::new();
    cli.ok(&["init", "model.gatehouse", "--template", "generic-nocode"]);
    cli
}

const AT: &str = "2026-12-01T10:00:00Z";

/// `simulate` on the vault for one request, `extra` words after it.
fn request<'a>(requester: &'a str, asset: &'a str, to: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "simulate",
        "model.gatehouse",
        "--requester",
        requester,
        "--asset",
        asset,
        "--to",
        to,
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn a_citizen_developer_promoting_to_production_reads_as_sentences() {
    let cli = vault();
    let out = cli.ok(&request(
        "Ana Lima",
        "Expense Claims",
        "production",
        &["--at", AT],
    ));
    assert!(
        out.contains("Ana Lima asks to promote \"Expense Claims\" from Test to Production"),
        "{out}"
    );
    assert!(out.contains("IT sign-off applies"), "{out}");
    assert!(out.contains("Business validation applies"), "{out}");
    assert!(out.contains("Data steward approval applies"), "{out}");
    assert!(out.contains("Verdict: needs approvals"), "{out}");
}

#[test]
fn json_output_is_the_typed_trace() {
    let cli = vault();
    let out = cli.ok(&request(
        "ana-lima",
        "expense-claims",
        "production",
        &["--attr", "touches_integration", "--at", AT, "--json"],
    ));
    let trace: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(trace["verdict"], "needs_approvals");
    assert_eq!(trace["request"]["from"], "test");
    assert_eq!(
        trace["tier"]["tier"], "high",
        "confidential data with an integration"
    );
    assert_eq!(trace["gates"][0]["gate"], "gate-test-prod");
}

#[test]
fn a_blocked_request_is_a_result_unless_fail_if_blocked() {
    let cli = vault();
    // Take away IT sign-off's only approver.
    cli.ok(&[
        "unassign",
        "model.gatehouse",
        "--person",
        "Eva Novák",
        "--role",
        "IT Approver",
    ]);
    let args = request("Ana Lima", "Expense Claims", "production", &["--at", AT]);
    let out = cli.ok(&args);
    assert!(out.contains("IT sign-off applies (it applies to every change) and blocks the promotion: no eligible IT Approver"), "{out}");
    let mut failing = args.to_vec();
    failing.push("--fail-if-blocked");
    let run = cli.run(&failing);
    assert_eq!(run.status.code(), Some(3), "its own exit status");
    assert!(String::from_utf8_lossy(&run.stderr).contains("[blocked]"));
}

#[test]
fn unknown_names_say_which_and_the_closest() {
    let cli = vault();
    let err = cli.fails(&request("Ana Lema", "Expense Claims", "production", &[]));
    assert!(
        err.contains("no person \"Ana Lema\"") && err.contains("Ana Lima (ana-lima)"),
        "{err}"
    );
    assert!(err.contains("[unknown_person]"), "{err}");
    let err = cli.fails(&request("Ana Lima", "Expense Claims", "prod", &[]));
    assert!(
        err.contains("[unknown_environment]") && err.contains("Production (production)"),
        "{err}"
    );
    let err = cli.fails(&request("Ana Lima", "Expense Clams", "production", &[]));
    assert!(
        err.contains("[unknown_asset]") && err.contains("Expense Claims"),
        "{err}"
    );
    let err = cli.fails(&request(
        "Ana Lima",
        "Expense Claims",
        "production",
        &["--attr", "shiny"],
    ));
    assert!(err.contains("[invalid_attribute]"), "{err}");
}

#[test]
fn the_moment_is_a_date_a_time_or_rfc_3339() {
    let cli = vault();
    let base = request(
        "Ana Lima",
        "Expense Claims",
        "production",
        &["--json", "--at"],
    );
    for (at, expected) in [
        ("2026-12-01", "2026-12-01T00:00:00Z"),
        ("2026-12-01T10:30", "2026-12-01T10:30:00Z"),
        ("2026-12-01T11:30:00+01:00", "2026-12-01T10:30:00Z"),
    ] {
        let mut args = base.to_vec();
        args.push(at);
        let trace: serde_json::Value = serde_json::from_str(&cli.ok(&args)).unwrap();
        assert_eq!(trace["request"]["at"], expected, "--at {at}");
    }
    let mut args = base.to_vec();
    args.push("tomorrow");
    let err = cli.fails(&args);
    assert!(err.contains("[invalid_date]"), "{err}");
}

#[test]
fn the_sample_deck_plays_on_the_template() {
    let cli = vault();
    let deck = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../samples/decks/citizen-developer-to-production.toml"
    );
    let out = cli.ok(&["simulate", "model.gatehouse", "--deck", deck, "--json"]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let results: Vec<&str> = report["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["result"].as_str().unwrap())
        .collect();
    assert_eq!(
        results,
        [
            "done",
            "done",
            "requested",
            "blocked",
            "not_counted",
            "counted",
            "counted",
            "counted",
            "blocked",
            "promoted",
            "done",
            "requested",
            "done",
        ]
    );
    let m = &report["metrics"];
    assert_eq!(m["blocked_attempts"], 2, "the two early attempts");
    assert_eq!(
        m["near_misses"], 1,
        "Ines approved through temporary access"
    );
    assert_eq!(m["policy_adherence"], 1.0);
    assert_eq!(m["stuck"], serde_json::json!(["expenses-v3"]));
    assert_eq!(m["mean_hours_to_promotion"], 74.0);

    let text = cli.ok(&["simulate", "model.gatehouse", "--deck", deck]);
    assert!(
        text.contains("unauthorised deployments avoided 2"),
        "{text}"
    );
    assert!(
        text.contains("stuck without an eligible approver expenses-v3"),
        "{text}"
    );
}

#[test]
fn a_deck_that_does_not_parse_is_one_line_with_its_code() {
    let cli = vault();
    fs_err::write(
        cli.path("bad.toml"),
        "[[events]]\nat = \"2026-12-01T09:00:00Z\"\naction = { do = \"fly\" }\n",
    )
    .unwrap();
    let err = cli.fails(&["simulate", "model.gatehouse", "--deck", "bad.toml"]);
    assert!(
        err.contains("bad.toml") && err.contains("[deck_invalid]"),
        "{err}"
    );
}

fn monte_carlo(cli: &Cli, extra: &[&str]) -> String {
    let mut args = vec![
        "simulate",
        "model.gatehouse",
        "--monte-carlo",
        "9000",
        "--seed",
        "11",
        "--at",
        "2026-03-02T09:00",
    ];
    args.extend_from_slice(extra);
    cli.ok(&args)
}

#[test]
fn monte_carlo_json_is_the_same_on_one_thread_and_on_two() {
    let cli = vault();
    let one = monte_carlo(&cli, &["--json", "--threads", "1"]);
    let two = monte_carlo(&cli, &["--json", "--threads", "2"]);
    assert_eq!(
        one, two,
        "the same seed gives the same report whatever the threads"
    );
    let report: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(report["options"]["runs"], 9000);
    assert_eq!(
        report["promoted"], 9000,
        "every request has eligible approvers"
    );
    assert_eq!(report["gates"][0]["gate"], "gate-test-prod");
    let p = &report["overall"];
    assert!(p["p50"].as_f64() <= p["p90"].as_f64() && p["p90"].as_f64() <= p["p99"].as_f64());
    // IT sign-off applies to every change and Eva Novák is its only approver.
    assert_eq!(report["load"][0]["approvals"], 9000, "{}", report["load"]);
    assert_eq!(report["load"][0]["bottleneck"], true);
}

#[test]
fn monte_carlo_reads_a_mix_and_names_what_it_assumed() {
    let cli = vault();
    let mix = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../samples/mixes/generic-nocode.toml"
    );
    let out = monte_carlo(&cli, &["--mix", mix]);
    assert!(
        out.contains("9000 requests, seed 11, arriving over 20 days"),
        "{out}"
    );
    assert!(
        out.contains("assumed: a chance of 0.25 for user_facing, changes_data_mapping"),
        "{out}"
    );
    assert!(out.contains("Test to production"), "{out}");
    assert!(out.contains("Eva Novák"), "{out}");
}

#[test]
fn a_bad_mix_names_the_file_and_what_is_wrong() {
    let cli = vault();
    fs_err::write(cli.path("mix.toml"), "[[assets]]\nid = \"payrol\"\n").unwrap();
    let err = cli.fails(&[
        "simulate",
        "model.gatehouse",
        "--monte-carlo",
        "10",
        "--mix",
        "mix.toml",
    ]);
    assert!(err.contains("mix.toml"), "{err}");
    assert!(err.contains("asset \"payrol\""), "{err}");
    assert!(err.contains("[mix_invalid]"), "{err}");
}

#[test]
fn monte_carlo_blocked_requests_name_the_rule() {
    let cli = vault();
    cli.ok(&[
        "unassign",
        "model.gatehouse",
        "--person",
        "Eva Novák",
        "--role",
        "IT Approver",
    ]);
    let out = monte_carlo(&cli, &[]);
    assert!(out.contains("blocked: 9000 of 9000 (100.0%)"), "{out}");
    assert!(out.contains("IT sign-off"), "{out}");
}

/// A second IT approver, as an edit that is not saved.
const EXTRA_APPROVER: &str = r#"[{"op": "upsert", "entity": {"kind": "assignment",
  "value": {"id": "asg-ines-itap", "person": "ines-berg", "role": "it-approver"}}}]"#;

#[test]
fn what_if_prints_both_sides_and_what_differs_and_saves_nothing() {
    let cli = vault();
    fs_err::write(cli.path("edits.json"), EXTRA_APPROVER).unwrap();
    let before = crate::sha(&cli.path("model.gatehouse"));
    let out = cli.ok(&request(
        "Ana Lima",
        "Expense Claims",
        "production",
        &["--at", AT, "--variant", "edits.json"],
    ));
    assert!(out.contains("== the model =="), "{out}");
    assert!(out.contains("== the variant (edits.json) =="), "{out}");
    assert!(
        out.contains("IT sign-off: eligible: eva-novak → eva-novak, ines-berg"),
        "{out}"
    );
    let mc = monte_carlo(&cli, &["--variant", "edits.json", "--json"]);
    let w: serde_json::Value = serde_json::from_str(&mc).unwrap();
    let diffs = w["differences"].as_array().unwrap();
    assert!(
        diffs
            .iter()
            .any(|d| d["what"] == "approvals by Ines Berg" && d["base"] == "—"),
        "{mc}"
    );
    assert_eq!(
        w["base"]["load"][0]["approvals"], 9000,
        "Eva alone on the model"
    );
    assert_eq!(
        before,
        crate::sha(&cli.path("model.gatehouse")),
        "the vault is untouched"
    );
}

#[test]
fn a_variant_edit_that_does_not_apply_is_named() {
    let cli = vault();
    fs_err::write(
        cli.path("bad.json"),
        r#"[{"op": "delete", "kind": "person", "key": "nobody"}]"#,
    )
    .unwrap();
    let err = cli.fails(&[
        "simulate",
        "model.gatehouse",
        "--monte-carlo",
        "10",
        "--variant",
        "bad.json",
    ]);
    assert!(err.contains("bad.json: edit 1 of the variant"), "{err}");
    assert!(err.contains("[invalid_edit]"), "{err}");
}

#[test]
fn a_pinned_result_is_kept_in_the_vault_with_its_fingerprint_and_seed() {
    let cli = vault();
    let fingerprint_before: serde_json::Value =
        serde_json::from_str(&cli.ok(&["model", "export", "model.gatehouse"])).unwrap();
    assert!(
        fingerprint_before.get("pinned_simulations").is_none(),
        "a model without pins serialises as before"
    );
    monte_carlo(&cli, &["--pin", "Baseline, March"]);
    cli.ok(&request(
        "Ana Lima",
        "Expense Claims",
        "production",
        &["--at", AT, "--pin", "Ana to production"],
    ));
    let model: serde_json::Value =
        serde_json::from_str(&cli.ok(&["model", "export", "model.gatehouse"])).unwrap();
    let pins = model["pinned_simulations"].as_array().unwrap();
    assert_eq!(pins.len(), 2, "{pins:?}");
    assert_eq!(pins[1]["id"], "baseline-march");
    assert_eq!(pins[1]["kind"], "monte_carlo");
    assert_eq!(pins[1]["seed"], 11);
    assert_eq!(pins[1]["pinned_by"], "tester");
    assert_eq!(
        pins[0]["fingerprint"], pins[1]["fingerprint"],
        "pinning does not move the fingerprint results are computed on"
    );
    let result: serde_json::Value =
        serde_json::from_str(pins[1]["result"].as_str().unwrap()).unwrap();
    assert_eq!(result["options"]["runs"], 9000);
    assert_eq!(pins[0]["kind"], "request");
    assert!(pins[0]["summary"]
        .as_str()
        .unwrap()
        .starts_with("Verdict: needs approvals"));
    let log = cli.ok(&["log", "model.gatehouse"]);
    assert!(
        log.contains("pinned_simulation \"baseline-march\""),
        "{log}"
    );
}
