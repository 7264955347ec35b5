//! The whole audit package (binder PDF and its signature, workbook, canonical JSON, audit
//! log, bag with checksums and minisign, zip) for a generated model of 5,000 people, beside
//! writing the model's canonical JSON alone in the same run (the baseline every export
//! includes). Goal: the whole export ≤ 5 s. Results: BENCHMARKS.md.

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use gatehouse_core::progress::Reporter;
use gatehouse_core::{Action, AuditEvent, Capability, Effect, EventDraft, Grant, Model};
use gatehouse_export::package;
use gatehouse_export::sign::SigningKey;
use gatehouse_export::{Provenance, Section, Snapshot};

/// 5,000 people, 200 roles, 10,000 assignments, 500 capabilities and 100,000 grants.
fn model() -> Model {
    let mut m = gatehouse_bench::assigned_model(5_000, 200, 10_000);
    m.capabilities = (0..500)
        .map(|i| Capability {
            id: format!("cap-{i:03}"),
            name: format!("Capability {i}"),
            description: String::new(),
            action: Action::Other,
            classification: None,
            environment: None,
        })
        .collect();
    m.grants = (0..200)
        .flat_map(|r| {
            (0..500).map(move |c| Grant {
                role: format!("role-{r:03}"),
                capability: format!("cap-{c:03}"),
                environment: None,
                effect: if (r + c) % 7 == 0 {
                    Effect::Approval
                } else {
                    Effect::Allow
                },
            })
        })
        .collect();
    m.canonicalize();
    m
}

fn snapshot() -> Snapshot {
    let model = model();
    let as_of = Utc.with_ymd_and_hms(2026, 3, 31, 17, 0, 0).unwrap();
    let mut prev = gatehouse_core::GENESIS_HASH.to_string();
    let events: Vec<AuditEvent> = (1..=1_000)
        .map(|seq| {
            let draft = EventDraft {
                at: as_of,
                actor: "bench".into(),
                action: "model.grant".into(),
                summary: format!("grant {seq}"),
                before: None,
                after: None,
            };
            let e = AuditEvent::link(draft, seq, &prev);
            prev = e.hash.clone();
            e
        })
        .collect();
    let provenance = Provenance {
        app_version: "bench".into(),
        schema_version: 1,
        model_hash: model.fingerprint(),
        chain_head: prev,
        event_count: events.len() as u64,
        produced_by: "bench".into(),
        organization: "Bench".into(),
        scope: "whole model".into(),
    };
    Snapshot::new(model, events, as_of, Section::ALL.to_vec(), provenance)
}

fn bench(c: &mut Criterion) {
    let snapshot = snapshot();
    let key = SigningKey::generate("Bench", "", snapshot.as_of_date()).unwrap();
    let bag = package::build(&snapshot, &key, Reporter::none()).unwrap();
    for (name, bytes) in &bag.files {
        eprintln!("{name}: {} bytes", bytes.len());
    }
    let mut group = c.benchmark_group("export_5000_people");
    group.sample_size(10);
    group.bench_function("baseline_canonical_json", |b| {
        b.iter(|| snapshot.model.to_canonical_json().len())
    });
    group.bench_function("whole_export_zip", |b| {
        b.iter(|| {
            let bag = package::build(&snapshot, &key, Reporter::none()).unwrap();
            bag.to_zip("bench", snapshot.as_of).unwrap().len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
