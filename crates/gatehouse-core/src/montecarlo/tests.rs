//! Hand-checkable cases (no spread: every draw is the median), blocking, availability,
//! and determinism whatever the number of threads.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::*;
use crate::progress::Reporter;

/// Ann builds; Cy, Bo and Ed approve; Dee stewards the ledger the app uses.
fn base() -> Value {
    json!({
      "meta": {"name": "MC"},
      "people": [{"id": "ann", "name": "Ann", "kind": "citizen_developer"},
                 {"id": "bo", "name": "Bo", "kind": "it"},
                 {"id": "cy", "name": "Cy", "kind": "it"},
                 {"id": "dee", "name": "Dee", "kind": "business"},
                 {"id": "ed", "name": "Ed", "kind": "it"}],
      "roles": [{"id": "maker", "name": "Maker", "kind": "citizen_developer"},
                {"id": "approver", "name": "Approver", "kind": "approver"}],
      "environments": [{"id": "test", "name": "Test", "kind": "test", "order": 1},
                       {"id": "prod", "name": "Production", "kind": "production", "order": 2}],
      "assignments": [{"id": "a1", "person": "ann", "role": "maker"},
                      {"id": "a2", "person": "cy", "role": "approver"}],
      "assets": [{"id": "app", "name": "Claims", "kind": "app", "classification": "internal",
                  "criticality": "medium", "uses": ["ledger"]},
                 {"id": "ledger", "name": "Ledger", "kind": "data_set",
                  "classification": "confidential", "criticality": "high"}],
      "ownerships": [{"asset": "ledger", "person": "dee", "kind": "data_steward"}],
      "gates": [{"id": "g", "name": "Test to prod", "from": "test", "to": "prod",
                 "requirements": [{"type": "approval", "name": "IT sign-off", "roles": ["approver"],
                                   "count": 1, "condition": {"when": "always"}},
                                  {"type": "no_self_approval"}]}]
    })
}

fn model(v: &Value) -> Model {
    Model::from_json(&v.to_string()).expect("test model is valid")
}

fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-07T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn options(runs: u32, seed: u64) -> MonteCarloOptions {
    MonteCarloOptions {
        runs,
        seed,
        start: start(),
    }
}

/// Every approver answers in exactly `median` hours and is always reachable.
fn fixed(median: f64) -> RequestMix {
    RequestMix {
        responses: vec![ResponseProfile {
            approver: "*".into(),
            median_hours: median,
            spread: 0.0,
            availability: 1.0,
        }],
        ..RequestMix::default()
    }
}

fn run(m: &Model, mix: &RequestMix, o: &MonteCarloOptions) -> MonteCarloReport {
    monte_carlo(m, mix, o, Reporter::none(), &Sequential).expect("the run succeeds")
}

/// Chunks on `n` scoped threads, round robin: another schedule than [`Sequential`].
struct Threads(usize);

