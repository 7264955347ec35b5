//! The diff of two versions of the large generated model (10,000 people, 50,000
//! assignments, 10,000 grants): 500 assignments changed, 100 grants removed, 100 people
//! added. Baseline in the same run: writing both models as canonical JSON, the first step
//! of any diff of two `model.json` exports.

use criterion::{criterion_group, criterion_main, Criterion};
use gatehouse_bench::generated_model;
use gatehouse_core::*;

fn next_version(m: &Model) -> Model {
    let mut next = m.clone();
    for a in next.assignments.iter_mut().step_by(100) {
        a.justification = Some("reviewed".into());
    }
    next.grants
        .retain(|g| !g.role.ends_with('7') || g.effect != Effect::Deny);
    let removed = m.grants.len() - next.grants.len();
    next.people.extend((0..100).map(|i| Person {
        id: format!("new{i}"),
        name: format!("New person {i}"),
        email: None,
        department: None,
        kind: PersonKind::It,
    }));
    next.canonicalize();
    eprintln!(
        "diff: {} entities differ ({removed} grants removed)",
        diff(m, &next).entities.len()
    );
    next
}

fn bench(c: &mut Criterion) {
    let a = generated_model(10_000, 500, 2_000, 50_000, 200);
    let b = next_version(&a);
    let mut group = c.benchmark_group("diff_large_model");
    group.sample_size(20);
    group.bench_function("canonical_json_of_both (baseline)", |bench| {
        bench.iter(|| (a.to_canonical_json().len(), b.to_canonical_json().len()))
    });
    group.bench_function("diff", |bench| bench.iter(|| diff(&a, &b)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
