//! Drift of a generated 100,000-row actual access export (xlsx: person, role, environment,
//! status) against a model of 10,000 people, beside the import preview of the same file
//! into the same model in the same run (the goal: drift ≤ 1.5× the preview), without and
//! with recording the check in the vault.
//!
//! The model holds 99,000 of the export's assignments (every 97th ended on 2026-06-30) and
//! 1,000 the export lacks; 2% of the export's rows are not in the model, 100 name people the
//! model does not have, and every 200th row is disabled.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use gatehouse_app::drift::{self, DriftWork};
use gatehouse_app::job::{Reporter, Work};
use gatehouse_app::{FixedClock, Workbench};
use gatehouse_bench::people_named;
use gatehouse_core::*;
use gatehouse_import::{prepare, Limits, Mapping, Source};

const PEOPLE: u32 = 10_000;
const ROWS: u32 = 100_000;
const ROLES: u32 = 40;
const ENVIRONMENTS: [(&str, &str, EnvironmentKind); 3] = [
    ("development", "Development", EnvironmentKind::Development),
    ("test", "Test", EnvironmentKind::Test),
    ("production", "Production", EnvironmentKind::Production),
];

/// The export's row `r` (0-based): its person, role and environment (positions).
fn row(r: u32) -> (u32, u32, usize) {
    let person = r % PEOPLE;
    let k = r / PEOPLE;
    (person, k * 4 + person % 4, ((person + k) % 3) as usize)
}

fn file() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    fs_err::create_dir_all(&dir).unwrap();
    let path = dir.join("actual-access-100k.xlsx");
    if !path.exists() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet().set_name("Users").unwrap();
        ws.write_row(0, 0, ["Person", "Role", "Environment", "Status"])
            .unwrap();
        for r in 0..ROWS {
            let (p, role, env) = row(r);
            let person = if r % 1_000 == 999 {
                format!("Contractor {r}")
            } else {
                format!("Person {p}")
            };
            let status = if r % 200 == 7 { "Disabled" } else { "Active" };
            ws.write_row(
                r + 1,
                0,
                [
                    person.as_str(),
                    &format!("Role {role}"),
                    ENVIRONMENTS[env].1,
                    status,
                ],
            )
            .unwrap();
        }
        wb.save(&path).unwrap();
    }
    path
}

fn model() -> Model {
    let mut m = Model {
        meta: ModelMeta {
            name: "Drift benchmark".into(),
            ..ModelMeta::default()
        },
        people: people_named(PEOPLE as usize),
        ..Model::default()
    };
    m.roles = (0..ROLES)
        .map(|i| Role {
            id: format!("role-{i}"),
            name: format!("Role {i}"),
            description: String::new(),
            kind: RoleKind::Other,
        })
        .collect();
    m.environments = (ENVIRONMENTS.iter().zip(1..))
        .map(|((id, name, kind), order)| Environment {
            id: id.to_string(),
            name: name.to_string(),
            kind: *kind,
            order,
            personal: false,
        })
        .collect();
    let assignment = |n: u32, (p, role, env): (u32, u32, usize)| Assignment {
        id: format!("asg-{n:06}"),
        person: format!("p{p}"),
        role: format!("role-{role}"),
        environment: Some(ENVIRONMENTS[env].0.to_string()),
        valid_from: None,
        valid_until: n
            .is_multiple_of(97)
            .then(|| NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()),
        justification: None,
        approver: None,
    };
    // Every 50th row of the export is not in the model (unauthorised).
    m.assignments = (0..ROWS)
        .filter(|r| !r.is_multiple_of(50))
        .map(|r| assignment(r, row(r)))
        .collect();
    // The model's assignments of a role nobody holds in the export (missing).
    m.roles.push(Role {
        id: "auditor".into(),
        name: "Auditor".into(),
        description: String::new(),
        kind: RoleKind::Viewer,
    });
    m.assignments.extend((0..1_000).map(|i| Assignment {
        role: "auditor".into(),
        environment: None,
        valid_until: None,
        ..assignment(ROWS + i, (i * 10, 0, 0))
    }));
    m.canonicalize();
    validate(&m).expect("the generated model is valid");
    m
}

fn bench(c: &mut Criterion) {
    let path = file();
    let model = model();
    let at = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let limits = Limits::default();
    let drift_of = |source: Source| {
        let work = DriftWork {
            source: Arc::new(source),
            model: model.clone(),
            mapping: Mapping::default(),
            at,
        };
        let compared = work.run(Reporter::default()).unwrap();
        let findings = drift_findings(&model, &compared.drift);
        (compared.drift, findings.len())
    };
    let (d, findings) = drift_of(Source::read(&path, &limits).unwrap());
    eprintln!(
        "drift: {:?} of {} rows compared, {findings} findings",
        d.counts(),
        d.compared
    );
    let mut g = c.benchmark_group("drift_100k_xlsx_10k_people");
    g.sample_size(10);
    g.bench_function("import_preview (baseline)", |b| {
        b.iter(|| {
            let source = Source::read(&path, &limits).unwrap();
            let import = prepare(&source, &model, &Mapping::default(), &limits).unwrap();
            black_box(import.preview.assignments.len())
        })
    });
    g.bench_function("drift_with_findings", |b| {
        b.iter(|| black_box(drift_of(Source::read(&path, &limits).unwrap()).1))
    });
    // All of `gatehouse drift`'s work: the check, its findings and its audit event in the
    // vault (a workbench of the model, made once: each run adds one event).
    let clock = Arc::new(FixedClock::at("2026-12-01T09:00:00Z"));
    let mut wb =
        Workbench::create(model.clone(), &[], "for the benchmark", "bench", clock).unwrap();
    g.bench_function("drift_recorded_in_the_vault", |b| {
        b.iter(|| {
            let work = DriftWork {
                source: Arc::new(Source::read(&path, &limits).unwrap()),
                model: wb.model().clone(),
                mapping: Mapping::default(),
                at,
            };
            let compared = work.run(Reporter::default()).unwrap();
            black_box(drift::record(&mut wb, compared).unwrap().findings.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
