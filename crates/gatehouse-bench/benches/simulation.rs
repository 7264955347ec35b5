//! Gate simulation: Monte Carlo gate evaluations per second and 100,000 requests with their
//! percentiles, on the generic template and on the findings benchmark's large model (with
//! apps, data sets and stewards added); one request on the large model, as a facilitator
//! types. Baseline in the same run: the single-request simulation called once per request
//! (what the Monte Carlo run would cost without planning each distinct request once).

use chrono::{DateTime, Utc};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use gatehouse_core::montecarlo::{self, monte_carlo, Parallel, Sequential};
use gatehouse_core::progress::Reporter;
use gatehouse_core::*;

fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn template() -> Model {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../templates/generic-nocode/model.json"
    );
    Model::from_json(&fs_err::read_to_string(path).unwrap()).unwrap()
}

/// The findings benchmark's 10k-people model, with 50 apps each using a data set that has
/// a steward, every tenth person a citizen developer, and a steward approval at the gate.
fn large() -> Model {
    let mut m = gatehouse_bench::generated_model(10_000, 500, 2_000, 50_000, 200);
    for (i, p) in m.people.iter_mut().enumerate() {
        if i % 10 == 0 {
            p.kind = PersonKind::CitizenDeveloper;
        }
    }
    for i in 0..50 {
        m.assets.push(Asset {
            id: format!("data{i}"),
            name: format!("Data {i}"),
            kind: AssetKind::DataSet,
            classification: Classification::Confidential,
            criticality: Criticality::High,
            user_facing: false,
            vetting: None,
            version: None,
            uses: Vec::new(),
            use_approvals: Vec::new(),
        });
        m.assets.push(Asset {
            id: format!("app{i}"),
            name: format!("App {i}"),
            kind: AssetKind::App,
            classification: Classification::Internal,
            criticality: Criticality::Medium,
            user_facing: i % 2 == 0,
            vetting: None,
            version: None,
            uses: vec![format!("data{i}")],
            use_approvals: Vec::new(),
        });
        m.ownerships.push(Ownership {
            asset: format!("data{i}"),
            person: format!("p{}", i * 7 + 3),
            kind: OwnershipKind::DataSteward,
        });
    }
    m.gates[0].requirements.push(Requirement::OwnerApproval {
        owner: OwnershipKind::DataSteward,
        count: 1,
        condition: Condition::DataSensitivityAtLeast(Classification::Confidential),
        all: false,
        name: None,
    });
    m.canonicalize();
    validate(&m).expect("the large model is valid");
    m
}

/// Chunks on two scoped threads (the machine's cores), round robin.
struct TwoThreads;

impl Parallel for TwoThreads {
    fn map<T: Send>(&self, n: usize, f: &(dyn Fn(usize) -> T + Sync)) -> Vec<T> {
        let mut out: Vec<Option<T>> = (0..n).map(|_| None).collect();
        std::thread::scope(|s| {
            let hs: Vec<_> = (0..2)
                .map(|t| s.spawn(move || (t..n).step_by(2).map(|i| (i, f(i))).collect::<Vec<_>>()))
                .collect();
            for h in hs {
                for (i, v) in h.join().unwrap() {
                    out[i] = Some(v);
                }
            }
        });
        out.into_iter().map(Option::unwrap).collect()
    }
}

fn options(runs: u32) -> MonteCarloOptions {
    MonteCarloOptions {
        runs,
        seed: 7,
        start: start(),
    }
}

/// On the large model: a workshop's mix — 5 requesters, 4 apps, one week — so the distinct
/// requests to plan stay in the thousands (every request of the default mix, a thousand
/// citizen developers by fifty apps, would be planned on its own).
fn workshop_mix() -> RequestMix {
    let share = |id: String| montecarlo::Share { id, share: 1.0 };
    RequestMix {
        window_days: Some(7),
        requesters: (0..5).map(|i| share(format!("p{}", i * 10))).collect(),
        assets: (0..4).map(|i| share(format!("app{i}"))).collect(),
        ..RequestMix::default()
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("simulation");
    group.sample_size(10);
    for (label, m, mix) in [
        ("template", template(), RequestMix::default()),
        ("large", large(), workshop_mix()),
    ] {
        let r = monte_carlo(&m, &mix, &options(100_000), Reporter::none(), &TwoThreads).unwrap();
        eprintln!(
            "{label}: {} evaluations, {} distinct requests, p50/p90/p99 {:?}",
            r.evaluations,
            r.distinct_requests,
            r.overall.as_ref().map(|o| (o.p50, o.p90, o.p99))
        );
        group.throughput(Throughput::Elements(r.evaluations));
        group.bench_function(format!("monte_carlo_100k_{label}_2_threads"), |b| {
            b.iter(|| monte_carlo(&m, &mix, &options(100_000), Reporter::none(), &TwoThreads))
        });
        if label == "template" {
            group.bench_function(format!("monte_carlo_100k_{label}_1_thread"), |b| {
                b.iter(|| monte_carlo(&m, &mix, &options(100_000), Reporter::none(), &Sequential))
            });
        }
        let request = SimulationRequest {
            requester: m
                .people
                .iter()
                .find(|p| p.kind == PersonKind::CitizenDeveloper)
                .unwrap()
                .id
                .clone(),
            asset: m
                .assets
                .iter()
                .find(|a| a.kind == AssetKind::App)
                .unwrap()
                .id
                .clone(),
            from: None,
            to: "production".into(),
            attributes: vec![ChangeAttribute::UserFacing],
            at: start(),
        };
        // Baseline: the single-request simulation once per request, as Monte Carlo would
        // cost without planning each distinct request once (per request).
        group.throughput(Throughput::Elements(1));
        group.bench_function(format!("single_request_{label}"), |b| {
            b.iter(|| simulate(&m, &request).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
