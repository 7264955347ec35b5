//! The workbook's Grants sheet for a generated model of 5,000 people and 100,000 grants,
//! beside bare rust_xlsxwriter writing the same cells (precomputed strings, no formats, no
//! table) in the same run; and the whole workbook of that model.

use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use gatehouse_core::*;
use gatehouse_export::{xlsx, Provenance, Section, Sheet, Snapshot};
use rust_xlsxwriter::Workbook;

const PEOPLE: usize = 5_000;
const ROLES: usize = 500;
const CAPABILITIES: usize = 200;

/// 500 roles × 200 capabilities: 100,000 grants, a tenth of them scoped to production.
fn model() -> Model {
    let mut m = Model {
        meta: ModelMeta {
            name: "Export benchmark".into(),
            ..ModelMeta::default()
        },
        ..Model::default()
    };
    m.environments = vec![Environment {
        id: "production".into(),
        name: "Production".into(),
        kind: EnvironmentKind::Production,
        order: 0,
        personal: false,
    }];
    m.people = gatehouse_bench::people_named(PEOPLE);
    m.roles = (0..ROLES)
        .map(|i| Role {
            id: format!("role-{i}"),
            name: format!("Role number {i}"),
            description: String::new(),
            kind: RoleKind::Other,
        })
        .collect();
    m.capabilities = (0..CAPABILITIES)
        .map(|i| Capability {
            id: format!("cap-{i}"),
            name: format!("Capability number {i}"),
            description: String::new(),
            action: Action::View,
            classification: None,
            environment: None,
        })
        .collect();
    let effects = [Effect::Allow, Effect::Approval, Effect::Deny];
    for r in 0..ROLES {
        for c in 0..CAPABILITIES {
            m.grants.push(Grant {
                role: format!("role-{r}"),
                capability: format!("cap-{c}"),
                environment: ((r + c) % 10 == 0).then(|| "production".to_string()),
                effect: effects[(r * 7 + c) % 3],
            });
        }
    }
    m.assignments = (0..PEOPLE)
        .map(|i| Assignment {
            id: format!("a{i}"),
            person: format!("p{i}"),
            role: format!("role-{}", i % ROLES),
            environment: None,
            valid_from: None,
            valid_until: None,
            justification: None,
            approver: None,
        })
        .collect();
    m
}

fn snapshot() -> Snapshot {
    let model = model();
    let provenance = Provenance {
        app_version: "bench".into(),
        schema_version: 0,
        model_hash: model.fingerprint(),
        chain_head: GENESIS_HASH.into(),
        event_count: 0,
        produced_by: "bench".into(),
        organization: "bench".into(),
        scope: "whole model".into(),
    };
    let as_of = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    Snapshot::new(model, Vec::new(), as_of, Section::ALL.to_vec(), provenance)
}

/// The Grants sheet's cells as strings, computed before timing: the bare writer's input.
fn cells(s: &Snapshot) -> Vec<[String; 7]> {
    let name = |list: &[(String, String)], id: &str| {
        list.iter()
            .find(|(i, _)| i == id)
            .map(|(_, n)| n.clone())
            .unwrap()
    };
    let roles: Vec<(String, String)> = s
        .model
        .roles
        .iter()
        .map(|r| (r.id.clone(), r.name.clone()))
        .collect();
    let caps: Vec<(String, String)> = s
        .model
        .capabilities
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    s.model
        .grants
        .iter()
        .map(|g| {
            [
                name(&roles, &g.role),
                name(&caps, &g.capability),
                g.environment
                    .as_ref()
                    .map_or("all environments".into(), |_| "Production".into()),
                g.effect.as_str().into(),
                g.role.clone(),
                g.capability.clone(),
                g.environment.clone().unwrap_or_default(),
            ]
        })
        .collect()
}

fn bare(rows: &[[String; 7]]) -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (col, h) in (0u16..).zip([
        "Role",
        "Capability",
        "Environment",
        "Effect",
        "Role id",
        "Capability id",
        "Environment id",
    ]) {
        ws.write_string(0, col, h).unwrap();
    }
    for (row, cells) in (1u32..).zip(rows) {
        for (col, cell) in (0u16..).zip(cells) {
            if !cell.is_empty() {
                ws.write_string(row, col, cell).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn bench(c: &mut Criterion) {
    let snap = snapshot();
    let rows = cells(&snap);
    let mut g = c.benchmark_group("xlsx");
    g.sample_size(10);
    g.bench_function("bare rust_xlsxwriter, the same 100,000 grant rows", |b| {
        b.iter(|| bare(&rows))
    });
    g.bench_function("Gatehouse Grants sheet, 100,000 grants", |b| {
        b.iter(|| xlsx::single_sheet(&snap, Sheet::Grants).unwrap())
    });
    g.bench_function(
        "Gatehouse whole workbook, 5,000 people, 100,000 grants",
        |b| b.iter(|| xlsx::workbook(&snap).unwrap()),
    );
    g.finish();
}

/// On a shared, loaded machine criterion's samples of two functions run minutes apart see
/// different loads; this runs them in alternating pairs and reports the median of the
/// per-pair ratios (and the ratio of the fastest runs), which load shifts affect far less.
fn paired(_: &mut Criterion) {
    let snap = snapshot();
    let rows = cells(&snap);
    let mut ratios = Vec::new();
    let (mut best_bare, mut best_ours) = (f64::MAX, f64::MAX);
    for _ in 0..15 {
        let t = std::time::Instant::now();
        std::hint::black_box(bare(&rows));
        let b = t.elapsed().as_secs_f64();
        let t = std::time::Instant::now();
        std::hint::black_box(xlsx::single_sheet(&snap, Sheet::Grants).unwrap());
        let o = t.elapsed().as_secs_f64();
        ratios.push(o / b);
        best_bare = best_bare.min(b);
        best_ours = best_ours.min(o);
    }
    ratios.sort_by(f64::total_cmp);
    println!(
        "xlsx/paired: Grants sheet / bare rust_xlsxwriter, median of {} pairs {:.2}x; fastest runs {:.3} s / {:.3} s = {:.2}x",
        ratios.len(),
        ratios[ratios.len() / 2],
        best_ours,
        best_bare,
        best_ours / best_bare
    );
}

criterion_group!(benches, bench, paired);
criterion_main!(benches);
