//! Findings on a generated model of 10,000 people, 500 roles, 2,000 capabilities, 50,000
//! assignments and 200 SoD rules, and on one ten times smaller, to show how it grows.

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use gatehouse_bench::generated_model as model;
use gatehouse_core::*;

fn bench(c: &mut Criterion) {
    let at = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let mut group = c.benchmark_group("findings");
    group.sample_size(20);
    for (label, scale) in [("1k_people", 1), ("10k_people", 10)] {
        let m = model(
            1_000 * scale,
            50 * scale,
            200 * scale,
            5_000 * scale,
            20 * scale,
        );
        eprintln!("{label}: {} findings", findings(&m, at).len());
        group.bench_with_input(BenchmarkId::from_parameter(label), &m, |b, m| {
            b.iter(|| findings(m, at))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
