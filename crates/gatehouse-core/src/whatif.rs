//! What-if: the same simulation (one request, a deck or a Monte Carlo run) on the model and
//! on a variant of it, and what differs between the two, as a list of differences each
//! naming what it is about. Pure; the hosts choose the variant (unsaved edits, another
//! vault or model).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

#[cfg(feature = "ts")]
use ts_rs::TS;

use crate::deck::DeckReport;
use crate::montecarlo::{MonteCarloReport, Percentiles};
use crate::simulate::{GateStep, Simulation};

/// One thing that differs: what it is (in words, naming the gate, requirement or person),
/// and its value on each side ("—" where a side has none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct Difference {
    /// The gate the difference is at, if any (its id).
    pub gate: Option<String>,
    pub what: String,
    pub base: String,
    pub variant: String,
}

/// Both sides of a what-if and what differs (empty: the variant changes nothing here).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(TS))]
pub struct WhatIf<T> {
    pub base: T,
    pub variant: T,
    pub differences: Vec<Difference>,
}

const NONE: &str = "—";

struct Diffs(Vec<Difference>);

impl Diffs {
    fn check(&mut self, gate: Option<&str>, what: impl Into<String>, a: String, b: String) {
        if a != b {
            self.0.push(Difference {
                gate: gate.map(str::to_string),
                what: what.into(),
                base: a,
                variant: b,
            });
        }
    }
}

fn opt<T: ToString>(x: Option<T>) -> String {
    x.map_or_else(|| NONE.to_string(), |x| x.to_string())
}

fn set(items: &[String]) -> String {
    if items.is_empty() {
        "nobody".into()
    } else {
        items.join(", ")
    }
}

/// What differs between two traces of the same request.
pub fn simulation_differences(a: &Simulation, b: &Simulation) -> Vec<Difference> {
    let mut d = Diffs(Vec::new());
    d.check(
        None,
        "verdict",
        a.verdict.to_string(),
        b.verdict.to_string(),
    );
    d.check(
        None,
        "earliest promotion",
        opt(a.earliest.map(|t| t.format("%Y-%m-%d %H:%M UTC"))),
        opt(b.earliest.map(|t| t.format("%Y-%m-%d %H:%M UTC"))),
    );
    d.check(
        None,
        "risk tier",
        opt(a.tier.as_ref().map(|t| t.name.clone())),
        opt(b.tier.as_ref().map(|t| t.name.clone())),
    );
    let key = |g: &GateStep| (g.from.clone(), g.to.clone(), g.gate.clone());
    let ga: BTreeMap<_, &GateStep> = a.gates.iter().map(|g| (key(g), g)).collect();
    let gb: BTreeMap<_, &GateStep> = b.gates.iter().map(|g| (key(g), g)).collect();
    let keys: BTreeSet<_> = ga.keys().chain(gb.keys()).cloned().collect();
    for k in keys {
        let gate = Some(k.2.as_str()).filter(|g| !g.is_empty());
        match (ga.get(&k), gb.get(&k)) {
            (Some(x), Some(y)) => gate_differences(&mut d, x, y),
            (x, y) => {
                let name = x.or(y).map(|g| g.name.clone()).unwrap_or_default();
                d.check(
                    gate,
                    format!("gate \"{name}\""),
                    opt(x.map(|g| g.verdict)),
                    opt(y.map(|g| g.verdict)),
                );
            }
        }
    }
    d.0
}

fn gate_differences(d: &mut Diffs, a: &GateStep, b: &GateStep) {
    let gate = Some(a.gate.as_str()).filter(|g| !g.is_empty());
    let name = &a.name;
    d.check(
        gate,
        format!("\"{name}\": verdict"),
        a.verdict.to_string(),
        b.verdict.to_string(),
    );
    d.check(
        gate,
        format!("\"{name}\": earliest"),
        opt(a.earliest.map(|t| t.format("%Y-%m-%d %H:%M UTC"))),
        opt(b.earliest.map(|t| t.format("%Y-%m-%d %H:%M UTC"))),
    );
    let ra: BTreeMap<&str, _> = a
        .requirements
        .iter()
        .map(|r| (r.rule.name.as_str(), r))
        .collect();
    let rb: BTreeMap<&str, _> = b
        .requirements
        .iter()
        .map(|r| (r.rule.name.as_str(), r))
        .collect();
    let names: BTreeSet<&str> = ra.keys().chain(rb.keys()).copied().collect();
    for n in names {
        match (ra.get(n), rb.get(n)) {
            (Some(x), Some(y)) => {
                d.check(
                    gate,
                    format!("\"{name}\", {n}: outcome"),
                    x.outcome.to_string(),
                    y.outcome.to_string(),
                );
                let people = |r: &crate::simulate::RequirementStep| {
                    let mut all: Vec<String> =
                        r.groups.iter().flat_map(|g| g.eligible.clone()).collect();
                    all.sort();
                    all.dedup();
                    all
                };
                d.check(
                    gate,
                    format!("\"{name}\", {n}: eligible"),
                    set(&people(x)),
                    set(&people(y)),
                );
                let needed = |r: &crate::simulate::RequirementStep| {
                    r.groups.iter().map(|g| g.needed).sum::<u32>()
                };
                d.check(
                    gate,
                    format!("\"{name}\", {n}: approvals needed"),
                    needed(x).to_string(),
                    needed(y).to_string(),
                );
            }
            (x, y) => d.check(
                gate,
                format!("\"{name}\", {n}"),
                opt(x.map(|r| r.outcome)),
                opt(y.map(|r| r.outcome)),
            ),
        }
    }
}

