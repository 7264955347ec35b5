//! Access review campaigns on a real vault: start, decide (self-decision refused), close
//! (revocations applied, one undo step), status, and the reviewers' workbook round trip.

use crate::Cli;

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

fn assignments(cli: &Cli) -> Vec<String> {
    let model = json(&cli.ok(&["model", "export", "m.gatehouse"]));
    model["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_campaign_runs_to_closure_and_revokes_exactly_what_was_revoked() {
    let cli = Cli::new();
    cli.ok(&["init", "m.gatehouse"]);
    let before = assignments(&cli);
    let out = cli.ok(&[
        "review",
        "start",
        "m.gatehouse",
        "--name",
        "Makers Q4",
        "--reviewer",
        "Grace Kim",
        "--from-ownership",
        "--role",
        "Citizen Developer",
        "--due",
        "2026-12-31",
        "--every",
        "91",
    ]);
    assert!(out.contains("rev-makers-q4"), "{out}");
    let status = json(&cli.ok(&["review", "status", "m.gatehouse", "rev-makers-q4", "--json"]));
    let items: Vec<(&str, &str)> = status["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["item"]["assignment"].as_str().unwrap(),
                i["reviewer_name"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        items,
        [("asg-ana-cd", "Dev Patel"), ("asg-hugo-cd", "Dev Patel")]
    );
    // Hugo may not decide on his own access.
    let err = cli.fails(&[
        "review",
        "decide",
        "m.gatehouse",
        "rev-makers-q4",
        "asg-hugo-cd",
        "keep",
        "--by",
        "Hugo Silva",
    ]);
    assert!(
        err.contains("[review_self_decision]")
            && err.contains("Hugo Silva may not decide on their own access"),
        "{err}"
    );
    let err = cli.fails(&[
        "review",
        "decide",
        "m.gatehouse",
        "rev-makers-q4",
        "asg-ana-cd",
        "change",
        "--by",
        "Dev Patel",
    ]);
    assert!(
        err.contains("[review_invalid]")
            && err.contains("needs the assignment's new end date (--until YYYY-MM-DD)"),
        "{err}"
    );
    cli.ok(&[
        "review",
        "decide",
        "m.gatehouse",
        "rev-makers-q4",
        "asg-hugo-cd",
        "revoke",
        "--by",
        "Dev Patel",
        "--comment",
        "left the team",
    ]);
    cli.ok(&[
        "review",
        "decide",
        "m.gatehouse",
        "rev-makers-q4",
        "asg-ana-cd",
        "change",
        "--until",
        "2027-03-31",
        "--by",
        "Dev Patel",
    ]);
    let board = json(&cli.ok(&["review", "status", "m.gatehouse", "--json"]));
    let c = &board["campaigns"][0];
    assert_eq!(
        (
            c["review"]["id"].as_str(),
            &c["progress"]["decided"],
            &c["progress"]["total"]
        ),
        (
            Some("rev-makers-q4"),
            &serde_json::json!(2),
            &serde_json::json!(2)
        )
    );

    let out = cli.ok(&["review", "close", "m.gatehouse", "rev-makers-q4"]);
    assert!(
        out.contains("1 revoked, 1 given an end date, 0 kept, 0 undecided")
            && out.contains("next campaign scheduled: rev-makers-q4-2027-04-01"),
        "{out}"
    );
    let log = cli.ok(&["log", "m.gatehouse"]);
    assert!(
        log.contains("close access review \"rev-makers-q4\""),
        "the audit log names the campaign closed: {log}"
    );
    let after = assignments(&cli);
    let gone: Vec<&String> = before.iter().filter(|a| !after.contains(a)).collect();
    assert_eq!(gone, ["asg-hugo-cd"]);
    let model = json(&cli.ok(&["model", "export", "m.gatehouse"]));
    let ana = model["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "asg-ana-cd")
        .unwrap();
    assert_eq!(ana["valid_until"], "2027-03-31");
    let closed = model["access_reviews"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "rev-makers-q4")
        .unwrap();
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["decisions"].as_array().unwrap().len(), 2);
    assert_eq!(closed["decisions"][0]["comment"], "left the team");
    // The closing is one audit event (one batch: one undo step).
    let log = cli.ok(&["log", "m.gatehouse", "--json"]);
    let actions: Vec<String> = log
        .lines()
        .map(|l| json(l)["action"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        actions[1..],
        [
            "access_review.upsert",
            "access_review.upsert",
            "access_review.upsert",
            "model.batch"
        ]
    );
    let err = cli.fails(&[
        "review",
        "decide",
        "m.gatehouse",
        "rev-makers-q4",
        "asg-ana-cd",
        "keep",
        "--by",
        "Dev Patel",
    ]);
    assert!(err.contains("[review_closed]"), "{err}");
    let err = cli.fails(&["review", "close", "m.gatehouse", "nope"]);
    assert!(err.contains("[review_not_found]"), "{err}");
    // The next campaign of the recurrence starts with its own settings: Hugo's revoked
    // access is no longer in it.
    cli.ok(&[
        "review",
        "start",
        "m.gatehouse",
        "--scheduled",
        "rev-makers-q4-2027-04-01",
    ]);
    let next = json(&cli.ok(&[
        "review",
        "status",
        "m.gatehouse",
        "rev-makers-q4-2027-04-01",
        "--json",
    ]));
    assert_eq!(next["review"]["name"], "Makers Q4 (2027-04-01)");
    assert_eq!(next["review"]["status"], "open");
    let items: Vec<&str> = next["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["item"]["assignment"].as_str().unwrap())
        .collect();
    assert_eq!(items, ["asg-ana-cd"]);
}

#[test]
fn a_named_reviewer_s_own_assignment_stays_open_with_a_finding_and_overdue_is_a_finding() {
    let cli = Cli::new();
    cli.ok(&["init", "m.gatehouse"]);
    cli.ok(&[
        "review",
        "start",
        "m.gatehouse",
        "--name",
        "Security",
        "--reviewer",
        "Grace Kim",
        "--role",
        "Security Reviewer",
        "--due",
        "2026-12-10",
    ]);
    let err = cli.fails(&[
        "review",
        "decide",
        "m.gatehouse",
        "rev-security",
        "asg-grace-sr",
        "keep",
        "--by",
        "Grace Kim",
    ]);
    assert!(err.contains("[review_self_decision]"), "{err}");
    let codes = |at: &str| -> Vec<String> {
        let report = json(&cli.ok(&["check", "m.gatehouse", "--json", "--at", at]));
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .filter(|c| c.starts_with("review_"))
            .collect()
    };
    assert_eq!(codes("2026-12-10"), ["review_item_unreviewable"]);
    let mut late = codes("2026-12-11");
    late.sort();
    assert_eq!(late, ["review_item_unreviewable", "review_overdue"]);
    let status = cli.ok(&["review", "status", "m.gatehouse", "--at", "2026-12-11"]);
    assert!(
        status.contains("1 overdue") && status.contains("Security [open, OVERDUE]"),
        "{status}"
    );
}

#[test]
fn reviewers_decide_in_excel_and_the_decisions_read_back() {
    let cli = Cli::new();
    cli.ok(&["init", "m.gatehouse"]);
    cli.ok(&[
        "review",
        "start",
        "m.gatehouse",
        "--name",
        "Makers",
        "--reviewer",
        "Grace Kim",
        "--from-ownership",
        "--role",
        "citizen-developer",
        "--due",
        "2026-12-31",
    ]);
    let out = cli.ok(&[
        "review",
        "export",
        "m.gatehouse",
        "rev-makers",
        "review.xlsx",
    ]);
    assert!(out.contains("wrote 2 item(s)"), "{out}");
    // Read back untouched: nothing decided, nothing recorded.
    let out = cli.ok(&[
        "review",
        "import",
        "m.gatehouse",
        "rev-makers",
        "review.xlsx",
    ]);
    assert!(
        out.contains("0 decision(s) read, 2 row(s) left blank"),
        "{out}"
    );
    let err = cli.fails(&[
        "review",
        "import",
        "m.gatehouse",
        "rev-other",
        "review.xlsx",
    ]);
    assert!(err.contains("[review_import]"), "{err}");
}
