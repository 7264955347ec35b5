//! The chunks' tallies merged in chunk order into the report: percentiles, blocked reasons,
//! approver load and the histogram, rounded so the JSON is stable.

use std::collections::BTreeMap;

use super::mix::Resolved;
use super::plan::Plans;
use super::timing::Tally;
use super::*;

/// Histogram bins of the overall time.
const BINS: usize = 20;

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

fn hours(x: f64) -> f64 {
    round(x, 2)
}

fn share(part: u32, whole: u32) -> f64 {
    if whole == 0 {
        0.0
    } else {
        round(f64::from(part) / f64::from(whole), 4)
    }
}

/// Nearest-rank percentile of sorted `values` (not empty).
fn rank(values: &[f64], p: f64) -> f64 {
    let n = values.len();
    let i = ((p * n as f64).ceil() as usize).clamp(1, n) - 1;
    values[i]
}

pub(super) fn percentiles(values: &mut [f64]) -> Option<Percentiles> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable_by(f64::total_cmp);
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    Some(Percentiles {
        p50: hours(rank(values, 0.5)),
        p90: hours(rank(values, 0.9)),
        p99: hours(rank(values, 0.99)),
        mean: hours(mean),
        max: hours(values[values.len() - 1]),
    })
}

/// Equal bins from 0 to the p99 of sorted `values`; the last bin also holds the longer ones.
fn histogram(values: &[f64], p99: f64) -> Vec<HistogramBin> {
    if values.is_empty() {
        return Vec::new();
    }
    let top = if p99 > 0.0 { p99 } else { 1.0 };
    let width = top / BINS as f64;
    let mut counts = [0u32; BINS];
    for v in values {
        let i = ((v / width).floor() as usize).min(BINS - 1);
        counts[i] += 1;
    }
    counts
        .iter()
        .enumerate()
        .map(|(i, c)| HistogramBin {
            from_hours: hours(width * i as f64),
            to_hours: hours(width * (i + 1) as f64),
            requests: *c,
        })
        .collect()
}

pub(super) fn report(
    model: &Model,
    mix: &Resolved,
    options: &MonteCarloOptions,
    plans: &Plans,
    tallies: Vec<Tally>,
) -> MonteCarloReport {
    let runs = options.runs;
    let mut gate_hours: Vec<Vec<f64>> = vec![Vec::new(); model.gates.len()];
    let mut overall = Vec::with_capacity(runs as usize);
    let mut blocked_by_plan: BTreeMap<u32, u32> = BTreeMap::new();
    let mut load = vec![0u32; plans.people];
    let mut evaluations = 0;
    for t in tallies {
        for (all, part) in gate_hours.iter_mut().zip(t.gate_hours) {
            all.extend(part);
        }
        overall.extend(t.overall);
        for (plan, n) in t.blocked {
            *blocked_by_plan.entry(plan).or_default() += n;
        }
        for (all, n) in load.iter_mut().zip(t.load) {
            *all += n;
        }
        evaluations += t.evaluations;
    }

    // Blocked requests by the sentence that blocks them (the rule and the entity).
    let mut reasons: BTreeMap<(String, String), (Option<RuleRef>, u32)> = BTreeMap::new();
    let mut blocked = 0;
    for (plan, n) in blocked_by_plan {
        blocked += n;
        if let Some(b) = &plans.plans[plan as usize].block {
            let e = reasons
                .entry((b.gate.clone(), b.text.clone()))
                .or_insert_with(|| (b.rule.clone(), 0));
            e.1 += n;
        }
    }
    let mut blocked_reasons: Vec<BlockedReason> = reasons
        .into_iter()
        .map(|((gate, text), (rule, n))| BlockedReason {
            gate,
            rule,
            text,
            requests: n,
            share: share(n, runs),
        })
        .collect();
    blocked_reasons.sort_by(|a, b| b.requests.cmp(&a.requests).then(a.text.cmp(&b.text)));

    let gates = model
        .gates
        .iter()
        .zip(gate_hours.iter_mut())
        .filter_map(|(g, values)| {
            let requests = values.len() as u32;
            percentiles(values).map(|hours| GateTimes {
                gate: g.id.clone(),
                name: g.name.clone(),
                requests,
                hours,
            })
        })
        .collect();

    let mut people: Vec<ApproverLoad> = load
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(i, n)| ApproverLoad {
            person: model.people[i].id.clone(),
            name: model.people[i].name.clone(),
            approvals: *n,
            per_request: share(*n, runs),
            bottleneck: u64::from(*n) * 2 >= u64::from(runs),
        })
        .collect();
    people.sort_by(|a, b| b.approvals.cmp(&a.approvals).then(a.person.cmp(&b.person)));

    let promoted = overall.len() as u32;
    let summary = percentiles(&mut overall);
    let histogram = summary
        .as_ref()
        .map(|s| histogram(&overall, s.p99))
        .unwrap_or_default();
    MonteCarloReport {
        options: options.clone(),
        window_days: mix.window_days,
        assumed: mix.assumed.clone(),
        promoted,
        blocked,
        blocked_share: share(blocked, runs),
        overall: summary,
        gates,
        blocked_reasons,
        load: people,
        histogram,
        evaluations,
        distinct_requests: plans.plans.len() as u32,
    }
}
