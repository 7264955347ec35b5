//! The pinned simulation results: for each, what it was computed on and whether the model
//! still matches, then its substance: a request's verdict and trace per gate, a deck's
//! timeline and metrics, a Monte Carlo run's percentiles per gate (with a chart), its
//! histogram, what blocked requests and who the practice waits on.

use gatehouse_core::{DeckReport, MonteCarloReport, Simulation, SimulationKind};

use super::registers::{empty, Names};
use crate::history::{currency, pinned, pinned_event, Pinned, PinnedResult};
use crate::layout::chart::{number, BarChart, Group};
use crate::layout::{Flow, Style, Table};
use crate::snapshot::Snapshot;

const SIZE: f32 = 8.5;
/// The approvers listed per Monte Carlo run, most asked first.
const LOAD_ROWS: usize = 15;

fn words(text: impl std::fmt::Display) -> String {
    text.to_string().replace('_', " ")
}

fn hours(h: f64) -> String {
    format!("{h:.2}")
}

fn percent(share: f64) -> String {
    format!("{:.1} %", share * 100.0)
}

pub(super) fn kind_title(kind: SimulationKind) -> &'static str {
    match kind {
        SimulationKind::Request => "single request",
        SimulationKind::Deck => "scenario deck",
        SimulationKind::MonteCarlo => "Monte Carlo",
    }
}

pub(super) fn simulations(flow: &mut Flow, s: &Snapshot) {
    let pins = pinned(&s.model);
    if pins.is_empty() {
        return empty(
            flow,
            "pinned simulation results (pin one with `gatehouse simulate … --pin NAME`)",
        );
    }
    let current = pins.iter().filter(|p| p.current).count();
    flow.paragraph(
        &format!(
            "{} results pinned in the model; {current} still match the model as exported. \
             Each was computed on the model whose fingerprint it gives (the model's SHA-256 \
             without its pinned results), with the seed it gives: running it again on that \
             model gives the same result.",
            pins.len()
        ),
        9.0,
        Style::Regular,
    );
    flow.space(4.0);
    let names = Names::new(&s.model);
    for p in &pins {
        pin(flow, p, &names, pinned_event(&s.events, p.pin));
    }
}

fn pin(flow: &mut Flow, p: &Pinned<'_>, names: &Names, event: Option<u64>) {
    let pin = p.pin;
    flow.heading(&format!("{} ({})", pin.name, kind_title(pin.kind)), 12.0);
    let mut t = Table::auto(&[], SIZE);
    t.row(vec!["Pin".into(), pin.id.clone()]);
    t.row(vec!["Summary".into(), pin.summary.clone()]);
    t.row(vec![
        "Computed on model".into(),
        format!("{}: {}", pin.fingerprint, currency(p.current)),
    ]);
    t.row(vec![
        "Seed".into(),
        pin.seed
            .map_or("none (the result does not draw at random)".into(), |s| {
                s.to_string()
            }),
    ]);
    t.row(vec![
        "Pinned".into(),
        format!(
            "{} by {}{}",
            pin.pinned_at.format("%Y-%m-%d %H:%M UTC"),
            pin.pinned_by,
            event.map_or(String::new(), |seq| format!(
                " (audit event {seq}: the model's revision it was kept at)"
            ))
        ),
    ]);
    flow.table(&t);
    match &p.result {
        PinnedResult::Request(sim) => request(flow, sim, names),
        PinnedResult::Deck(deck) => self::deck(flow, deck),
        PinnedResult::MonteCarlo(report) => monte_carlo(flow, report, names),
        PinnedResult::Unreadable(why) => flow.paragraph(
            &format!(
                "The result's detail cannot be read by this version of Gatehouse ({why}); \
                 the summary above is what was pinned, and data/model.json holds the result."
            ),
            9.0,
            Style::Regular,
        ),
    }
    flow.space(6.0);
}

