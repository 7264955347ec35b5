//! The binder (binder.pdf) of a generated model of 5,000 people: pages and time, beside
//! printpdf writing the same laid-out pages (the baseline: what the library itself costs).

use chrono::{Days, NaiveDate, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion};
use gatehouse_core::*;
use gatehouse_export::pdf::{binder_with, layout, write_pages, BinderOptions};
use gatehouse_export::{Provenance, Section, Snapshot};

/// 5,000 people, 120 roles, 200 capabilities, 1,800 grants, 6,000 assignments (a quarter
/// temporary), 150 assets with owners, 30 SoD rules, one gate: deterministic.
fn model() -> Model {
    let mut m = Model {
        meta: ModelMeta {
            name: "Binder benchmark".into(),
            ..ModelMeta::default()
        },
        ..Model::default()
    };
    m.environments = [
        ("development", EnvironmentKind::Development),
        ("test", EnvironmentKind::Test),
        ("production", EnvironmentKind::Production),
    ]
    .iter()
    .enumerate()
    .map(|(i, (id, kind))| Environment {
        id: id.to_string(),
        name: id.to_string(),
        kind: *kind,
        order: i as u32,
        personal: false,
    })
    .collect();
    m.people = (0..5_000)
        .map(|i| Person {
            id: format!("p{i:04}"),
            name: format!("Person Number {i}"),
            email: None,
            department: Some(format!("Department {}", i % 40)),
            kind: PersonKind::Business,
        })
        .collect();
    m.roles = (0..120)
        .map(|i| Role {
            id: format!("role-{i:03}"),
            name: format!("Role {i}"),
            description: format!("Does the work of team {i} and approves its changes."),
            kind: RoleKind::Other,
        })
        .collect();
    let actions = [
        Action::ModifyApp,
        Action::View,
        Action::RequestChange,
        Action::ApproveChange,
    ];
    m.capabilities = (0..200)
        .map(|i| Capability {
            id: format!("cap-{i:03}"),
            name: format!("Capability {i}"),
            description: String::new(),
            action: actions[i % actions.len()],
            classification: None,
            environment: None,
        })
        .collect();
    for r in 0..120 {
        for k in 0..15 {
            m.grants.push(Grant {
                role: format!("role-{r:03}"),
                capability: format!("cap-{:03}", (r * 37 + k * 13) % 200),
                environment: (k % 2 == 0).then(|| m.environments[k % 3].id.clone()),
                effect: [Effect::Allow, Effect::Approval, Effect::Deny][k % 3],
            });
        }
    }
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    m.assignments = (0..6_000)
        .map(|i| {
            let temporary = i % 4 == 0;
            Assignment {
                id: format!("a{i}"),
                person: format!("p{:04}", i % 5_000),
                role: format!("role-{:03}", (i * 7) % 120),
                environment: None,
                valid_from: temporary.then(|| start + Days::new((i % 300) as u64)),
                valid_until: temporary.then(|| start + Days::new((i % 300 + 60) as u64)),
                justification: temporary.then(|| "Project cover".to_string()),
                approver: Some(format!("p{:04}", (i * 13) % 5_000)),
            }
        })
        .collect();
    m.assets = (0..150)
        .map(|i| Asset {
            id: format!("asset-{i:03}"),
            name: format!("Application {i}"),
            kind: AssetKind::App,
            classification: Classification::Internal,
            criticality: Criticality::Medium,
            user_facing: i % 2 == 0,
            vetting: None,
            version: None,
            uses: Vec::new(),
            use_approvals: Vec::new(),
        })
        .collect();
    m.ownerships = (0..150)
        .map(|i| Ownership {
            asset: format!("asset-{i:03}"),
            person: format!("p{:04}", i * 31),
            kind: OwnershipKind::AppOwner,
        })
        .collect();
    m.sod_rules = (0..30)
        .map(|i| SodRule {
            id: format!("sod-{i:02}"),
            name: format!("Rule {i}"),
            description: String::new(),
            left: SodTarget::Role(format!("role-{:03}", i * 3)),
            right: SodTarget::Role(format!("role-{:03}", i * 3 + 1)),
            severity: Severity::High,
            mitigation: None,
        })
        .collect();
    m.canonicalize();
    validate(&m).expect("the generated model is valid");
    m
}

fn snapshot() -> Snapshot {
    let model = model();
    let as_of = Utc
        .with_ymd_and_hms(2026, 6, 1, 12, 0, 0)
        .single()
        .expect("time");
    let provenance = Provenance {
        app_version: "bench".into(),
        schema_version: 1,
        model_hash: model.fingerprint(),
        chain_head: "0".repeat(64),
        event_count: 0,
        produced_by: "bench".into(),
        organization: "Bench".into(),
        scope: "whole model".into(),
    };
    Snapshot::new(model, Vec::new(), as_of, Section::ALL.to_vec(), provenance)
}

fn bench(c: &mut Criterion) {
    let s = snapshot();
    let options = BinderOptions::default();
    let pages = layout(&s, &options);
    let bytes = binder_with(&s, &options).expect("binder");
    eprintln!(
        "binder: {} pages, {} bytes, {} assignments, {} findings",
        pages.len(),
        bytes.len(),
        s.model.assignments.len(),
        s.findings.len()
    );
    let mut group = c.benchmark_group("binder_5k_people");
    group.sample_size(10);
    group.bench_function("binder_pdf", |b| b.iter(|| binder_with(&s, &options)));
    group.bench_function("layout_only", |b| b.iter(|| layout(&s, &options)));
    group.bench_function("baseline_printpdf_writes_the_laid_out_pages", |b| {
        b.iter(|| write_pages(&pages, &s, &options))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
