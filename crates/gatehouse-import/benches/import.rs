//! A generated 100,000-row assignment list (xlsx) imported into a vault, beside a bare
//! calamine read of the same file in the same run; then the same file imported again into
//! the vault that holds it (changes nothing), and the import's edit applied to the
//! in-memory model as the workbench does. `scripts/bench_pandas.py` reads the same file
//! with pandas (written to target/bench/assignments-100k.xlsx) for BENCHMARKS.md.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use calamine::{open_workbook, Reader, Xlsx};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use gatehouse_core::{Edit, EventDraft, Model, ModelMeta};
use gatehouse_import::{prepare, Import, Limits, Mapping, Source};
use gatehouse_vault::{StoredMapping, Vault};

const ROWS: u32 = 100_000;

/// The allocator the CLI and the desktop use (see `crates/gatehouse-cli/src/main.rs`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn file() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    fs_err::create_dir_all(&dir).unwrap();
    let path = dir.join("assignments-100k.xlsx");
    if !path.exists() {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        let ws = wb.add_worksheet().set_name("Assignments").unwrap();
        for (c, h) in [
            "Person",
            "E-mail",
            "Role",
            "Environment",
            "Granted",
            "Expires",
        ]
        .iter()
        .enumerate()
        {
            ws.write(0, c as u16, *h).unwrap();
        }
        let envs = ["Development", "Test", "Production"];
        for r in 1..=ROWS {
            let person = format!("Person {r:06}");
            ws.write(r, 0, &person).unwrap();
            ws.write(r, 1, format!("person{r}@example.org")).unwrap();
            ws.write(r, 2, format!("Role {}", r % 40)).unwrap();
            ws.write(r, 3, envs[(r % 3) as usize]).unwrap();
            let granted =
                rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 1 + (r % 12) as u8, 1).unwrap();
            ws.write_with_format(r, 4, &granted, &date).unwrap();
            if r % 10 == 0 {
                let until = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 12, 31).unwrap();
                ws.write_with_format(r, 5, &until, &date).unwrap();
            }
        }
        wb.save(&path).unwrap();
    }
    path
}

fn empty() -> Model {
    Model {
        meta: ModelMeta {
            name: "bench".into(),
            ..ModelMeta::default()
        },
        ..Model::default()
    }
}

fn draft(action: &str) -> EventDraft {
    EventDraft {
        at: chrono::DateTime::parse_from_rfc3339("2026-11-27T09:00:00Z")
            .unwrap()
            .into(),
        actor: "bench".into(),
        action: action.into(),
        summary: action.into(),
        before: None,
        after: None,
    }
}

fn bench(c: &mut Criterion) {
    let path = file();
    let mut g = c.benchmark_group("assignments_100k_xlsx");
    g.sample_size(10);
    g.bench_function("calamine_bare_read", |b| {
        b.iter(|| {
            let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
            let range = wb.worksheet_range("Assignments").unwrap();
            black_box(range.get_size())
        })
    });
    g.bench_function("gatehouse_read_sheets", |b| {
        b.iter(|| {
            let bytes = fs_err::read(&path).unwrap();
            black_box(
                gatehouse_import::read_workbook("a.xlsx", &bytes, &Limits::default())
                    .unwrap()
                    .sheets
                    .len(),
            )
        })
    });
    g.bench_function("gatehouse_preview", |b| {
        let model = empty();
        b.iter(|| {
            let limits = Limits::default();
            let source = Source::read(&path, &limits).unwrap();
            let import = prepare(&source, &model, &Mapping::default(), &limits).unwrap();
            black_box(import.preview.assignments.len())
        })
    });
    g.bench_function("gatehouse_import_into_vault", |b| {
        let model = empty();
        b.iter(|| {
            let limits = Limits::default();
            let mut vault = Vault::create(&model, &[], draft("model.create")).unwrap();
            let source = Source::read(&path, &limits).unwrap();
            let import = prepare(&source, &model, &Mapping::default(), &limits).unwrap();
            let edit: Edit = import.edit().unwrap();
            vault
                .record_import(Some(&edit), &stored(&import), draft("model.import"))
                .unwrap();
            black_box(vault)
        })
    });
    let limits = Limits::default();
    let source = Source::read(&path, &limits).unwrap();
    let first = prepare(&source, &empty(), &Mapping::default(), &limits).unwrap();
    g.bench_function("gatehouse_reimport_unchanged", |b| {
        let model = first.model.clone();
        let mut vault = Vault::create(&model, &[], draft("model.create")).unwrap();
        b.iter(|| {
            let source = Source::read(&path, &limits).unwrap();
            let import = prepare(&source, &model, &Mapping::default(), &limits).unwrap();
            assert!(
                import.edit().is_none(),
                "the same file again changes nothing"
            );
            vault
                .record_import(None, &stored(&import), draft("model.import"))
                .unwrap();
            black_box(import.preview.changes.unchanged)
        })
    });
    g.bench_function("apply_import_edit_to_model", |b| {
        let edit = first.edit().unwrap();
        b.iter_batched(
            || (empty(), edit.clone()),
            |(mut model, edit)| {
                let inverse = gatehouse_core::apply(&mut model, edit).unwrap();
                black_box((model, inverse))
            },
            BatchSize::LargeInput,
        )
    });
    // What the workbench does now instead: it takes the import's model as built and only
    // works out the undo step.
    g.bench_function("import_undo_step", |b| {
        let edit = first.edit().unwrap();
        let model = empty();
        b.iter(|| black_box(gatehouse_core::inverse_of(&model, &edit).unwrap()))
    });
    g.finish();
}

fn stored(import: &Import) -> StoredMapping {
    StoredMapping {
        source: import.preview.file.clone(),
        mapping: import.preview.mapping.clone(),
        file_sha256: import.preview.sha256.clone(),
        entities: import.held.clone(),
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