fn request(flow: &mut Flow, sim: &Simulation, names: &Names) {
    let r = &sim.request;
    let mut t = Table::auto(&[], SIZE);
    t.row(vec!["Requester".into(), names.person(&r.requester)]);
    t.row(vec!["Asset".into(), names.asset(&r.asset)]);
    t.row(vec![
        "Promotion".into(),
        format!(
            "{} → {} on {}",
            r.from.as_deref().unwrap_or("?"),
            r.to,
            r.at.format("%Y-%m-%d %H:%M UTC")
        ),
    ]);
    t.row(vec![
        "Risk tier".into(),
        sim.tier
            .as_ref()
            .map_or("none".into(), |t| format!("{}: {}", t.name, t.why)),
    ]);
    t.row(vec!["Verdict".into(), words(sim.verdict)]);
    t.row(vec![
        "Earliest promotion".into(),
        sim.earliest
            .map_or("never, as the model stands".into(), |e| {
                e.format("%Y-%m-%d %H:%M UTC").to_string()
            }),
    ]);
    flow.table(&t);
    for gate in &sim.gates {
        let mut t = Table::auto(&["Requirement", "Outcome", "Trace"], SIZE);
        t.caption = Some(format!(
            "Gate {} ({} → {}): {}",
            gate.name,
            gate.from,
            gate.to,
            words(gate.verdict)
        ));
        let line = sim.sentences.iter().find(|x| {
            x.rule.as_ref().is_some_and(|r| {
                r.entity.kind == gatehouse_core::EntityKind::Gate && r.entity.key == gate.gate
            })
        });
        if let Some(line) = line {
            t.row(vec![
                "(the gate)".into(),
                words(gate.verdict),
                line.text.clone(),
            ]);
        }
        for step in &gate.requirements {
            t.row(vec![
                step.rule.name.clone(),
                words(step.outcome),
                step.sentence.clone(),
            ]);
        }
        flow.table(&t);
    }
    if let Some(last) = sim.sentences.last() {
        flow.paragraph(&last.text, 9.0, Style::Bold);
    }
}

fn deck(flow: &mut Flow, d: &DeckReport) {
    let m = &d.metrics;
    let mut t = Table::auto(&["Metric", "Value"], SIZE);
    t.caption = Some(format!("Metrics of the deck \"{}\"", d.name));
    t.row(vec!["Requests".into(), m.requests.to_string()]);
    t.row(vec!["Promotions".into(), m.promotions.to_string()]);
    t.row(vec![
        "Attempts blocked (unauthorised deployments avoided)".into(),
        m.blocked_attempts.to_string(),
    ]);
    t.row(vec![
        "Near misses (through only by an exception or temporary access)".into(),
        m.near_misses.to_string(),
    ]);
    t.row(vec![
        "Policy adherence".into(),
        m.policy_adherence.map_or("no promotion".into(), percent),
    ]);
    t.row(vec![
        "Mean hours to promotion".into(),
        m.mean_hours_to_promotion
            .map_or("no promotion".into(), hours),
    ]);
    t.row(vec![
        "Requests stuck at the end".into(),
        if m.stuck.is_empty() {
            "none".into()
        } else {
            m.stuck.join(", ")
        },
    ]);
    flow.table(&t);
    if !m.time_to_approval.is_empty() {
        let mut t = Table::auto(&["Gate", "Requests", "Mean hours", "Max hours"], SIZE);
        t.caption = Some("Time to approval per gate".into());
        for g in &m.time_to_approval {
            t.row(vec![
                g.gate.clone(),
                g.requests.to_string(),
                hours(g.mean_hours),
                hours(g.max_hours),
            ]);
        }
        flow.table(&t);
    }
    let mut t = Table::auto(&["#", "At", "Outcome", "What happened"], SIZE);
    t.caption = Some(format!("Timeline ({} events)", d.timeline.len()));
    for e in &d.timeline {
        t.row(vec![
            (e.index + 1).to_string(),
            e.at.format("%Y-%m-%d %H:%M").to_string(),
            words(e.result),
            e.text.clone(),
        ]);
    }
    flow.table(&t);
}

/// The chart of a run's percentiles: one group per gate and one for the whole way.
pub fn percentile_chart(r: &MonteCarloReport) -> BarChart {
    let mut groups: Vec<Group> = r
        .gates
        .iter()
        .map(|g| Group {
            label: g.name.clone(),
            values: vec![g.hours.p50, g.hours.p90, g.hours.p99],
        })
        .collect();
    if let Some(o) = &r.overall {
        groups.push(Group {
            label: "Overall (arrival to promotion)".into(),
            values: vec![o.p50, o.p90, o.p99],
        });
    }
    BarChart {
        groups,
        series: vec!["p50".into(), "p90".into(), "p99".into()],
        unit: "h".into(),
        size: 7.5,
        counts: false,
    }
}

fn histogram_chart(r: &MonteCarloReport) -> BarChart {
    BarChart {
        groups: r
            .histogram
            .iter()
            .map(|b| Group {
                label: format!("{}–{} h", number(b.from_hours), number(b.to_hours)),
                values: vec![f64::from(b.requests)],
            })
            .collect(),
        series: vec!["requests".into()],
        unit: "req.".into(),
        size: 7.0,
        counts: true,
    }
}