/// What differs between two plays of the same deck: each event's result, and the metrics.
pub fn deck_differences(a: &DeckReport, b: &DeckReport) -> Vec<Difference> {
    let mut d = Diffs(Vec::new());
    let n = a.timeline.len().max(b.timeline.len());
    for i in 0..n {
        let (x, y) = (a.timeline.get(i), b.timeline.get(i));
        d.check(
            None,
            format!("event {}", i + 1),
            opt(x.map(|e| format!("{}: {}", e.result, e.text))),
            opt(y.map(|e| format!("{}: {}", e.result, e.text))),
        );
    }
    let (ma, mb) = (&a.metrics, &b.metrics);
    d.check(
        None,
        "promotions",
        ma.promotions.to_string(),
        mb.promotions.to_string(),
    );
    d.check(
        None,
        "unauthorised deployments avoided",
        ma.blocked_attempts.to_string(),
        mb.blocked_attempts.to_string(),
    );
    d.check(
        None,
        "near-misses",
        ma.near_misses.to_string(),
        mb.near_misses.to_string(),
    );
    d.check(
        None,
        "policy adherence",
        opt(ma.policy_adherence.map(|x| format!("{:.0}%", x * 100.0))),
        opt(mb.policy_adherence.map(|x| format!("{:.0}%", x * 100.0))),
    );
    d.check(
        None,
        "mean hours to promotion",
        opt(ma.mean_hours_to_promotion.map(|h| format!("{h:.1}"))),
        opt(mb.mean_hours_to_promotion.map(|h| format!("{h:.1}"))),
    );
    d.check(None, "stuck", set(&ma.stuck), set(&mb.stuck));
    let ta: BTreeMap<&str, _> = ma
        .time_to_approval
        .iter()
        .map(|g| (g.gate.as_str(), g))
        .collect();
    let tb: BTreeMap<&str, _> = mb
        .time_to_approval
        .iter()
        .map(|g| (g.gate.as_str(), g))
        .collect();
    for g in ta.keys().chain(tb.keys()).collect::<BTreeSet<_>>() {
        d.check(
            Some(g),
            "mean hours to approval",
            opt(ta.get(g).map(|x| format!("{:.1}", x.mean_hours))),
            opt(tb.get(g).map(|x| format!("{:.1}", x.mean_hours))),
        );
    }
    d.0
}

fn percentiles(
    d: &mut Diffs,
    gate: Option<&str>,
    what: &str,
    a: Option<&Percentiles>,
    b: Option<&Percentiles>,
) {
    for (name, f) in [
        ("p50", (|p: &Percentiles| p.p50) as fn(&Percentiles) -> f64),
        ("p90", |p| p.p90),
        ("p99", |p| p.p99),
    ] {
        d.check(
            gate,
            format!("{what} {name} (hours)"),
            opt(a.map(|p| format!("{:.2}", f(p)))),
            opt(b.map(|p| format!("{:.2}", f(p)))),
        );
    }
}

/// What differs between two Monte Carlo runs of the same mix and seed.
pub fn monte_carlo_differences(a: &MonteCarloReport, b: &MonteCarloReport) -> Vec<Difference> {
    let mut d = Diffs(Vec::new());
    d.check(
        None,
        "promoted",
        a.promoted.to_string(),
        b.promoted.to_string(),
    );
    d.check(
        None,
        "blocked",
        format!("{} ({:.1}%)", a.blocked, a.blocked_share * 100.0),
        format!("{} ({:.1}%)", b.blocked, b.blocked_share * 100.0),
    );
    percentiles(
        &mut d,
        None,
        "overall",
        a.overall.as_ref(),
        b.overall.as_ref(),
    );
    let ga: BTreeMap<&str, _> = a.gates.iter().map(|g| (g.gate.as_str(), g)).collect();
    let gb: BTreeMap<&str, _> = b.gates.iter().map(|g| (g.gate.as_str(), g)).collect();
    for g in ga.keys().chain(gb.keys()).collect::<BTreeSet<_>>() {
        let name = ga
            .get(g)
            .or(gb.get(g))
            .map(|x| x.name.clone())
            .unwrap_or_default();
        percentiles(
            &mut d,
            Some(g),
            &format!("\"{name}\""),
            ga.get(g).map(|x| &x.hours),
            gb.get(g).map(|x| &x.hours),
        );
    }
    let ba: BTreeMap<&str, u32> = a
        .blocked_reasons
        .iter()
        .map(|r| (r.text.as_str(), r.requests))
        .collect();
    let bb: BTreeMap<&str, u32> = b
        .blocked_reasons
        .iter()
        .map(|r| (r.text.as_str(), r.requests))
        .collect();
    for t in ba.keys().chain(bb.keys()).collect::<BTreeSet<_>>() {
        d.check(
            None,
            format!("blocked by: {t}"),
            opt(ba.get(t)),
            opt(bb.get(t)),
        );
    }
    let la: BTreeMap<&str, _> = a
        .load
        .iter()
        .map(|l| (l.name.as_str(), l.approvals))
        .collect();
    let lb: BTreeMap<&str, _> = b
        .load
        .iter()
        .map(|l| (l.name.as_str(), l.approvals))
        .collect();
    for p in la.keys().chain(lb.keys()).collect::<BTreeSet<_>>() {
        d.check(
            None,
            format!("approvals by {p}"),
            opt(la.get(p)),
            opt(lb.get(p)),
        );
    }
    d.0
}