impl Parallel for Threads {
    fn map<T: Send>(&self, n: usize, f: &(dyn Fn(usize) -> T + Sync)) -> Vec<T> {
        let mut out: Vec<Option<T>> = (0..n).map(|_| None).collect();
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..self.0)
                .map(|t| {
                    scope.spawn(move || {
                        (t..n)
                            .step_by(self.0)
                            .map(|i| (i, f(i)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            for h in handles {
                for (i, v) in h.join().expect("no thread panics") {
                    out[i] = Some(v);
                }
            }
        });
        out.into_iter()
            .map(|v| v.expect("every index ran"))
            .collect()
    }
}

#[test]
fn one_approver_without_spread_takes_exactly_the_median() {
    let m = model(&base());
    let r = run(&m, &fixed(2.0), &options(1_000, 1));
    assert_eq!(r.promoted, 1_000);
    assert_eq!(r.blocked, 0);
    let o = r.overall.expect("requests got through");
    assert_eq!((o.p50, o.p90, o.p99, o.max), (2.0, 2.0, 2.0, 2.0));
    assert_eq!(r.gates.len(), 1);
    assert_eq!(r.gates[0].requests, 1_000);
    assert_eq!(r.load.len(), 1, "only Cy can approve: {:?}", r.load);
    assert_eq!(
        (r.load[0].person.as_str(), r.load[0].approvals),
        ("cy", 1_000)
    );
    assert!(r.load[0].bottleneck, "Cy approves every request");
    assert_eq!(r.evaluations, 1_000, "one gate per request");
    assert_eq!(r.histogram.iter().map(|b| b.requests).sum::<u32>(), 1_000);
}

#[test]
fn a_wait_timer_adds_its_hours_after_the_last_approval() {
    let mut v = base();
    v["gates"][0]["requirements"]
        .as_array_mut()
        .unwrap()
        .push(json!({"type": "wait_timer", "hours": 24}));
    let r = run(&model(&v), &fixed(3.0), &options(200, 1));
    let o = r.overall.unwrap();
    assert_eq!((o.p50, o.p99), (27.0, 27.0), "3 h to approve, then 24 h");
}

#[test]
fn a_quorum_waits_for_its_slowest_needed_member_and_counts_only_them() {
    let mut v = base();
    for (id, p) in [("a3", "bo"), ("a4", "ed")] {
        v["assignments"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": id, "person": p, "role": "approver"}));
    }
    v["gates"][0]["requirements"][0]["count"] = json!(2);
    let mut mix = fixed(2.0);
    mix.responses[0].spread = 0.5;
    let r = run(&model(&v), &mix, &options(3_000, 9));
    assert_eq!(r.promoted, 3_000);
    let total: u32 = r.load.iter().map(|l| l.approvals).sum();
    assert_eq!(total, 6_000, "two of the three answer each request");
    // The 2nd fastest of three log-normals is their median: its median is the median.
    let p50 = r.overall.unwrap().p50;
    assert!((1.8..2.2).contains(&p50), "p50 {p50}");
}

#[test]
fn availability_adds_a_day_per_missed_day() {
    let mut mix = fixed(2.0);
    mix.responses[0].availability = 0.5;
    let r = run(&model(&base()), &mix, &options(20_000, 3));
    let o = r.overall.unwrap();
    // Around the clock a missed day is 24 h; missed days are geometric with mean 1.
    assert!((o.mean - 26.0).abs() < 1.0, "mean {}", o.mean);
    assert_eq!(o.p50, 2.0, "half the requests find the approver at once");
}

#[test]
fn business_hours_hold_the_answer_until_the_office_opens() {
    let mut v = base();
    v["calendars"] = json!([{"id": "office", "name": "Office",
        "working_days": ["mon", "tue", "wed", "thu", "fri"],
        "opens": "09:00:00", "closes": "17:00:00"}]);
    v["gates"][0]["calendar"] = json!("office");
    // Arrivals over Saturday 2026-12-05 (one day): the office opens Monday 09:00, and one
    // working hour later Cy has answered: from 34 h (Sat 23:59) to 58 h (Sat 00:00).
    let mut mix = fixed(1.0);
    mix.window_days = Some(1);
    let mut o = options(500, 2);
    o.start = DateTime::parse_from_rfc3339("2026-12-05T00:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let r = run(&model(&v), &mix, &o);
    let s = r.overall.unwrap();
    assert!(s.max <= 58.0 && s.p50 > 34.0, "{s:?}");
    assert!(
        (s.mean - 46.0).abs() < 1.5,
        "arrivals uniform over the day: {s:?}"
    );
}

#[test]
fn a_request_nobody_may_approve_is_blocked_and_the_rule_named() {
    let mut v = base();
    // Cy is the only approver, and now also the only requester.
    v["people"][2]["kind"] = json!("citizen_developer");
    v["people"][0]["kind"] = json!("business");
    let r = run(&model(&v), &fixed(1.0), &options(100, 1));
    assert_eq!((r.blocked, r.promoted), (100, 0));
    assert_eq!(r.blocked_share, 1.0);
    assert!(r.overall.is_none());
    let reason = &r.blocked_reasons[0];
    assert_eq!(reason.gate, "g");
    assert_eq!(
        reason.rule.as_ref().map(|x| x.name.as_str()),
        Some("IT sign-off")
    );
    assert!(reason.text.contains("IT sign-off"), "{}", reason.text);
}

#[test]
fn the_same_seed_gives_the_same_json_on_one_thread_and_on_two() {
    let mut v = base();
    v["assignments"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "a3", "person": "bo", "role": "approver"}));
    v["gates"][0]["requirements"].as_array_mut().unwrap().push(
        json!({"type": "owner_approval", "owner": "data_steward", "count": 1,
                     "condition": {"when": "attribute", "value": "changes_data_mapping"}}),
    );
    let m = model(&v);
    let mix = RequestMix {
        responses: vec![ResponseProfile {
            approver: "data_steward".into(),
            median_hours: 8.0,
            spread: 1.0,
            availability: 0.7,
        }],
        ..RequestMix::default()
    };
    // More than one chunk, the last one partial.
    let o = options(CHUNK * 2 + 123, 42);
    let one = serde_json::to_string(&run(&m, &mix, &o)).unwrap();
    let two = monte_carlo(&m, &mix, &o, Reporter::none(), &Threads(2)).unwrap();
    assert_eq!(one, serde_json::to_string(&two).unwrap());
    let three = monte_carlo(&m, &mix, &o, Reporter::none(), &Threads(3)).unwrap();
    assert_eq!(one, serde_json::to_string(&three).unwrap());
    let other = run(&m, &mix, &options(CHUNK * 2 + 123, 43));
    assert_ne!(
        one,
        serde_json::to_string(&other).unwrap(),
        "another seed, other draws"
    );
}

#[test]
fn a_mix_naming_what_the_model_lacks_is_refused() {
    let m = model(&base());
    let mix = RequestMix {
        assets: vec![Share {
            id: "payroll".into(),
            share: 1.0,
        }],
        ..RequestMix::default()
    };
    let e = monte_carlo(&m, &mix, &options(10, 1), Reporter::none(), &Sequential).unwrap_err();
    assert_eq!(
        e,
        MonteCarloError::Unknown {
            kind: EntityKind::Asset,
            id: "payroll".into()
        }
    );
    let e = monte_carlo(
        &m,
        &fixed(1.0),
        &options(0, 1),
        Reporter::none(),
        &Sequential,
    );
    assert!(matches!(e, Err(MonteCarloError::Invalid(_))));
    let mut bad = fixed(1.0);
    bad.responses[0].availability = 0.0;
    let e = monte_carlo(&m, &bad, &options(10, 1), Reporter::none(), &Sequential);
    assert!(matches!(e, Err(MonteCarloError::Invalid(t)) if t.contains("availability")));
}

#[test]
fn a_cancelled_run_stops_with_cancelled() {
    let cancel = std::sync::atomic::AtomicBool::new(true);
    let report = |_: &crate::progress::Step| {};
    let e = monte_carlo(
        &model(&base()),
        &fixed(1.0),
        &options(10, 1),
        Reporter::new(&report, &cancel),
        &Sequential,
    );
    assert_eq!(e.unwrap_err(), MonteCarloError::Cancelled);
}

#[test]
fn the_report_says_what_it_assumed() {
    let r = run(&model(&base()), &RequestMix::default(), &options(10, 1));
    let text = r.assumed.join("; ");
    assert!(text.contains("28 days"), "{text}");
    assert!(text.contains("every request goes to Production"), "{text}");
    assert!(text.contains("median of 4 working hours"), "{text}");
}