/// A chart with its caption, kept on one page.
pub(super) fn chart(flow: &mut Flow, caption: &str, drawn: crate::layout::chart::Drawn) {
    flow.ensure(drawn.height + 2.0 * 8.5 * 1.25);
    flow.paragraph(caption, 8.5, Style::Bold);
    flow.block(drawn.items, drawn.height);
}

fn monte_carlo(flow: &mut Flow, r: &MonteCarloReport, names: &Names) {
    let o = &r.options;
    let mut t = Table::auto(&[], SIZE);
    t.row(vec![
        "Requests drawn".into(),
        format!(
            "{} over {} days from {}, seed {}",
            o.runs,
            r.window_days,
            o.start.format("%Y-%m-%d %H:%M UTC"),
            o.seed
        ),
    ]);
    t.row(vec![
        "Promoted / blocked".into(),
        format!(
            "{} promoted, {} blocked ({} blocked)",
            r.promoted,
            r.blocked,
            percent(r.blocked_share)
        ),
    ]);
    t.row(vec![
        "Work done".into(),
        format!(
            "{} gate evaluations of {} distinct request shapes",
            r.evaluations, r.distinct_requests
        ),
    ]);
    if !r.assumed.is_empty() {
        t.row(vec!["Assumed".into(), r.assumed.join("\n")]);
    }
    flow.table(&t);

    let mut t = Table::auto(
        &[
            "Gate", "Requests", "p50 h", "p90 h", "p99 h", "Mean h", "Max h",
        ],
        SIZE,
    );
    t.caption = Some("Hours from reaching a gate to passing it".into());
    let mut rows: Vec<(String, u32, &gatehouse_core::montecarlo::Percentiles)> = r
        .gates
        .iter()
        .map(|g| (format!("{} ({})", g.name, g.gate), g.requests, &g.hours))
        .collect();
    if let Some(overall) = &r.overall {
        rows.push(("Overall (arrival to promotion)".into(), r.promoted, overall));
    }
    for (label, n, p) in rows {
        t.row(vec![
            label,
            n.to_string(),
            hours(p.p50),
            hours(p.p90),
            hours(p.p99),
            hours(p.mean),
            hours(p.max),
        ]);
    }
    flow.table(&t);
    let width = flow.content_width();
    if !r.gates.is_empty() || r.overall.is_some() {
        let drawn = percentile_chart(r).draw(flow.fonts(), width);
        chart(
            flow,
            "Percentiles per gate and overall (hours; bars p50, p90, p99 from light to dark):",
            drawn,
        );
    }
    if !r.histogram.is_empty() {
        let drawn = histogram_chart(r).draw(flow.fonts(), width * 0.8);
        chart(
            flow,
            "Histogram of the time from arrival to promotion (requests per bin; the last bin \
             also holds the longer ones):",
            drawn,
        );
    }
    if r.blocked_reasons.is_empty() {
        flow.paragraph("No request was blocked.", 9.0, Style::Regular);
    } else {
        let mut t = Table::auto(&["Gate", "Rule", "Requests", "Share", "Why"], SIZE);
        t.caption = Some("What blocked requests".into());
        for b in &r.blocked_reasons {
            t.row(vec![
                b.gate.clone(),
                b.rule.as_ref().map_or(String::new(), |x| x.name.clone()),
                b.requests.to_string(),
                percent(b.share),
                b.text.clone(),
            ]);
        }
        flow.table(&t);
    }
    let bottlenecks: Vec<String> = r
        .load
        .iter()
        .filter(|l| l.bottleneck)
        .map(|l| names.person(&l.person))
        .collect();
    flow.paragraph(
        &if bottlenecks.is_empty() {
            "Bottlenecks: none (no approver is asked on half the requests or more).".to_string()
        } else {
            format!(
                "Bottlenecks (asked on half the requests or more): {}.",
                bottlenecks.join(", ")
            )
        },
        9.0,
        Style::Regular,
    );
    if !r.load.is_empty() {
        let mut t = Table::auto(
            &["Approver", "Approvals", "Per request", "Bottleneck"],
            SIZE,
        );
        t.caption = Some(if r.load.len() > LOAD_ROWS {
            format!(
                "Approver load (the {LOAD_ROWS} most asked of {})",
                r.load.len()
            )
        } else {
            "Approver load".into()
        });
        for l in r.load.iter().take(LOAD_ROWS) {
            t.row(vec![
                names.person(&l.person),
                l.approvals.to_string(),
                format!("{:.3}", l.per_request),
                if l.bottleneck { "yes" } else { "no" }.into(),
            ]);
        }
        flow.table(&t);
    }
}
